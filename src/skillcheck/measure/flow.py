"""The quiz as a pure flow: which step comes next follows from the answers given so far.

Because the next step is derived, never stored, a saved draft resumes exactly where it
stopped, "back" is just dropping the last answer, and an answers file runs through the very
same flow as a person at a terminal. The flow never prints: it hands a `StepView` to an `ask`
callable and gets the raw text typed back.
"""

from __future__ import annotations

import bisect
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from skillcheck.errors import SkillcheckError
from skillcheck.invoked import command
from skillcheck.measure.estimate import likelihood
from skillcheck.measure.quizplan import (
    CHECK_CAP,
    SECONDS_PER_CHECK,
    SECONDS_PER_RATING,
    TENDENCY_WINDOW,
    CheckStep,
    Progress,
    QuizPlan,
    RateStep,
    Step,
    questions_of,
)
from skillcheck.measure.scoring import response_of
from skillcheck.measure.selection import next_check
from skillcheck.taxonomy.models import Answer, Assessment, Check, Rating, Taxonomy, TaxonomyRef
from skillcheck.times import now

BACK_KEYS = ("<", "back")
HELP_KEYS = ("?", "h", "help")
SKIP_KEYS = ("s", "skip")
QUIT_KEYS = ("q", "quit")
DONT_KNOW_KEYS = ("i", "idk", "dunno")


class Walk:
    """The answers so far, indexed so that the next step costs the same at the first answer as
    at the ten-thousandth: an answers file of thousands of skills would otherwise re-walk every
    earlier answer at each step. Built from answers, then fed one new answer at a time (going
    back rebuilds it: a person does that rarely).

    Skills are rated in plan order and a skill's checks come right after its rating, so every
    skill before the last one rated is finished: only the last one may still want a check.
    """

    def __init__(self, plan: QuizPlan, seed: int | None, answers: tuple[Answer, ...] = ()) -> None:
        self.plan = plan
        self.seed = seed
        self.index_of = {skill.id: index for index, skill in enumerate(plan.skills)}
        self.ratings: dict[str, int | None] = {}
        self.checks: dict[str, list[Check]] = {}
        self.asked: set[str] = set()
        self.checks_given = 0
        self.first_unrated = 0
        self._used = 0  # checks of the plan's skills before `_used_upto`
        self._used_upto = 0
        # Plan indices of skills with a rating and a check, in order: the tendency window's candidates.
        self._window: list[int] = []
        self._likelihoods: dict[int, tuple[float, ...]] = {}
        for answer in answers:
            self.add(answer)

    def add(self, answer: Answer) -> None:
        index = self.index_of.get(answer.skill)
        if isinstance(answer, Rating):
            self.ratings[answer.skill] = answer.level
            skills = self.plan.skills
            while self.first_unrated < len(skills) and skills[self.first_unrated].id in self.ratings:
                self.first_unrated += 1
        else:
            self.checks.setdefault(answer.skill, []).append(answer)
            self.asked.add(answer.question)
            self.checks_given += 1
            if index is not None:
                self._likelihoods.pop(index, None)
                if index < self._used_upto:
                    self._used += 1
        if index is not None and self._windowed(answer.skill):
            position = bisect.bisect_left(self._window, index)
            if position == len(self._window) or self._window[position] != index:
                self._window.insert(position, index)

    def _windowed(self, skill_id: str) -> bool:
        return bool(self.checks.get(skill_id)) and self.ratings.get(skill_id) is not None

    def _likelihood(self, index: int) -> tuple[float, ...]:
        known = self._likelihoods.get(index)
        if known is None:
            skill = self.plan.skills[index]
            questions = questions_of(skill)
            responses = [response_of(c, questions.get(c.question)) for c in self.checks[skill.id]]
            known = self._likelihoods[index] = likelihood(self.plan.taxonomy.top_level, responses)
        return known

    def used_before(self, current: int) -> int:
        """Checks given to the plan's skills before the one at `current`."""
        skills = self.plan.skills
        while self._used_upto < current:
            self._used += len(self.checks.get(skills[self._used_upto].id, ()))
            self._used_upto += 1
        return self._used

    def locate(self) -> tuple[Step | None, int]:
        """The next step, and the index in the plan of the skill it belongs to."""
        plan = self.plan
        first_unrated = self.first_unrated
        current = first_unrated - 1
        if current >= 0:
            skill = plan.skills[current]
            # The tendency is fitted on the most recent checked skills only (TENDENCY_WINDOW).
            end = bisect.bisect_left(self._window, current)
            earlier = [
                (claim, self._likelihood(index))
                for index in self._window[max(0, end - TENDENCY_WINDOW) : end]
                if (claim := self.ratings.get(plan.skills[index].id)) is not None
            ]
            question = next_check(
                plan,
                self.seed,
                current,
                self.ratings[skill.id],
                self.checks.get(skill.id, []),
                earlier,
                self.used_before(current),
                self.asked,
            )
            if question is not None:
                return CheckStep(skill, question, question.shown_order(self.seed)), current
        if first_unrated < len(plan.skills):
            return RateStep(plan.skills[first_unrated]), first_unrated
        return None, len(plan.skills)


