"""Answers files (`quiz --answers`): an `ask` that answers the quiz flow from a file's data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from skillcheck.errors import SUGGESTIONS, SkillcheckError, did_you_mean
from skillcheck.invoked import command
from skillcheck.measure.flow import StepView
from skillcheck.measure.quizplan import GoalStep, QuizPlan, RateStep
from skillcheck.wording import counted


@dataclass
class FileAnswers:
    """An `ask` that answers from an answers file; it notes the questions the file leaves blank."""

    ratings: dict[str, int]
    answers: dict[str, str]
    unanswered: list[str] = field(default_factory=list)
    goal: str | None = None  # the file's `goal:` (a path id); none: not sure, compare them all

    def __call__(self, view: StepView) -> str:
        step = view.step
        if isinstance(step, GoalStep):
            return self.goal or "0"
        if isinstance(step, RateStep):
            level = self.ratings.get(step.skill.id)
            return "s" if level is None else str(level)
        letter = self.answers.get(step.question.id)
        if letter is None:
            self.unanswered.append(step.question.id)
            return "s"
        # The file names options in file order; the flow reads what was typed in shown order.
        shown = step.question.shown_letter(letter, step.order)
        return letter if shown is None else shown  # "i" passes through


ANSWERS_FILE_KEYS = ("goal", "ratings", "answers")


def answers_from_mapping(plan: QuizPlan, data: object, source: str) -> FileAnswers:
    """An `ask` that answers from an answers file's data; every problem is reported at once.

    The file holds `ratings: {skill-id: level}` and `answers: {question-id: letter}`, letters
    naming options in the taxonomy file's order whatever order they would be shown in. A blank
    or missing rating skips the skill, and a blank or missing answer the question, as `s` would.
    A file that rates nothing is refused: it would be stored as a real assessment of nothing.
    """
    if not isinstance(data, dict):
        raise SkillcheckError(
            f"{source}: an answers file is a mapping with 'ratings' (skill id: level) and "
            "'answers' (question id: letter); see README.md, 'Answers files', or write one "
            f"with `{command('quiz --template')} > answers.yaml`."
        )
    problems: list[str] = [
        f"{key}: unknown key{did_you_mean(str(key), ANSWERS_FILE_KEYS)}; an answers file has only "
        "'goal', 'ratings' and 'answers'"
        for key in data
        if key not in ANSWERS_FILE_KEYS
    ]
    ratings = data.get("ratings") or {}
    answers = data.get("answers") or {}
    goal = data.get("goal")
    path_ids = [career.id for career in plan.taxonomy.paths]
    if goal is not None and goal not in path_ids:
        problems.append(
            f"goal: unknown career path {goal!r}{did_you_mean(str(goal), path_ids)}; one of: {', '.join(path_ids)}"
        )
    if not isinstance(ratings, dict) or not isinstance(answers, dict):
        raise SkillcheckError(f"{source}: 'ratings' and 'answers' must each be a mapping.")
    taxonomy = plan.taxonomy
    skills = taxonomy.skills_by_id
    names = {skill.id: skill.name for skill in taxonomy.skills}
    questions = {q.id: q for s in taxonomy.skills for q in s.questions}
    top = taxonomy.top_level
    suggested = 0

    def hint(word: object, known: Iterable[str], by_name: dict[str, str] | None = None) -> str:
        nonlocal suggested
        suggested += 1
        return did_you_mean(str(word), known, by_name) if suggested <= SUGGESTIONS else ""

    for skill_id, level in ratings.items():
        if skill_id not in skills:
            problems.append(f"ratings.{skill_id}: unknown skill '{skill_id}'{hint(skill_id, skills, names)}")
        elif level is not None and (isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= top):
            problems.append(f"ratings.{skill_id}: level must be a whole number from 0 to {top}, not {level!r}")
    for question_id, letter in answers.items():
        if question_id not in questions:
            problems.append(f"answers.{question_id}: unknown question '{question_id}'{hint(question_id, questions)}")
            continue
        question = questions[question_id]
        if letter is None:
            continue
        if not isinstance(letter, str) or (question.option(letter.lower()) is None and letter.lower() != "i"):
            problems.append(
                f"answers.{question_id}: answer must be one letter from a to {question.letters[-1]} "
                f"(or i for I don't know), not {letter!r}"
            )
    if not problems and not any(level is not None for level in ratings.values()):
        problems.append(
            "ratings: no skill is rated, so there is nothing to assess; rate at least one "
            f"(`{command('quiz --template')}` writes a file with every skill)"
        )
    if problems:
        raise SkillcheckError(
            f"{source}: {counted(len(problems), 'problem')}; nothing was stored:\n  " + "\n  ".join(problems)
        )
    return FileAnswers(
        {str(k): v for k, v in ratings.items() if v is not None},
        {str(k): v.lower() for k, v in answers.items() if v is not None},
        goal=goal,
    )
