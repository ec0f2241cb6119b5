"""The quiz as a pure flow: which step comes next follows from the answers given so far.

Because the next step is derived, never stored, a saved draft resumes exactly where it
stopped, "back" is just dropping the last answer, and an answers file runs through the very
same flow as a person at a terminal. The flow never prints: it hands a `StepView` to an `ask`
callable and gets the raw text typed back.
"""

from __future__ import annotations

import random
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from skillcheck.errors import SkillcheckError
from skillcheck.invoked import command
from skillcheck.measure.estimate import best_levels, estimate_skill, fit_tendency, fit_unchecked_tendency, likelihood
from skillcheck.measure.scoring import assessed_skills, response_of
from skillcheck.taxonomy.load import check_path_ids, check_skill_ids
from skillcheck.taxonomy.models import Answer, Assessment, Check, Question, Rating, Skill, Taxonomy, TaxonomyRef

# Rough time a person spends per prompt, for "time left" and the check budget: reading a
# skill's level descriptions, and reading and answering one check.
SECONDS_PER_RATING = 8
SECONDS_PER_CHECK = 14
# The most time a whole quiz may take, per skill in the plan: 22 minutes for 30 skills (an honest
# taker needs about 17 under the simulation's step model), 6 with --quick.
SECONDS_PER_SKILL = {False: 44, True: 12}
# Checks of one skill stop when one level reaches this probability, or at the cap.
STOP_PROBABILITY = {False: 0.85, True: 0.75}
CHECK_CAP = {False: 4, True: 2}
# --quick samples ratings to check and checks each sampled one twice (see _next_check).
QUICK_CHECKS_PER_SAMPLED_SKILL = 2
# The tendency to over- or under-rate is fitted, while the quiz runs, on the most recent checked
# skills only: enough to learn it, and the wait after an answer stays flat at 10,000 skills.
TENDENCY_WINDOW = 60

BACK_KEYS = ("<", "back")
HELP_KEYS = ("?", "h", "help")
SKIP_KEYS = ("s", "skip")
QUIT_KEYS = ("q", "quit")
DONT_KNOW_KEYS = ("i", "idk", "dunno")


