"""The quiz as a pure flow: which step comes next follows from the answers given so far.

Because the next step is derived, never stored, a saved draft resumes exactly where it
stopped, "back" is just dropping the last answer, and an answers file runs through the very
same flow as a person at a terminal. The flow never prints: it hands a `StepView` to an `ask`
callable and gets the raw text typed back.
"""

from __future__ import annotations

import bisect
import functools
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace

from skillcheck.errors import SkillcheckError
from skillcheck.invoked import command
from skillcheck.measure import pace
from skillcheck.measure.estimate import Carried, Tendency, combined, likelihood
from skillcheck.measure.quizplan import (
    CHECK_CAP,
    TENDENCY_REFITS,
    TENDENCY_WINDOW,
    CheckStep,
    GoalStep,
    Progress,
    QuizPlan,
    RateStep,
    Step,
    questions_of,
)
from skillcheck.measure.scoring import earlier_evidence, prior_floor, rated_before, response_of
from skillcheck.measure.selection import final_check, fitted, next_check, quick_sample
from skillcheck.taxonomy.models import Answer, Assessment, Check, EarlierCheck, Goal, Rating, Taxonomy, TaxonomyRef
from skillcheck.times import now

BACK_KEYS = ("<", "back")
HELP_KEYS = ("?", "h", "help")
SKIP_KEYS = ("s", "skip")
QUIT_KEYS = ("q", "quit")
DONT_KNOW_KEYS = ("i", "idk", "dunno")
FINISH_KEYS = ("f", "finish")


@dataclass(frozen=True)
class History:
    """What earlier assessments left this one: evidence per skill, and the questions not to ask again."""

    carried: dict[str, Carried]
    retired: frozenset[str]
    rated_before: dict[str, tuple[int | None, float]]  # a re-measure's skills: the rating set aside

    @classmethod
    def of(cls, plan: QuizPlan, assessment: Assessment) -> History:
        if not assessment.earlier and not assessment.replaced:
            return NO_HISTORY
        return cls(
            earlier_evidence(assessment.earlier, plan.taxonomy, assessment.started_at),
            frozenset(check.question for check in assessment.earlier),
            rated_before(assessment) if assessment.only else {},
        )


NO_HISTORY = History({}, frozenset(), {})


