"""The quiz as a pure flow: which step comes next follows from the answers given so far.

Because the next step is derived, never stored, a saved draft resumes exactly where it
stopped, "back" is just dropping the last answer, and an answers file runs through the very
same flow as a person at a terminal. The flow never prints: it hands a `StepView` to an `ask`
callable and gets the raw text typed back.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from skillcheck.errors import ExitCode, SkillcheckError
from skillcheck.models import OPTION_LETTERS, Answer, Assessment, Check, Question, Rating, Skill, Taxonomy, TaxonomyRef

# Rough time a person spends per prompt, for the "time left" estimate; reading four level
# descriptions takes about as long as one short question.
SECONDS_PER_RATING = 10
SECONDS_PER_CHECK = 15
# In --quick mode one rated skill in this many gets a knowledge check.
QUICK_CHECK_EVERY = 4

BACK_KEYS = ("<", "back")
HELP_KEYS = ("?", "h", "help")
SKIP_KEYS = ("s", "skip")
QUIT_KEYS = ("q", "quit")


@dataclass(frozen=True)
class Plan:
    """What one quiz asks: the skills in order, and how thoroughly to check them."""

    taxonomy: Taxonomy
    skills: tuple[Skill, ...]
    paths: tuple[str, ...]
    quick: bool


def make_plan(taxonomy: Taxonomy, path_ids: list[str] | tuple[str, ...] = (), *, quick: bool = False) -> Plan:
    """Skills area by area; with `path_ids`, only the skills those paths require."""
    known = {career.id for career in taxonomy.paths}
    unknown = [p for p in path_ids if p not in known]
    if unknown:
        raise SkillcheckError(
            f"unknown career path {', '.join(repr(p) for p in unknown)}; the taxonomy has: {', '.join(sorted(known))}."
        )
    wanted: set[str] | None = None
    if path_ids:
        wanted = {req.skill for p in path_ids for req in taxonomy.path(p).requires}
    area_order = {area.id: index for index, area in enumerate(taxonomy.areas)}
    skills = [s for s in taxonomy.skills if wanted is None or s.id in wanted]
    skills.sort(key=lambda s: area_order.get(s.area, len(area_order)))  # stable: file order within an area
    return Plan(taxonomy, tuple(skills), tuple(path_ids), quick)


@dataclass(frozen=True)
class RateStep:
    skill: Skill


@dataclass(frozen=True)
class CheckStep:
    skill: Skill
    question: Question


Step = RateStep | CheckStep


@dataclass(frozen=True)
class Progress:
    skill_number: int  # 1-based position of the current skill in the plan
    skill_total: int
    area: str
    seconds_left: int


def _pick_question(skill: Skill, at_most: int, asked: set[str]) -> Question | None:
    """The not-yet-asked question probing the highest level at or below `at_most`."""
    candidates = [q for q in skill.questions if q.level <= at_most and q.id not in asked]
    return max(candidates, key=lambda q: q.level, default=None)


def _next_check(plan: Plan, skill: Skill, level: int, checks: list[Check], quick_turn: bool) -> Question | None:
    """Adaptive checking of a claimed `level`.

    Probe the claimed level; after a miss, probe one level lower, and so on until a pass.
    In a full quiz a pass at the claimed level earns one "stretch" check a level above it,
    the only way to notice that someone rates themselves too low. --quick asks one check in
    QUICK_CHECK_EVERY rated skills and never follows up.
    """
    if level <= 0 or (plan.quick and not quick_turn):
        return None
    asked = {c.question for c in checks}
    if not checks:
        return _pick_question(skill, level, asked)
    if plan.quick:
        return None
    last = checks[-1]
    if last.level > level:  # the stretch check was the last word
        return None
    if last.correct:
        if len(checks) == 1 and last.level == level:
            return next((q for q in skill.questions if q.level == level + 1 and q.id not in asked), None)
        return None
    return _pick_question(skill, last.level - 1, asked)


def _walk(plan: Plan, answers: tuple[Answer, ...]) -> tuple[Step | None, int]:
    """The next step, and the index in the plan of the skill it belongs to."""
    ratings: dict[str, int | None] = {}
    checks: dict[str, list[Check]] = {}
    for answer in answers:
        if isinstance(answer, Rating):
            ratings[answer.skill] = answer.level
        else:
            checks.setdefault(answer.skill, []).append(answer)
    rated_so_far = 0
    for index, skill in enumerate(plan.skills):
        if skill.id not in ratings:
            return RateStep(skill), index
        level = ratings[skill.id] or 0
        quick_turn = rated_so_far % QUICK_CHECK_EVERY == 0
        if level > 0:
            rated_so_far += 1
        question = _next_check(plan, skill, level, checks.get(skill.id, []), quick_turn)
        if question is not None:
            return CheckStep(skill, question), index
    return None, len(plan.skills)


def next_step(plan: Plan, answers: tuple[Answer, ...]) -> Step | None:
    """What to ask next given the answers so far; None when the quiz is complete."""
    return _walk(plan, answers)[0]


def progress(plan: Plan, answers: tuple[Answer, ...]) -> Progress:
    step, index = _walk(plan, answers)
    remaining_skills = len(plan.skills) - index - (0 if isinstance(step, RateStep) else 1)
    # A full quiz averages about 1.8 checks per skill: the first, then a stretch or a follow-up.
    checks_per_skill = 1 / QUICK_CHECK_EVERY if plan.quick else 1.8
    seconds = remaining_skills * (SECONDS_PER_RATING + checks_per_skill * SECONDS_PER_CHECK)
    if isinstance(step, CheckStep):
        seconds += SECONDS_PER_CHECK
    area = step.skill.area if step is not None else ""
    area_name = next((a.name for a in plan.taxonomy.areas if a.id == area), area)
    return Progress(
        skill_number=min(index + 1, len(plan.skills)),
        skill_total=len(plan.skills),
        area=area_name,
        seconds_left=round(seconds),
    )


def estimate_minutes(plan: Plan) -> int:
    return max(1, round(progress(plan, ()).seconds_left / 60))


# --- interpreting what was typed -------------------------------------------------------------


@dataclass(frozen=True)
class Give:
    answer: Answer


@dataclass(frozen=True)
class Back:
    pass


@dataclass(frozen=True)
class Quit:
    pass


@dataclass(frozen=True)
class Notice:
    """Not an answer: show `text` (a hint or the help) and ask again."""

    text: str
    invalid: bool


Action = Give | Back | Quit | Notice


def keys_help(top_level: int) -> str:
    return (
        f"Keys: 0-{top_level} rate yourself · a, b, c, ... pick an answer · s skip · "
        "< go back one step (b also works at a rating prompt) · ? help · q save and quit"
    )


def interpret(step: Step, typed: str, *, top_level: int) -> Action:
    """Turn raw typed text into an action; anything unclear becomes a one-line hint."""
    text = typed.strip().lower()
    if text in HELP_KEYS:
        return Notice(keys_help(top_level), invalid=False)
    if text in QUIT_KEYS:
        return Quit()
    # At a check prompt "b" is an option letter, so "back" there is only "<".
    if text in BACK_KEYS or (text == "b" and isinstance(step, RateStep)):
        return Back()
    if isinstance(step, RateStep):
        if text in SKIP_KEYS:
            return Give(Rating(skill=step.skill.id, level=None))
        if text.isdigit() and len(text) == 1 and int(text) <= top_level:
            return Give(Rating(skill=step.skill.id, level=int(text)))
        return Notice(f"Type a digit from 0 to {top_level} for your level (or ? for help).", invalid=True)
    question = step.question
    letters = OPTION_LETTERS[: len(question.options)]
    if text in SKIP_KEYS:
        return Give(Check(skill=step.skill.id, question=question.id, level=question.level, choice=None, correct=False))
    if len(text) == 1 and text in letters:
        choice = letters.index(text)
        return Give(
            Check(
                skill=step.skill.id,
                question=question.id,
                level=question.level,
                choice=text,
                correct=question.options[choice].correct,
            )
        )
    return Notice(f"Type one letter from a to {letters[-1]} for your answer (or ? for help).", invalid=True)


# --- running it --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepView:
    """Everything a front end needs to show one prompt."""

    step: Step
    progress: Progress
    notice: str | None
    invalid: bool


class QuizStopped(SkillcheckError):  # noqa: N818 - a way of leaving, not a failure
    """The person chose to save and quit; the draft holds every answer."""

    def __init__(self, assessment: Assessment) -> None:
        super().__init__("quiz saved; run `skillcheck quiz` to continue where you left off.", exit_code=ExitCode.OK)
        self.assessment = assessment


def now_iso() -> str:
    # Microseconds: assessments taken within one second must still sort in order.
    return datetime.now(UTC).isoformat(timespec="microseconds")


def new_assessment(plan: Plan, ref: TaxonomyRef, *, clock: Callable[[], str] = now_iso) -> Assessment:
    return Assessment(
        id=uuid.uuid4().hex,
        started_at=clock(),
        taxonomy=ref,
        paths=plan.paths,
        quick=plan.quick,
        skills=tuple(skill.id for skill in plan.skills),
    )


def run(
    plan: Plan,
    assessment: Assessment,
    ask: Callable[[StepView], str],
    save: Callable[[Assessment], None],
    *,
    max_invalid: int | None = None,
    clock: Callable[[], str] = now_iso,
) -> Assessment:
    """Ask until the plan is done; `save` gets the assessment after every change.

    Returns the completed assessment (with `taken_at` set). Raises QuizStopped on "q", and
    lets KeyboardInterrupt and EOFError from `ask` through: each answer is saved already.
    `max_invalid` bounds invalid answers in a row (for input that is not a person).
    """
    top = plan.taxonomy.top_level
    notice: str | None = None
    invalid_in_row = 0
    while (step := next_step(plan, assessment.answers)) is not None:
        typed = ask(StepView(step, progress(plan, assessment.answers), notice, invalid_in_row > 0))
        action = interpret(step, typed, top_level=top)
        notice = None
        if isinstance(action, Notice):
            notice = action.text
            invalid_in_row = invalid_in_row + 1 if action.invalid else 0
            if max_invalid is not None and invalid_in_row >= max_invalid:
                raise SkillcheckError(
                    f"{invalid_in_row} invalid answers in a row; stopping. Every earlier answer is "
                    "saved: run `skillcheck quiz` to continue."
                )
            continue
        invalid_in_row = 0
        if isinstance(action, Quit):
            raise QuizStopped(assessment)
        if isinstance(action, Back):
            if not assessment.answers:
                notice = "This is the first question; there is nothing to go back to."
                continue
            assessment = assessment.model_copy(update={"answers": assessment.answers[:-1]})
        else:
            assessment = assessment.model_copy(update={"answers": (*assessment.answers, action.answer)})
        save(assessment)
    return assessment.model_copy(update={"taken_at": clock()})


# --- answers files -----------------------------------------------------------------------------


def answers_from_mapping(plan: Plan, data: object, source: str) -> Callable[[StepView], str]:
    """An `ask` that answers from an answers file's data; every problem is reported at once.

    The file holds `ratings: {skill-id: level}` and `answers: {question-id: letter}`. A skill
    without a rating is skipped, and so is a question without an answer, as `s` would.
    """
    problems: list[str] = []
    if not isinstance(data, dict) or not set(data) <= {"ratings", "answers"}:
        raise SkillcheckError(
            f"{source}: an answers file is a mapping with 'ratings' (skill id: level) and "
            "'answers' (question id: letter); see README.md, 'Answers files'."
        )
    ratings = data.get("ratings") or {}
    answers = data.get("answers") or {}
    if not isinstance(ratings, dict) or not isinstance(answers, dict):
        raise SkillcheckError(f"{source}: 'ratings' and 'answers' must each be a mapping.")
    taxonomy = plan.taxonomy
    skills = taxonomy.skills_by_id
    questions = {q.id: q for s in taxonomy.skills for q in s.questions}
    top = taxonomy.top_level
    for skill_id, level in ratings.items():
        if skill_id not in skills:
            problems.append(f"ratings.{skill_id}: unknown skill '{skill_id}'")
        elif isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= top:
            problems.append(f"ratings.{skill_id}: level must be a whole number from 0 to {top}, not {level!r}")
    for question_id, letter in answers.items():
        if question_id not in questions:
            problems.append(f"answers.{question_id}: unknown question '{question_id}'")
            continue
        letters = OPTION_LETTERS[: len(questions[question_id].options)]
        if not isinstance(letter, str) or letter.lower() not in letters or len(letter) != 1:
            problems.append(f"answers.{question_id}: answer must be one letter from a to {letters[-1]}, not {letter!r}")
    if problems:
        raise SkillcheckError(f"{source}: {len(problems)} problem(s):\n  " + "\n  ".join(problems))

    def ask(view: StepView) -> str:
        step = view.step
        if isinstance(step, RateStep):
            level = ratings.get(step.skill.id)
            return "s" if level is None else str(level)
        return str(answers.get(step.question.id, "s"))

    return ask