def locate(plan: QuizPlan, assessment: Assessment) -> tuple[Step | None, int]:
    """The next step, and the index in the plan of the skill it belongs to."""
    return Walk(plan, assessment.seed, assessment.answers).locate()


def next_step(plan: QuizPlan, assessment: Assessment) -> Step | None:
    """What to ask next given the answers so far; None when the quiz is complete."""
    return locate(plan, assessment)[0]


def progress(
    plan: QuizPlan, assessment: Assessment, walked: tuple[Step | None, int] | None = None, checks: int | None = None
) -> Progress:
    """Where the quiz stands; `walked` passes in `locate`'s result and `checks` the number of
    checks given when the caller has them."""
    step, index = walked if walked is not None else locate(plan, assessment)
    remaining_skills = len(plan.skills) - index - (0 if isinstance(step, RateStep) else 1)
    used = checks if checks is not None else sum(1 for a in assessment.answers if isinstance(a, Check))
    left_checks = max(0, plan.check_budget - used)
    per_skill = min(left_checks / max(1, remaining_skills), CHECK_CAP[plan.quick]) if remaining_skills else 0
    seconds = remaining_skills * (SECONDS_PER_RATING + per_skill * SECONDS_PER_CHECK)
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


def estimate_minutes(plan: QuizPlan) -> int:
    seconds = len(plan.skills) * SECONDS_PER_RATING + plan.check_budget * SECONDS_PER_CHECK
    return max(1, round(seconds / 60))


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
        f"Keys: 0-{top_level} rate yourself · a, b, c, ... pick an answer · i I don't know · s skip · "
        "< go back one step (b also works at a rating prompt) · ? help · q save and quit"
    )


def read_level(text: str, top_level: int) -> int | None:
    """A level typed as one ASCII digit; other digit-like characters (² ① ３) are not levels."""
    if len(text) == 1 and "0" <= text <= "9" and int(text) <= top_level:
        return int(text)
    return None


def step_help(step: Step, top_level: int) -> str:
    """What `?` shows: how to answer this kind of prompt, then the keys."""
    if isinstance(step, RateStep):
        how = (
            f"Pick the level, 0-{top_level}, whose description matches what you can do today on your "
            "own (with documentation, but without someone showing you); 0 if none does yet. Knowledge "
            "checks follow: rate what you can do, not what you have heard of. s skips the skill, "
            "which leaves it unassessed."
        )
    else:
        how = (
            "Pick the option you think is right. If you do not know, type i: it counts as not "
            "knowing, exactly like a wrong answer, and wrong answers cost nothing extra (no negative "
            "marking). A guess is allowed, but the estimate expects some lucky guesses, so it gains "
            "you little."
        )
    return f"{how}\n{keys_help(top_level)}"


def interpret(step: Step, typed: str, *, top_level: int) -> Action:
    """Turn raw typed text into an action; anything unclear becomes a one-line hint."""
    text = typed.strip().lower()
    # With eight options `h` is an option letter: there it picks the option, and help is `?`.
    if text in HELP_KEYS and not (isinstance(step, CheckStep) and text in step.question.letters):
        return Notice(step_help(step, top_level), invalid=False)
    if text in QUIT_KEYS:
        return Quit()
    # At a check prompt "b" is an option letter, so "back" there is only "<".
    if text in BACK_KEYS or (text == "b" and isinstance(step, RateStep)):
        return Back()
    if isinstance(step, RateStep):
        if text in SKIP_KEYS:
            return Give(Rating(skill=step.skill.id, level=None))
        level = read_level(text, top_level)
        if level is not None:
            return Give(Rating(skill=step.skill.id, level=level))
        return Notice(f"Type a digit from 0 to {top_level} for your level (or ? for help).", invalid=True)
    question = step.question
    if text in SKIP_KEYS or text in DONT_KNOW_KEYS:
        return Give(question.answered(step.skill.id, None, dont_know=text in DONT_KNOW_KEYS))
    letter = question.parse_shown(text, step.order)
    if letter is not None:
        return Give(question.answered(step.skill.id, letter))
    return Notice(
        f"Type one letter from a to {question.letters[-1]} for your answer, i if you don't know (or ? for help).",
        invalid=True,
    )