class Walk:
    """The answers so far, indexed so that the next step costs the same at the first answer as
    at the ten-thousandth: an answers file of thousands of skills would otherwise re-walk every
    earlier answer at each step. Built from answers, then fed one new answer at a time (going
    back rebuilds it: a person does that rarely).

    A full quiz rates skills in plan order and checks each right after its rating, so every
    skill before the last one rated is finished: only the last one may still want a check, until
    the final round goes back to any of them. --quick takes every rating first, then checks its
    sample skill by skill in the same way.
    """

    def __init__(
        self,
        plan: QuizPlan,
        seed: int | None,
        answers: tuple[Answer, ...] = (),
        history: History = NO_HISTORY,
        not_fresh: tuple[str, ...] = (),
        sample_seed: int | None = None,
    ) -> None:
        self.plan = plan
        self.seed = seed
        self.sample_seed = sample_seed  # --quick: what the sample is drawn from (else `seed`)
        self.history = history
        self.not_fresh = list(not_fresh)
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
        # --quick: the sample's order once every rating is in, the place reached in it, the checks
        # given before that place, and the checked skills before it (the tendency window).
        self._block = max(1, len(plan.skills) // TENDENCY_REFITS)
        self._fit: tuple[tuple[str, int, int], Tendency] | None = None
        self._sample: list[int] | None = None
        self._at = 0
        self._used_in_sample = 0
        self._checked_in_sample: list[int] = []
        self._checked_at: list[int] = []  # their places in the sample
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
        if index is not None and self.checks.get(answer.skill) and self.ratings.get(answer.skill) is not None:
            position = bisect.bisect_left(self._window, index)
            if position == len(self._window) or self._window[position] != index:
                self._window.insert(position, index)

    def _likelihood(self, index: int) -> tuple[float, ...]:
        known = self._likelihoods.get(index)
        if known is None:
            skill = self.plan.skills[index]
            questions = questions_of(skill)
            responses = [response_of(c, questions.get(c.question), self.plan.fitted) for c in self.checks[skill.id]]
            known = likelihood(self.plan.taxonomy.top_level, responses)
            if (before := self.history.carried.get(skill.id)) is not None:
                known = combined(known, before)
            self._likelihoods[index] = known
        return known

    def _used_before(self, current: int) -> int:
        """Checks given to the plan's skills before the one at `current`."""
        skills = self.plan.skills
        while self._used_upto < current:
            self._used += len(self.checks.get(skills[self._used_upto].id, ()))
            self._used_upto += 1
        return self._used

    def _tendency(self, indices: list[int], key: tuple[str, int, int]) -> Tendency:
        """The fit on these checked skills (the tendency window), kept while `key` names the same
        window: every check of a skill, and of every skill in a block, sees the same one."""
        if self._fit is not None and self._fit[0] == key:
            return self._fit[1]
        # The tendency is fitted on the most recent checked skills only (TENDENCY_WINDOW).
        window = [
            (claim, self._likelihood(index))
            for index in indices[-TENDENCY_WINDOW:]
            if (claim := self.ratings.get(self.plan.skills[index].id)) is not None
        ]
        tendency = fitted(
            self.plan.taxonomy.top_level, window, quick=self.plan.quick, floor=prior_floor(self.plan.fitted)
        )
        self._fit = (key, tendency)
        return tendency

    def _check(self, index: int, tendency: Tendency, used: int, position: int | None = None) -> CheckStep | None:
        skill = self.plan.skills[index]
        choice = next_check(
            self.plan,
            self.seed,
            index,
            self.ratings[skill.id],
            self.checks.get(skill.id, []),
            tendency,
            used,
            self.asked,
            self.history.retired,
            self.history.carried.get(skill.id),
            position,
            self.history.rated_before.get(skill.id),
        )
        if choice.not_fresh and skill.id not in self.not_fresh:
            self.not_fresh.append(skill.id)
        if choice.question is None:
            return None
        return CheckStep(skill, choice.question, choice.question.shown_order(self.seed))

    @property
    def sampling(self) -> bool:
        """--quick with every rating in: the checks of the sample are next."""
        return self.plan.quick and self.first_unrated >= len(self.plan.skills)

    def locate(self) -> tuple[Step | None, int]:
        """The next rating or check, and the index in the plan of the skill it belongs to."""
        plan = self.plan
        first_unrated = self.first_unrated
        current = first_unrated - 1
        if current >= 0 and not plan.quick:
            # The checked skills before this one's block (TENDENCY_REFITS): every skill is its own
            # block up to 200 skills.
            end = bisect.bisect_left(self._window, current - current % self._block)
            start = max(0, end - TENDENCY_WINDOW)
            tendency = self._tendency(self._window[start:end], ("plan", start, end))
            step = self._check(current, tendency, self._used_before(current))
            if step is not None:
                return step, current
        if first_unrated < len(plan.skills):
            skill = plan.skills[first_unrated]
            # Not in a re-measure: it is short, and its skills are the ones asked for.
            starts = first_unrated > 0 and not plan.only and skill.area != plan.skills[first_unrated - 1].area
            return RateStep(skill, area_start=starts), first_unrated
        if plan.quick:
            return self._locate_in_sample()
        return self._locate_final()

    def _locate_final(self) -> tuple[Step | None, int]:
        """A full quiz, every rating in and the last skill checked: the final round's next check."""
        plan = self.plan
        # Fitted on every checked skill (the most recent TENDENCY_WINDOW of them), refitted at
        # each answer: a final round has few checks, and at most FINAL_SKILLS_MAX skills.
        tendency = self._tendency(self._window[-TENDENCY_WINDOW:], ("final", self.checks_given, 0))
        choice = final_check(
            plan,
            self.seed,
            self.ratings,
            self.checks,
            tendency,
            self.checks_given,
            self.asked,
            self.history.retired,
            self.history.carried,
        )
        if choice is None:
            return None, len(plan.skills)
        question = choice.question
        return CheckStep(plan.skills[choice.index], question, question.shown_order(self.seed), final=True), choice.index

    def _locate_in_sample(self) -> tuple[Step | None, int]:
        """--quick, every rating in: the next check of the sample, skill by skill in its order."""
        if self._sample is None:
            self._sample = quick_sample(
                self.plan, self.seed if self.sample_seed is None else self.sample_seed, self.ratings
            )
        while self._at < len(self._sample):
            index = self._sample[self._at]
            # Fitted on the checked skills before this block of the sample (TENDENCY_REFITS).
            end = bisect.bisect_left(self._checked_at, self._at - self._at % self._block)
            start = max(0, end - TENDENCY_WINDOW)
            tendency = self._tendency(self._checked_in_sample[start:end], ("sample", start, end))
            step = self._check(index, tendency, self._used_in_sample, self._at)
            if step is not None:
                return step, index
            given = len(self.checks.get(self.plan.skills[index].id, ()))
            self._used_in_sample += given
            if given:
                self._checked_in_sample.append(index)
                self._checked_at.append(self._at)
            self._at += 1
        return None, len(self.plan.skills)


def _goal_pending(plan: QuizPlan, goal: Goal | None, answered: bool) -> bool:
    """The quiz opens with the goal, asked until one is chosen or the first answer is given."""
    return plan.asks_goal and goal is None and not answered


def locate(plan: QuizPlan, assessment: Assessment, walk: Walk | None = None) -> tuple[Step | None, int]:
    """The next step, and the index in the plan of the skill it belongs to; `walk` is the
    answers already indexed, when the caller keeps them."""
    if _goal_pending(plan, assessment.goal, bool(assessment.answers)):
        return GoalStep(plan.taxonomy.paths), 0
    return (walk or walk_of(plan, assessment)).locate()


def walk_of(plan: QuizPlan, assessment: Assessment, history: History | None = None) -> Walk:
    """The assessment's answers indexed against the plan, with what earlier assessments left it."""
    history = History.of(plan, assessment) if history is None else history
    return Walk(plan, assessment.seed, assessment.answers, history, assessment.not_fresh, assessment.sample_seed)


def narrowed(plan: QuizPlan, skill_ids: tuple[str, ...]) -> QuizPlan:
    """The plan cut to the skills an assessment covers, when it stopped early at an area's start."""
    keep = set(skill_ids)
    if not keep or all(skill.id in keep for skill in plan.skills):
        return plan
    return replace(plan, skills=tuple(skill for skill in plan.skills if skill.id in keep))


def next_step(plan: QuizPlan, assessment: Assessment) -> Step | None:
    """What to ask next given the answers so far; None when the quiz is complete."""
    return locate(plan, assessment)[0]


def progress(
    plan: QuizPlan, assessment: Assessment, walked: tuple[Step | None, int] | None = None, checks: int | None = None
) -> Progress:
    """Where the quiz stands and the time left, by the reading model scaled to the person's pace;
    `walked` passes in `locate`'s result and `checks` the checks given, when the caller has them."""
    step, index = walked if walked is not None else locate(plan, assessment)
    first = index if isinstance(step, (RateStep, GoalStep)) else index + 1
    final = isinstance(step, CheckStep) and step.final
    if (plan.quick or final) and isinstance(step, CheckStep):
        first = len(plan.skills)  # --quick checks once every rating is in, as does a final round
    unrated = max(0, len(plan.skills) - first)
    used = checks if checks is not None else sum(1 for a in assessment.answers if isinstance(a, Check))
    rating_seconds, check_seconds, check_count = plan.reading_from(first)
    _, all_check_seconds, all_check_count = plan.reading_from(0)
    mean_check = all_check_seconds / all_check_count if all_check_count else 0.0
    if plan.quick or final:
        # Its checks fall on any of the skills, after the last rating.
        current = 1 if isinstance(step, CheckStep) else 0
        left = max(0, plan.check_budget - used) * (pace.USED_SHARE[True] if plan.quick else pace.FINAL_USED_SHARE)
        seconds = rating_seconds + max(0.0, left - current) * mean_check
    else:
        # The skill-by-skill pass spreads what is left of its share over the skills to come; the
        # final round's share follows, on any of the skills.
        left_main = max(0, plan.main_budget - used) * pace.MAIN_USED_SHARE
        main = min(left_main / max(1, unrated), CHECK_CAP[plan.quick]) * unrated if unrated else 0
        seconds = rating_seconds + main * (check_seconds / check_count if check_count else 0.0)
        # (Nothing without a final round: its main budget is the whole budget.)
        seconds += max(0, plan.check_budget - max(used, plan.main_budget)) * pace.FINAL_USED_SHARE * mean_check
    if isinstance(step, CheckStep):
        seconds += pace.check_seconds(step.question)
    elif isinstance(step, GoalStep):
        seconds += pace.goal_seconds(plan.taxonomy)
    area = step.skill.area if isinstance(step, (RateStep, CheckStep)) else ""
    area_name = next((a.name for a in plan.taxonomy.areas if a.id == area), area)
    if isinstance(step, GoalStep):
        area_name = "Your goal"
    return Progress(
        skill_number=len(plan.skills) if final else min(index + 1, len(plan.skills)),
        skill_total=len(plan.skills),
        area=area_name,
        seconds_left=round(seconds * pace.factor(assessment.pace)),
        final=final,
    )


def stated_minutes(plan: QuizPlan) -> int:
    """The time the quiz says it takes before it starts: the reading model over what it will show."""
    seconds = sum(plan.reading[skill.id][0] for skill in plan.skills)
    seconds += plan.check_budget * pace.USED_SHARE[plan.quick] * plan.mean_check_seconds(plan.skills)
    if plan.asks_goal:
        seconds += pace.goal_seconds(plan.taxonomy)
    return max(1, round(seconds / 60))


def step_seconds(plan: QuizPlan, step: Step) -> float:
    """The reading model's time for one prompt."""
    if isinstance(step, CheckStep):
        return pace.check_seconds(step.question)
    if isinstance(step, RateStep):
        return plan.reading[step.skill.id][0]
    return pace.goal_seconds(plan.taxonomy)


# --- interpreting what was typed -------------------------------------------------------------


@dataclass(frozen=True)
class Give:
    answer: Answer


@dataclass(frozen=True)
class ChooseGoal:
    goal: Goal


@dataclass(frozen=True)
class Finish:
    """Stop at the start of an area: the assessment covers the areas done so far."""


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


Action = Give | ChooseGoal | Finish | Back | Quit | Notice


def keys_help(top_level: int) -> str:
    return (
        f"Keys: 0-{top_level} rate yourself · a, b, c, ... pick an answer · i I don't know · s skip · "
        "< go back one step (b also works at a rating prompt; an answered check is final) · ? help · "
        "q save and quit"
    )


def read_level(text: str, top_level: int) -> int | None:
    """A level typed as one ASCII digit; other digit-like characters (² ① ３) are not levels."""
    if len(text) == 1 and "0" <= text <= "9" and int(text) <= top_level:
        return int(text)
    return None


def step_help(step: Step, top_level: int) -> str:
    """What `?` shows: how to answer this kind of prompt, then the keys."""
    if isinstance(step, GoalStep):
        how = (
            f"Type the number of the path you are aiming for (1-{len(step.paths)}), or 0 if you are not "
            "sure: the report then compares every path and names the closest. You can change the goal "
            f"later without retaking the quiz: {command('goal ID')}."
        )
    elif isinstance(step, RateStep):
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
            "you little. An answered check is final: < goes back over ratings, never over an answer "
            "already given."
        )
        if step.final:
            how += (
                " These final checks come after the last rating: each goes to the skill whose level "
                "your answers so far left least clear, and they stop once every level is clear."
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
    if isinstance(step, GoalStep):
        return _goal(step, text)
    if isinstance(step, RateStep):
        if text in FINISH_KEYS and step.area_start:
            return Finish()
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


def _goal(step: GoalStep, text: str) -> Action:
    """A path's number (1..n), its id, or 0 (or s) for not sure."""
    if text in ("0", *SKIP_KEYS):
        return ChooseGoal(Goal(path=None))
    ids = [career.id for career in step.paths]
    if text.isascii() and text.isdigit() and 1 <= int(text) <= len(ids):
        return ChooseGoal(Goal(path=ids[int(text) - 1]))
    if text in ids:
        return ChooseGoal(Goal(path=text))
    return Notice(
        f"Type the number of a path, 1 to {len(ids)}, or 0 if you are not sure (or ? for help).", invalid=True
    )


# --- running it --------------------------------------------------------------------------------


class StepView:
    """Everything a front end needs to show one prompt. The progress is worked out when a front
    end reads it: an answers file of 10,000 skills shows none, and would pay for it at every step."""

    def __init__(
        self, step: Step, progress: Progress | Callable[[], Progress], notice: str | None, invalid: bool
    ) -> None:
        self.step = step
        self._progress = progress
        self.notice = notice
        self.invalid = invalid

    @functools.cached_property
    def progress(self) -> Progress:
        return self._progress if isinstance(self._progress, Progress) else self._progress()


class QuizStopped(Exception):  # noqa: N818 - a way of leaving the flow, not an error
    """The person chose to save and quit; the draft holds every answer. Session turns it into
    an outcome (exit 0); it never reaches the CLI as an error."""

    def __init__(self, assessment: Assessment) -> None:
        super().__init__("quiz saved")
        self.assessment = assessment


def now_iso() -> str:
    return now()


def rekeyed(assessment: Assessment, taxonomy: Taxonomy) -> Assessment:
    """A draft read back, with whether each check was right worked out again from its choice (a
    draft leaves that out, so a person cannot read it mid-quiz); a question gone from the taxonomy
    counts as not right, as scoring reads it."""
    skills = taxonomy.skills_by_id
    answers = []
    for answer in assessment.answers:
        if isinstance(answer, Check):
            skill = skills.get(answer.skill)
            question = None if skill is None else questions_of(skill).get(answer.question)
            answer = answer.model_copy(update={"correct": question is not None and question.is_correct(answer.choice)})
        answers.append(answer)
    return assessment.model_copy(update={"answers": tuple(answers)})


def new_assessment(
    plan: QuizPlan,
    ref: TaxonomyRef,
    *,
    clock: Callable[[], str] = now_iso,
    seed: int | None = None,
    earlier: tuple[EarlierCheck, ...] = (),
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
        goal=Goal(path=plan.goal) if plan.goal is not None else None,
        earlier=earlier,
    )


def run(
    plan: QuizPlan,
    assessment: Assessment,
    ask: Callable[[StepView], str],
    save: Callable[[Assessment], None] | None,
    *,
    max_invalid: int | None = None,
    clock: Callable[[], str] = now_iso,
    timer: Callable[[], float] | None = None,
    draw: Callable[[], int] | None = None,
) -> Assessment:
    """Ask until the plan is done; `save` gets the assessment after every change.

    `draw` gives a fresh random number: with it, --quick draws its sample's seed once every
    rating is in (kept as `sample_seed`), so the draft read while rating cannot tell the sample;
    without it (simulations, tests), the sample follows from the assessment's seed.

    Returns the completed assessment (with `taken_at` set); `save` None saves nothing on the way
    (an answers file, stored once complete). Raises QuizStopped on "q", and
    lets KeyboardInterrupt and EOFError from `ask` through: each answer is saved already.
    `max_invalid` bounds invalid answers in a row (for input that is not a person). With a
    `timer` (seconds, monotonic), how long each answer took is kept as the person's pace, and the
    time left never rises by more than a minute from one prompt to the next.
    """
    top = plan.taxonomy.top_level
    notice: str | None = None
    invalid_in_row = notices_in_row = 0
    dropped: Answer | None = None  # the answer just taken back with "<", to show it again
    # Ratings taken back with "<" and not yet answered again: they stand if the person leaves
    # (q, Ctrl-C, end of input) before giving a new answer, so going back loses nothing.
    taken_back: list[Answer] = []
    shown_left: int | None = None  # the time left last shown
    shown_step: Step | None = None
    started = timer() if timer is not None else 0.0
    plan = narrowed(plan, assessment.skills)
    history = History.of(plan, assessment)
    walk = walk_of(plan, assessment, history)
    # The answers as a list, and the assessment rebuilt from it only when it is saved or returned:
    # copying every answer at each step would make an answers file of 10,000 skills quadratic.
    answers = list(assessment.answers)
    changed = False

    def current() -> Assessment:
        nonlocal assessment, changed
        if changed:
            assessment = assessment.model_copy(update={"answers": tuple(answers)})
            changed = False
        return assessment

    def restore() -> None:
        """Leaving before answering again: the answers taken back stand, as they were."""
        nonlocal changed
        if taken_back:
            answers.extend(reversed(taken_back))
            taken_back.clear()
            changed = True
            if save is not None:
                save(current())

    while True:
        if draw is not None and assessment.sample_seed is None and walk.sampling:
            assessment = current().model_copy(update={"sample_seed": draw()})
            walk.sample_seed = assessment.sample_seed
            if save is not None:
                save(assessment)
        pending = _goal_pending(plan, assessment.goal, bool(answers))
        walked = (GoalStep(plan.taxonomy.paths), 0) if pending else walk.locate()
        step = walked[0]
        if len(walk.not_fresh) > len(assessment.not_fresh):
            # Said once, when it happens; kept in the assessment so the report can count it.
            fresh_out = walk.not_fresh[len(assessment.not_fresh) :]
            assessment = assessment.model_copy(update={"not_fresh": tuple(walk.not_fresh)})
            names = ", ".join(plan.taxonomy.skills_by_id[s].name for s in fresh_out if s in plan.taxonomy.skills_by_id)
            notice = (
                f"No question you have not been asked before is left at the level wanted next for {names}: "
                "the estimate rests on your earlier answers there."
            )
            if save is not None:
                save(current())
        if step is None:
            break
        if dropped is not None:
            notice = earlier_answer(plan.taxonomy, step, dropped)
            dropped = None
        if step != shown_step and timer is not None:
            started, shown_step = timer(), step

        def where(
            walked: tuple[Step | None, int] = walked,
            state: Assessment = assessment,
            checks: int = walk.checks_given,
            plan: QuizPlan = plan,
        ) -> Progress:
            nonlocal shown_left
            shown = progress(plan, state, walked, checks)
            if shown_left is not None and shown.seconds_left > shown_left + 60:
                shown = replace(shown, seconds_left=shown_left + 60)
            shown_left = shown.seconds_left
            return shown

        try:
            typed = ask(StepView(step, where, notice, invalid_in_row > 0))
        except (EOFError, KeyboardInterrupt):
            restore()
            raise
        action = interpret(step, typed, top_level=top)
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
            restore()
            raise QuizStopped(current())
        if isinstance(action, Back):
            if not answers:
                if plan.asks_goal and assessment.goal is not None:
                    assessment = assessment.model_copy(update={"goal": None})
                    if save is not None:
                        save(current())
                else:
                    notice = "This is the first question; there is nothing to go back to."
                continue
            if isinstance(answers[-1], Check):
                # A scored answer stands: otherwise going back to try each option would reveal the key
                # (the next check depends on whether this one was right).
                notice = "An answered check is final; going back can change ratings, not answers already given."
                continue
            dropped = answers.pop()
            taken_back.append(dropped)
            changed = True
            walk = walk_of(plan, current(), history)
        elif isinstance(action, Finish):
            # A valid result on what was measured: the skills rated so far, as a --path quiz covers its
            # own. A rating taken back is not restored: it would stand with no check of its own.
            rated = tuple(answer.skill for answer in answers if isinstance(answer, Rating))
            assessment = current().model_copy(update={"skills": rated})
            if save is not None:
                save(assessment)
            if not plan.quick:
                break
            # --quick checks its sample once the ratings are in: of the skills rated so far.
            plan = narrowed(plan, rated)
            walk = walk_of(plan, assessment, history)
        elif isinstance(action, ChooseGoal):
            assessment = assessment.model_copy(update={"goal": action.goal})
        else:
            answers.append(action.answer)
            taken_back.clear()  # a new answer here: what came after the old one no longer applies
            changed = True
            walk.add(action.answer)
        if timer is not None and isinstance(action, (Give, ChooseGoal)):
            measured = pace.record(assessment.pace, timer() - started, step_seconds(plan, step))
            assessment = assessment.model_copy(update={"pace": measured})
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
    return None