@dataclass(frozen=True)
class Plan:
    """What one quiz asks: the skills in order, and how thoroughly to check them."""

    taxonomy: Taxonomy
    skills: tuple[Skill, ...]
    paths: tuple[str, ...]
    quick: bool
    seen: frozenset[str] = frozenset()  # questions asked in earlier assessments: asked again last
    only: tuple[str, ...] = ()  # quiz --skill: these skills only; the rest are kept from the last assessment

    @property
    def check_budget(self) -> int:
        """How many checks the whole quiz may ask, from its time budget."""
        seconds = len(self.skills) * (SECONDS_PER_SKILL[self.quick] - SECONDS_PER_RATING)
        return max(3, seconds // SECONDS_PER_CHECK)


def make_plan(
    taxonomy: Taxonomy,
    path_ids: list[str] | tuple[str, ...] = (),
    *,
    quick: bool = False,
    seen: frozenset[str] = frozenset(),
    skill_ids: list[str] | tuple[str, ...] = (),
) -> Plan:
    """Skills area by area; with `path_ids`, only the skills those paths require; with
    `skill_ids` (quiz --skill), only those skills."""
    if path_ids and skill_ids:
        raise SkillcheckError("--path and --skill are different choices; use one of them.")
    check_path_ids(taxonomy, path_ids)
    check_skill_ids(taxonomy, skill_ids)
    wanted: set[str] | None = None
    if path_ids:
        wanted = {req.skill for p in path_ids for req in taxonomy.path(p).requires}
    if skill_ids:
        wanted = set(skill_ids)
    area_order = {area.id: index for index, area in enumerate(taxonomy.areas)}
    skills = [s for s in taxonomy.skills if wanted is None or s.id in wanted]
    skills.sort(key=lambda s: area_order.get(s.area, len(area_order)))  # stable: file order within an area
    only = tuple(s.id for s in skills) if skill_ids else ()
    return Plan(taxonomy, tuple(skills), tuple(path_ids), quick, seen, only)


@dataclass(frozen=True)
class RateStep:
    skill: Skill


@dataclass(frozen=True)
class CheckStep:
    skill: Skill
    question: Question
    order: tuple[int, ...]  # file indexes of the options in the order shown


Step = RateStep | CheckStep


@dataclass(frozen=True)
class Progress:
    skill_number: int  # 1-based position of the current skill in the plan
    skill_total: int
    area: str
    seconds_left: int


def _questions(skill: Skill) -> dict[str, Question]:
    return {q.id: q for q in skill.questions}


def _sampled_for_quick(plan: Plan, seed: int | None, skill: Skill) -> bool:
    """--quick checks a random share of skills, so which ones cannot be predicted or gamed."""
    share = plan.check_budget / QUICK_CHECKS_PER_SAMPLED_SKILL / max(1, len(plan.skills))
    return random.Random(f"{seed}:{skill.id}:sample").random() < share


def _next_check(
    plan: Plan,
    seed: int | None,
    index: int,
    claim: int | None,
    skill_checks: list[Check],
    earlier: list[tuple[int, tuple[float, ...]]],
    used: int,
    asked: set[str],
) -> Question | None:
    """The check expected to narrow this skill's estimate most, or None when it is settled.

    Every rated skill gets at least one check in a full quiz (so no rating, not even a 0, goes
    unchecked), and more while no level is likely enough, up to a cap per skill and within the
    quiz's time budget, paced over the skills.
    """
    skill = plan.skills[index]
    if claim is None or len(skill_checks) >= CHECK_CAP[plan.quick]:
        return None
    budget = plan.check_budget
    # A full quiz paces its checks: a skill may have one beyond its first while it has fewer than
    # its share of what is left (rounded), so the budget is spread evenly rather than spent on
    # the first skills. The level error falls less with each further check of one skill, so an
    # even spread measures better, and every later rating still gets at least one check (the
    # share never falls below one). --quick spends its few checks evenly over the quiz.
    # --quick confirms each sampled rating with a second check: with four options one lucky
    # guess in four would otherwise pass for the claimed level, and through the person's
    # tendency lift every rating that was not checked.
    confirm = plan.quick and len(skill_checks) == 1 and used < budget
    if plan.quick:
        if used >= min(budget, budget * (index + 1) / len(plan.skills) + 1) and not confirm:
            return None
    elif skill_checks and len(skill_checks) + 0.5 >= (budget - used) / (len(plan.skills) - index):
        return None
    top = plan.taxonomy.top_level
    questions = _questions(skill)
    responses = [response_of(c, questions.get(c.question)) for c in skill_checks]
    # Most ratings of a --quick quiz get no check, and they are read through the warier fit
    # (estimate.UNCHECKED_LEAN); its checks are there to learn how far to trust those ratings,
    # so they are chosen through that fit too: someone who knows nothing and claims 4 everywhere
    # then gets checks low enough to show it (docs/scoring.md, "A rating no check reached").
    tendency = (fit_unchecked_tendency if plan.quick else fit_tendency)(top, earlier)
    posterior = estimate_skill(tendency, claim, responses).posterior
    # A rating is always checked in a full quiz (a sample of them with --quick), and a missed
    # check of the claimed level is always followed up: one miss may be a slip, and the
    # person's consistency elsewhere must not settle a claim its own check contradicts.
    first = max(claim, 1)
    if not skill_checks:
        must = _sampled_for_quick(plan, seed, skill) if plan.quick else True
    elif confirm:
        must = True
    else:
        must = claim > 0 and len(skill_checks) == 1 and skill_checks[0].level == first and not skill_checks[0].correct
    # A skill whose every check was missed is not credited with a level that no check reached:
    # the level the estimate leans to must itself be tested before the skill is settled.
    likely = max(range(len(posterior)), key=lambda level: posterior[level])
    unreached = (
        bool(skill_checks)
        and likely > 0
        and all(not c.correct for c in skill_checks)
        and min(c.level for c in skill_checks) > likely
    )
    if not must and not unreached and max(posterior) >= STOP_PROBABILITY[plan.quick]:
        return None
    candidates = [q for q in skill.questions if q.id not in asked]
    if not candidates:
        return None
    available = {q.level for q in candidates}
    # Every check, the first too, goes where it is expected to narrow the estimate most. For a
    # person whose checks bear out their ratings that is at or next to the claim; for one whose
    # claims say little (4 everywhere) it is where their level most likely is, rather than a
    # check of the claim that most of them would simply miss.
    levels = [likely] if unreached and likely in available else best_levels(posterior, available)
    best = [q for q in candidates if q.level in levels]
    fresh = [q for q in best if q.id not in plan.seen] or best
    rng = random.Random(f"{seed}:{skill.id}:{len(skill_checks)}")
    return rng.choice(sorted(fresh, key=lambda q: q.id))


def _walk(plan: Plan, assessment: Assessment) -> tuple[Step | None, int]:
    """The next step, and the index in the plan of the skill it belongs to.

    Skills are rated in plan order and a skill's checks come right after its rating, so every
    skill before the last one rated is finished: only the last one may still want a check.
    """
    ratings: dict[str, int | None] = {}
    checks: dict[str, list[Check]] = {}
    for answer in assessment.answers:
        if isinstance(answer, Rating):
            ratings[answer.skill] = answer.level
        else:
            checks.setdefault(answer.skill, []).append(answer)
    first_unrated = next((i for i, s in enumerate(plan.skills) if s.id not in ratings), len(plan.skills))
    current = first_unrated - 1
    if current >= 0:
        skill = plan.skills[current]
        top = plan.taxonomy.top_level
        used = sum(len(checks.get(before.id, ())) for before in plan.skills[:current])
        # The tendency is fitted on the most recent checked skills only (TENDENCY_WINDOW).
        earlier: list[tuple[int, tuple[float, ...]]] = []
        for before in reversed(plan.skills[:current]):
            if len(earlier) == TENDENCY_WINDOW:
                break
            done = checks.get(before.id, [])
            claim = ratings.get(before.id)
            if done and claim is not None:
                questions = _questions(before)
                earlier.append((claim, likelihood(top, [response_of(c, questions.get(c.question)) for c in done])))
        earlier.reverse()
        asked = {c.question for done in checks.values() for c in done}
        question = _next_check(
            plan, assessment.seed, current, ratings[skill.id], checks.get(skill.id, []), earlier, used, asked
        )
        if question is not None:
            return CheckStep(skill, question, question.shown_order(assessment.seed)), current
    if first_unrated < len(plan.skills):
        return RateStep(plan.skills[first_unrated]), first_unrated
    return None, len(plan.skills)


def next_step(plan: Plan, assessment: Assessment) -> Step | None:
    """What to ask next given the answers so far; None when the quiz is complete."""
    return _walk(plan, assessment)[0]


def progress(plan: Plan, assessment: Assessment, walked: tuple[Step | None, int] | None = None) -> Progress:
    """Where the quiz stands; `walked` passes in `_walk`'s result when the caller has it."""
    step, index = walked if walked is not None else _walk(plan, assessment)
    remaining_skills = len(plan.skills) - index - (0 if isinstance(step, RateStep) else 1)
    used = sum(1 for a in assessment.answers if isinstance(a, Check))
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


def estimate_minutes(plan: Plan) -> int:
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
    if text in HELP_KEYS:
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
    # Microseconds: assessments taken within one second must still sort in order.
    return datetime.now(UTC).isoformat(timespec="microseconds")


def new_assessment(
    plan: Plan, ref: TaxonomyRef, *, clock: Callable[[], str] = now_iso, seed: int | None = None
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


def keep_the_rest(update: Assessment, previous: Assessment | None) -> Assessment:
    """A quiz on some skills (`only`), completed with every other skill's answers from `previous`.

    The other skills keep their ratings and checks exactly as they were; the quizzed skills'
    earlier answers move to `replaced`, so the new ones are the only evidence for them while the
    rating tendency stays the one the last full assessment learned (scoring.estimate_assessment),
    along a chain of re-measurements too.
    """
    if not update.only or previous is None:
        return update
    quizzed = set(update.only)
    kept = tuple(answer for answer in previous.answers if answer.skill not in quizzed)
    # Answers of the full assessment that this run replaces; those of a skill an earlier run
    # re-measured are in `previous.replaced` already.
    replaced = tuple(a for a in previous.answers if a.skill in quizzed and a.skill not in set(previous.only))
    return update.model_copy(
        update={
            "answers": (*kept, *update.answers),
            "skills": tuple(dict.fromkeys([*assessed_skills(previous), *update.skills])),
            "paths": previous.paths,
            "quick": previous.quick or update.quick,
            "name": update.name or previous.name,
            # Re-measured since the last full assessment: this run's skills and any earlier run's.
            "only": tuple(dict.fromkeys([*previous.only, *update.only])),
            "update_of": previous.id,
            "replaced": (*previous.replaced, *replaced),
        }
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
    dropped: Answer | None = None  # the answer just taken back with "<", to show it again
    while True:
        walked = _walk(plan, assessment)
        step = walked[0]
        if step is None:
            break
        if dropped is not None:
            notice = earlier_answer(plan.taxonomy, step, dropped)
            dropped = None
        typed = ask(StepView(step, progress(plan, assessment, walked), notice, invalid_in_row > 0))
        action = interpret(step, typed, top_level=top)
        notice = None
        if isinstance(action, Notice):
            notice = action.text
            invalid_in_row = invalid_in_row + 1 if action.invalid else 0
            if max_invalid is not None and invalid_in_row >= max_invalid:
                raise SkillcheckError(
                    f"{invalid_in_row} invalid answers in a row; stopping. Every earlier answer is "
                    f"saved: run `{command('quiz')}` to continue."
                )
            continue
        invalid_in_row = 0
        if isinstance(action, Quit):
            raise QuizStopped(assessment)
        if isinstance(action, Back):
            if not assessment.answers:
                notice = "This is the first question; there is nothing to go back to."
                continue
            dropped = assessment.answers[-1]
            assessment = assessment.model_copy(update={"answers": assessment.answers[:-1]})
        else:
            assessment = assessment.model_copy(update={"answers": (*assessment.answers, action.answer)})
        save(assessment)
    return assessment.model_copy(update={"taken_at": clock()})


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


# --- answers files -----------------------------------------------------------------------------


@dataclass
class FileAnswers:
    """An `ask` that answers from an answers file; it notes the questions the file leaves blank."""

    ratings: dict[str, int]
    answers: dict[str, str]
    unanswered: list[str] = field(default_factory=list)

    def __call__(self, view: StepView) -> str:
        step = view.step
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


ANSWERS_FILE_KEYS = ("ratings", "answers")


def answers_from_mapping(plan: Plan, data: object, source: str) -> FileAnswers:
    """An `ask` that answers from an answers file's data; every problem is reported at once.

    The file holds `ratings: {skill-id: level}` and `answers: {question-id: letter}`, letters
    naming options in the taxonomy file's order whatever order they would be shown in. A blank
    or missing rating skips the skill, and a blank or missing answer the question, as `s` would.
    A file that rates nothing is refused: it would be stored as a real assessment of nothing.
    """
    from skillcheck.errors import did_you_mean

    if not isinstance(data, dict):
        raise SkillcheckError(
            f"{source}: an answers file is a mapping with 'ratings' (skill id: level) and "
            "'answers' (question id: letter); see README.md, 'Answers files', or write one "
            f"with `{command('quiz --template')} > answers.yaml`."
        )
    problems: list[str] = [
        f"{key}: unknown key{did_you_mean(str(key), ANSWERS_FILE_KEYS)}; an answers file has only "
        "'ratings' and 'answers'"
        for key in data
        if key not in ANSWERS_FILE_KEYS
    ]
    ratings = data.get("ratings") or {}
    answers = data.get("answers") or {}
    if not isinstance(ratings, dict) or not isinstance(answers, dict):
        raise SkillcheckError(f"{source}: 'ratings' and 'answers' must each be a mapping.")
    taxonomy = plan.taxonomy
    skills = taxonomy.skills_by_id
    names = {skill.id: skill.name for skill in taxonomy.skills}
    questions = {q.id: q for s in taxonomy.skills for q in s.questions}
    top = taxonomy.top_level
    for skill_id, level in ratings.items():
        if skill_id not in skills:
            problems.append(
                f"ratings.{skill_id}: unknown skill '{skill_id}'{did_you_mean(str(skill_id), skills, names)}"
            )
        elif level is not None and (isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= top):
            problems.append(f"ratings.{skill_id}: level must be a whole number from 0 to {top}, not {level!r}")
    for question_id, letter in answers.items():
        if question_id not in questions:
            problems.append(
                f"answers.{question_id}: unknown question '{question_id}'{did_you_mean(str(question_id), questions)}"
            )
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
        raise SkillcheckError(f"{source}: {len(problems)} problem(s); nothing was stored:\n  " + "\n  ".join(problems))
    return FileAnswers(
        {str(k): v for k, v in ratings.items() if v is not None},
        {str(k): v.lower() for k, v in answers.items() if v is not None},
    )