# --- running it --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepView:
    """Everything a front end needs to show one prompt."""

    step: Step
    progress: Progress
    notice: str | None
    invalid: bool


class QuizStopped(Exception):  # noqa: N818 - a way of leaving the flow, not an error
    """The person chose to save and quit; the draft holds every answer. Session turns it into
    an outcome (exit 0); it never reaches the CLI as an error."""

    def __init__(self, assessment: Assessment) -> None:
        super().__init__("quiz saved")
        self.assessment = assessment


def now_iso() -> str:
    return now()


def new_assessment(
    plan: QuizPlan, ref: TaxonomyRef, *, clock: Callable[[], str] = now_iso, seed: int | None = None
) -> Assessment:
    return Assessment(
        id=uuid.uuid4().hex,
        seed=seed if seed is not None else secrets.randbelow(2**31),
        started_at=clock(),
        taxonomy=ref,
        paths=plan.paths,
        quick=plan.quick,
        skills=tuple(skill.id for skill in plan.skills),
        only=plan.only,
    )


def run(
    plan: QuizPlan,
    assessment: Assessment,
    ask: Callable[[StepView], str],
    save: Callable[[Assessment], None] | None,
    *,
    max_invalid: int | None = None,
    clock: Callable[[], str] = now_iso,
) -> Assessment:
    """Ask until the plan is done; `save` gets the assessment after every change.

    Returns the completed assessment (with `taken_at` set); `save` None saves nothing on the way
    (an answers file, stored once complete). Raises QuizStopped on "q", and
    lets KeyboardInterrupt and EOFError from `ask` through: each answer is saved already.
    `max_invalid` bounds invalid answers in a row (for input that is not a person).
    """
    top = plan.taxonomy.top_level
    notice: str | None = None
    invalid_in_row = 0
    notices_in_row = 0
    dropped: Answer | None = None  # the answer just taken back with "<", to show it again
    answers = list(assessment.answers)
    walk = Walk(plan, assessment.seed, assessment.answers)

    def current() -> Assessment:
        return assessment.model_copy(update={"answers": tuple(answers)})

    while True:
        walked = walk.locate()
        step = walked[0]
        if step is None:
            break
        if dropped is not None:
            notice = earlier_answer(plan.taxonomy, step, dropped)
            dropped = None
        view = StepView(step, progress(plan, assessment, walked, walk.checks_given), notice, invalid_in_row > 0)
        action = interpret(step, ask(view), top_level=top)
        notice = None
        if isinstance(action, Notice):
            notice = action.text
            invalid_in_row = invalid_in_row + 1 if action.invalid else 0
            notices_in_row += 1
            # Input that is not a person (a file, a pipe) could ask for help forever: bound it too.
            if max_invalid is not None and (invalid_in_row >= max_invalid or notices_in_row > max_invalid + 2):
                raise SkillcheckError(
                    f"{max(invalid_in_row, notices_in_row)} invalid answers in a row; stopping. Every earlier "
                    f"answer is saved: run `{command('quiz')}` to continue."
                )
            continue
        invalid_in_row = notices_in_row = 0
        if isinstance(action, Quit):
            raise QuizStopped(current())
        if isinstance(action, Back):
            if not answers:
                notice = "This is the first question; there is nothing to go back to."
                continue
            dropped = answers.pop()
            walk = Walk(plan, assessment.seed, tuple(answers))
        else:
            answers.append(action.answer)
            walk.add(action.answer)
        if save is not None:
            save(current())
    return current().model_copy(update={"taken_at": clock()})


def earlier_answer(taxonomy: Taxonomy, step: Step, answer: Answer) -> str | None:
    """After going back: what was answered here before, as the person saw it."""
    if isinstance(answer, Rating) and isinstance(step, RateStep) and answer.skill == step.skill.id:
        if answer.level is None:
            return "You went back. Earlier you skipped this skill."
        name = next((lvl.name for lvl in taxonomy.levels if lvl.level == answer.level), "")
        return f"You went back. Earlier you answered {answer.level}" + (f" ({name})." if name else ".")
    if isinstance(answer, Check) and isinstance(step, CheckStep) and answer.question == step.question.id:
        if answer.dont_know:
            return "You went back. Earlier you answered i (I don't know)."
        if answer.choice is None:
            return "You went back. Earlier you skipped this question."
        shown = step.question.shown_letter(answer.choice, step.order)
        return f"You went back. Earlier you answered {shown or answer.choice}."
    return None
