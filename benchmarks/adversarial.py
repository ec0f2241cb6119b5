"""Adversarial takers (issue 25): people who use the interface against the measurement.

Every behaviour here goes through the product as a person does: `plan_quiz` (as `skillcheck
quiz` plans), `session.begin` (which carries the earlier checks forward from the store, with the
questions they asked), the quiz flow's `run` with what the person types at each prompt (`<`
included), `session.finish` into a real store (one temporary data directory per
simulated person) and `build_report`, the JSON `report --json` prints. A simulated clock is passed
through, so re-measures can be minutes or 30 days apart. A change to any of these lands here
without a change to this file.

Run through simulate.py: `python benchmarks/simulate.py --adversarial [--takers 40]`.

A know-nothing (true level 0 everywhere) answers a check right only by the response model's
chance: under the step model that is the guessing rate; under the smooth curve they also know a
level-1 item now and then. Strategic guessers (option cues, the memoriser) split the model's
chance into "knows it" ((p - g) / (1 - g)) and a guess, and guess by their strategy.
"""

from __future__ import annotations

import contextlib
import io
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from simulate import ADVERSARIAL, MODELS
from skillcheck.documents.report import build_report
from skillcheck.measure.flow import StepView, run
from skillcheck.measure.quizplan import CheckStep, GoalStep, RateStep, plan_quiz
from skillcheck.session import begin, finish
from skillcheck.storage.store import Store, StoreError, load_assessment
from skillcheck.taxonomy.models import OPTION_LETTERS, Assessment, Question, Taxonomy, TaxonomyRef

Ask = Callable[[StepView], str]
START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
SECONDS_PER_PROMPT = 15  # the simulated clock moves this much at every prompt


# --- one simulated person: a data directory, a clock, true levels --------------------------------


class Clock:
    """A simulated wall clock: ISO times for `begin` and `run`, moved by the harness."""

    def __init__(self, at: datetime = START) -> None:
        self.at = at

    def __call__(self) -> str:
        return self.at.isoformat()

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


@dataclass
class Taken:
    """One quiz as stored: the assessment, its JSON report, and whether its file reads back."""

    stored: Assessment
    report: dict[str, Any]
    readable: bool
    problem: str | None


@dataclass
class Person:
    taxonomy: Taxonomy
    ref: TaxonomyRef
    store: Store
    clock: Clock
    rng: random.Random
    truth: dict[str, int]
    unreadable: list[str] = field(default_factory=list)  # problems of stored files that did not read back

    def take(self, ask: Ask, *, quick: bool = False, skills: tuple[str, ...] = ()) -> Taken:
        """One quiz (a re-measure of `skills` when given) through the real flow and store."""
        # As `skillcheck quiz` plans it (cli.py); what earlier assessments showed comes in through
        # `begin`, from the store.
        plan = plan_quiz(self.taxonomy, quick=quick, skill_ids=skills)
        assessment = begin(plan, self.ref, self.store, seed=self.rng.randrange(2**31), clock=self.clock)

        def timed(view: StepView) -> str:
            self.clock.advance(seconds=SECONDS_PER_PROMPT)
            return ask(view)

        # session.finish says on stderr when it cannot read the latest assessment: counted below.
        with contextlib.redirect_stderr(io.StringIO()):
            done = run(plan, assessment, timed, save=None, clock=self.clock)
            stored, path = finish(self.store, done)
        problem = None
        try:
            load_assessment(path)
        except StoreError as exc:
            problem = exc.message
            self.unreadable.append(problem)
        report = build_report(stored, self.taxonomy, self.ref)
        return Taken(stored, dict(report), problem is None, problem)


@contextlib.contextmanager
def person(
    taxonomy: Taxonomy, ref: TaxonomyRef, rng: random.Random, truth: dict[str, int] | None = None
) -> Iterator[Person]:
    """A person with their own empty data directory; a know-nothing unless `truth` is given."""
    with tempfile.TemporaryDirectory(prefix="skillcheck-adversary-") as home:
        levels = truth if truth is not None else {s.id: 0 for s in taxonomy.skills}
        yield Person(taxonomy, ref, Store(Path(home)), Clock(), rng, dict(levels))


# --- answering -----------------------------------------------------------------------------------

Guess = Callable[[CheckStep, random.Random], str]  # a letter as shown, or "i"


def shown(step: CheckStep, file_index: int) -> str:
    """The letter an option (by its index in the file) is shown under."""
    return OPTION_LETTERS[step.order.index(file_index)]


def uniform_guess(step: CheckStep, rng: random.Random) -> str:
    return OPTION_LETTERS[rng.randrange(len(step.order))]


def dont_know(step: CheckStep, rng: random.Random) -> str:
    return "i"


def _lengths(question: Question, step: CheckStep) -> list[int]:
    """The length of each option as shown, in shown order."""
    return [len(question.options[file_index].text) for file_index in step.order]


def drop_extremes(step: CheckStep, rng: random.Random) -> str:
    """Never the unique longest or the unique shortest option; a guess among the rest."""
    lengths = _lengths(step.question, step)
    dropped = set()
    for extreme in (max(lengths), min(lengths)):
        if lengths.count(extreme) == 1:
            dropped.add(lengths.index(extreme))
    rest = [i for i in range(len(lengths)) if i not in dropped] or list(range(len(lengths)))
    return OPTION_LETTERS[rng.choice(rest)]


def second_longest(step: CheckStep, rng: random.Random) -> str:
    """Always the second-longest option (ties broken by a coin, as a person would)."""
    lengths = _lengths(step.question, step)
    ranked = sorted(range(len(lengths)), key=lambda i: (-lengths[i], rng.random()))
    return OPTION_LETTERS[ranked[1]]


def most_similar(step: CheckStep, rng: random.Random) -> str:
    """The option that shares most words with the others (the convergence cue), ties by a coin."""
    words = [set(re.findall(r"[a-z0-9_]+", step.question.options[i].text.casefold())) for i in step.order]
    score = [sum(len(w & v) / (len(w | v) or 1) for j, v in enumerate(words) if j != i) for i, w in enumerate(words)]
    return OPTION_LETTERS[max(range(len(words)), key=lambda i: (score[i], rng.random()))]


def knows(model: str, true: int, question: Question, rng: random.Random) -> bool:
    """Whether the person knows this item, apart from a lucky guess: the model's chance of a
    right answer p = g + (1 - g) k, split into knowing (k) and guessing."""
    g = 1 / len(question.options)
    p = MODELS[model](true, question.level, len(question.options))
    return rng.random() < (p - g) / (1 - g)


def answer(person: Person, model: str, step: CheckStep, guess: Guess = uniform_guess) -> str:
    """A check answered by the response model, guessing by `guess` when the person does not know."""
    question = step.question
    if knows(model, person.truth[step.skill.id], question, person.rng):
        return shown(step, question.correct_index)
    return guess(step, person.rng)


def plain(person: Person, model: str, claim: Callable[[int], int], guess: Guess = uniform_guess) -> Ask:
    """Rates by `claim` (of the true level), answers by the model and `guess`."""

    def ask(view: StepView) -> str:
        step = view.step
        if isinstance(step, RateStep):
            return str(claim(person.truth[step.skill.id]))
        if isinstance(step, CheckStep):
            return answer(person, model, step, guess)
        assert isinstance(step, GoalStep)
        return "0"

    return ask


# --- the go-back probe ---------------------------------------------------------------------------


def _signature(step: object) -> tuple[str, str, str]:
    """What a person sees of the next prompt: its kind, skill and question."""
    if isinstance(step, CheckStep):
        return ("check", step.skill.id, step.question.id)
    if isinstance(step, RateStep):
        return ("rate", step.skill.id, "")
    return (type(step).__name__, "", "")


Script = Generator[str, StepView, None]


class Scripted:
    """An `ask` written as a generator: each prompt is sent in, what is typed comes out."""

    def __init__(self, script: Callable[[StepView], Script]) -> None:
        self.script = script
        self.running: Script | None = None

    def __call__(self, view: StepView) -> str:
        if self.running is None:
            self.running = self.script(view)
            return next(self.running)
        return self.running.send(view)


def _canned(step: object) -> str:
    """Any answer, to see what follows it: 4 at a rating, the first option at a check."""
    return "4" if isinstance(step, RateStep) else "a" if isinstance(step, CheckStep) else "0"


class GoBackProbe(Scripted):
    """Claims 4; at each check answers, then types `<` (and `back`) to take the answer back. If
    the flow returns to the check, tries every option, looking one prompt ahead and, when that
    tells nothing, two (answering the next prompt and going back twice), and answers with the
    odd one out: the option whose next prompt differs from every other option's is the key."""

    def __init__(self, person: Person, model: str) -> None:
        super().__init__(self._script)
        self.person = person
        self.model = model
        self.tries = 0  # `<` or `back` typed after an answered check
        self.accepted = 0  # ... and the flow went back to the check
        self.exploited = 0  # checks answered with a key learned by going back

    def _script(self, view: StepView) -> Script:
        while True:
            step = view.step
            if not isinstance(step, CheckStep):
                view = yield _canned(step)
                continue
            first = answer(self.person, self.model, step)
            view = yield first
            back = False
            for key in ("<", "back"):
                self.tries += 1
                view = yield key
                if back := _same_check(view, step):
                    break
            if not back:
                continue  # refused: the answer stands, and `view` is the prompt after it
            self.accepted += 1
            view = yield from self._exploit(step, view, first)

    def _exploit(self, check: CheckStep, view: StepView, first: str) -> Generator[str, StepView, StepView]:
        letters = OPTION_LETTERS[: len(check.order)]
        for depth in (1, 2):
            outcomes: dict[str, tuple[str, str, str]] = {}
            for letter in letters:
                view = yield letter
                for _ in range(depth - 1):
                    view = yield _canned(view.step)
                outcomes[letter] = _signature(view.step)
                for _ in range(depth):
                    view = yield "<"
                if not _same_check(view, check):
                    return view  # lost our place: go on from here
            groups: dict[tuple[str, str, str], list[str]] = {}
            for letter, outcome in outcomes.items():
                groups.setdefault(outcome, []).append(letter)
            singles = [found[0] for found in groups.values() if len(found) == 1]
            if len(groups) == 2 and len(singles) == 1:
                self.exploited += 1
                return (yield singles[0])
        return (yield first)


def _same_check(view: StepView, check: CheckStep) -> bool:
    return isinstance(view.step, CheckStep) and view.step.question.id == check.question.id


# --- the quick-mode peek -------------------------------------------------------------------------


class QuickPeek:
    """At each rating types 4 and looks at the next prompt; if a check of that skill follows, goes
    back (`<`) and rates 0 instead, so only ratings no check reaches stay at 4. Checks are answered
    by the response model (a know-nothing guesses)."""

    def __init__(self, person: Person, model: str) -> None:
        self.person = person
        self.model = model
        self.peeking: str | None = None  # the skill just rated 4
        self.backing: str | None = None  # the skill we went back to
        self.lowered = 0  # ratings changed to 0 after a peek
        self.refused = 0

    def __call__(self, view: StepView) -> str:
        step = view.step
        if self.peeking is not None:
            skill, self.peeking = self.peeking, None
            if isinstance(step, CheckStep) and step.skill.id == skill:
                self.backing = skill
                return "<"
        if self.backing is not None:
            skill, self.backing = self.backing, None
            if isinstance(step, RateStep) and step.skill.id == skill:
                self.lowered += 1
                return "0"
            self.refused += 1
        if isinstance(step, RateStep):
            self.peeking = step.skill.id
            return "4"
        if isinstance(step, GoalStep):
            return "0"
        return answer(self.person, self.model, step)


class QuickRewind(Scripted):
    """Rates 4 everywhere; at a check before any check is answered, goes back (`<`, as often as it
    takes) to that skill's rating and skips it, then rates the rest 4 again: each sampled skill
    shown this way is dodged, until the flow asks a check of a skill it cannot dodge, or none.
    Checks are answered by the response model. If the sample is drawn again after a skip, each
    dodge only shows another skill: it stops after `most`."""

    def __init__(self, person: Person, model: str, most: int = 8) -> None:
        super().__init__(self._script)
        self.person = person
        self.model = model
        self.most = most  # skills it will skip at most: as many as --quick checks for 30 skills
        self.dodged: set[str] = set()
        self.refused = 0  # `<` at an unanswered check that did not go back

    def _script(self, view: StepView) -> Script:
        answered = False
        while True:
            step = view.step
            if isinstance(step, RateStep):
                view = yield ("s" if step.skill.id in self.dodged else "4")
            elif not isinstance(step, CheckStep):
                view = yield _canned(step)
            elif answered or step.skill.id in self.dodged or len(self.dodged) >= self.most:
                answered = True
                view = yield answer(self.person, self.model, step)
            else:
                target = step.skill.id
                self.dodged.add(target)
                while not (isinstance(view.step, RateStep) and view.step.skill.id == target):
                    before = view.step
                    view = yield "<"
                    if view.step == before and isinstance(before, CheckStep):
                        self.refused += 1
                        break


# --- figures -------------------------------------------------------------------------------------


def quantile(values: Sequence[float], q: float) -> float:
    """The q-quantile by linear interpolation between order statistics."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def truly_meets(taxonomy: Taxonomy, truth: dict[str, int]) -> set[str]:
    return {p.id for p in taxonomy.paths if all(truth[r.skill] >= r.level for r in p.requires)}


@dataclass
class Outcomes:
    """Per taker: readiness (mean over paths), the best single path, and paths met."""

    mean: list[float] = field(default_factory=list)
    best: list[float] = field(default_factory=list)
    met: list[int] = field(default_factory=list)  # paths reported met, per taker
    falsely_met: list[int] = field(default_factory=list)  # ... that the true levels do not meet
    unreadable: int = 0  # stored files that did not read back

    def add(self, report: dict[str, Any], person: Person | None = None) -> None:
        values = [p["readiness"] for p in report["paths"]]
        self.mean.append(statistics.fmean(values))
        self.best.append(max(values))
        met = {p["id"] for p in report["paths"] if p["meets"]}
        self.met.append(len(met))
        if person is not None:
            self.falsely_met.append(len(met - truly_meets(person.taxonomy, person.truth)))


def readiness_of(report: dict[str, Any]) -> float:
    return statistics.fmean(p["readiness"] for p in report["paths"])


@dataclass
class Row:
    behaviour: str
    mode: str
    model: str
    outcomes: Outcomes
    figure: str
    target: str
    holds: bool | None  # None: information only

    def cells(self) -> list[str]:
        o = self.outcomes
        n = len(o.mean)
        met = sum(1 for m in o.met if m)
        holds = "" if self.holds is None else ("yes" if self.holds else "**no**")
        unreadable = f"; **{o.unreadable} stored file(s) unreadable**" if o.unreadable else ""
        return [
            self.behaviour,
            self.mode,
            self.model,
            f"{quantile(o.mean, 0.5):.1f}",
            f"{quantile(o.mean, 0.9):.1f}",
            f"{quantile(o.best, 0.9):.1f}",
            f"{met}/{n}",
            self.figure + unreadable,
            self.target,
            holds,
        ]


def know_nothing_target(o: Outcomes, quick: bool) -> tuple[str, bool]:
    limit = 15 if quick else 10
    return f"p90 ≤ {limit}, none met", quantile(o.mean, 0.9) <= limit and not any(o.met)


# --- the behaviours ------------------------------------------------------------------------------


@dataclass
class World:
    taxonomy: Taxonomy
    ref: TaxonomyRef
    takers: int
    seed: int
    rounds: int  # re-measures per piling taker

    def rng(self, *parts: object) -> random.Random:
        return random.Random(":".join(str(p) for p in (self.seed, *parts)))

    def people(self, label: str) -> list[dict[str, int]]:
        """The same true levels (uniform 0..top) for every behaviour that compares with honest."""
        rng = self.rng("people", label)
        top = self.taxonomy.top_level
        return [{s.id: rng.randint(0, top) for s in self.taxonomy.skills} for _ in range(self.takers)]


def mode_name(quick: bool) -> str:
    return "quick" if quick else "full"


def claim_rule(world: World, claims: str, rng: random.Random) -> Callable[[int], int]:
    """A know-nothing's ratings: 4 everywhere, or each skill's drawn uniformly 0-4."""
    top = world.taxonomy.top_level
    if claims == "claims 4":
        return lambda true: top
    claim_rng = random.Random(rng.random())
    return lambda true: claim_rng.randint(0, top)


class Counted:
    """A guessing strategy that counts its guesses and how many hit the key."""

    def __init__(self, guess: Guess) -> None:
        self.guess = guess
        self.made = self.right = 0

    def __call__(self, step: CheckStep, rng: random.Random) -> str:
        letter = self.guess(step, rng)
        self.made += 1
        self.right += letter == shown(step, step.question.correct_index)
        return letter

    @property
    def figure(self) -> str:
        return f"guesses right {100 * self.right / max(1, self.made):.0f}% of {self.made}"


A = TypeVar("A", bound=Ask)


def each_taker(
    world: World, rng: random.Random, o: Outcomes, make: Callable[[Person], A], *, quick: bool
) -> Iterator[tuple[A, Taken]]:
    """Every taker once, answering by `make(person)`; each report and unreadable file goes into `o`."""
    for _ in range(world.takers):
        with person(world.taxonomy, world.ref, rng) as p:
            ask = make(p)
            taken = p.take(ask, quick=quick)
            o.add(taken.report)
            o.unreadable += len(p.unreadable)
            yield ask, taken


def baseline(world: World, model: str, quick: bool, claims: str) -> Row:
    """The plain know-nothing who guesses uniformly: what every trick is compared with."""
    o = Outcomes()
    rng = world.rng("baseline", claims, model, quick)
    guess = Counted(uniform_guess)
    for _ in each_taker(world, rng, o, lambda p: plain(p, model, claim_rule(world, claims, rng), guess), quick=quick):
        pass
    behaviour = f"0. baseline: know-nothing {claims}, guesses"
    return Row(behaviour, mode_name(quick), model, o, guess.figure, *know_nothing_target(o, quick))


def go_back(world: World, model: str, quick: bool) -> Row:
    o = Outcomes()
    rng = world.rng("go-back", model, quick)
    tries = accepted = exploited = 0
    for probe, _ in each_taker(world, rng, o, lambda p: GoBackProbe(p, model), quick=quick):
        tries += probe.tries
        accepted += probe.accepted
        exploited += probe.exploited
    figure = f"back after an answer accepted {accepted} of {tries} tries; keys learned {exploited}"
    return Row("1. go-back probe", mode_name(quick), model, o, figure, *know_nothing_target(o, quick))


def pick_target(report: dict[str, Any], tried: dict[str, int]) -> str | None:
    """A required skill of the closest path not yet shown at its required level (paths in the
    report's order, closest first): of those, the one re-measured least often so far (then the
    taxonomy's order), so that a skill whose bank stands firm does not take every re-measure."""
    levels = {s["id"]: s["evidenced"] for s in report["skills"]}
    for path in report["paths"]:
        unmet = [
            str(req["skill"])
            for req in path["requires"]
            if not req.get("met", levels.get(req["skill"], 0) >= req["level"])
        ]
        if unmet:
            return min(unmet, key=lambda skill: tried.get(skill, 0))
    return None


def piling(world: World, model: str, *, quick: bool = False) -> Row:
    """An honest know-nothing's full quiz, then re-measures of the closest path's unmet skills
    (`quiz --skill X`, with `--quick` when `quick`). The row is the end of the run; the figure
    also gives the peak along the way, where a person who watches their report would stop."""
    o = Outcomes()
    rng = world.rng("piling", model, quick)
    marks = sorted({m for m in (10, 25, 50) if m < world.rounds} | {world.rounds})
    at_mark: dict[int, list[float]] = {m: [] for m in marks}
    first: list[float] = []
    peaks: list[float] = []
    met_on_the_way = 0
    asked = remeasures = stale = 0  # checks the re-measures asked; re-measures short of fresh questions
    for _ in range(world.takers):
        with person(world.taxonomy, world.ref, rng) as p:
            report = p.take(plain(p, model, lambda t: 0, dont_know)).report
            first.append(readiness_of(report))
            peak, met = readiness_of(report), False
            claim_top = plain(p, model, lambda t: world.taxonomy.top_level)
            tried: dict[str, int] = {}
            for round_ in range(1, world.rounds + 1):
                target = pick_target(report, tried)
                if target is not None:  # every path met: nothing left to pile on
                    tried[target] = tried.get(target, 0) + 1
                    p.clock.advance(minutes=5)
                    taken = p.take(claim_top, skills=(target,), quick=quick)
                    report = taken.report
                    # The stored assessment holds this run's checks of the skill; earlier ones moved out.
                    asked += sum(1 for check in taken.stored.checks if check.skill == target)
                    remeasures += 1
                    stale += bool(report.get("not_fresh", {}).get("count"))
                    peak = max(peak, readiness_of(report))
                    met = met or any(path["meets"] for path in report["paths"])
                if round_ in at_mark:
                    at_mark[round_].append(readiness_of(report))
            o.add(report)
            o.unreadable += len(p.unreadable)
            peaks.append(peak)
            met_on_the_way += met
    trail = " → ".join([f"{quantile(first, 0.5):.1f}"] + [f"{quantile(at_mark[m], 0.5):.1f} ({m})" for m in marks])
    figure = (
        f"median after n re-measures: {trail}; the highest along the way: median {quantile(peaks, 0.5):.1f}, "
        f"p90 {quantile(peaks, 0.9):.1f}; met along the way {met_on_the_way}/{world.takers}; "
        f"checks per re-measure {asked / max(1, remeasures):.1f}, re-measures short of fresh questions "
        f"{100 * stale / max(1, remeasures):.0f}%"
    )
    return Row(
        f"2. re-measure piling ({world.rounds} re-measures{', --quick' if quick else ''})",
        "full, then --skill" + (" --quick" if quick else ""),
        model,
        o,
        figure,
        f"p90 ≤ 10 after {world.rounds} and at the peak, none met",
        quantile(o.mean, 0.9) <= 10 and quantile(peaks, 0.9) <= 10 and not met_on_the_way,
    )


def learner(world: World, model: str) -> Row:
    """An honest full quiz; one level really gained in one skill; 30 days later a re-measure."""
    o = Outcomes()
    rng = world.rng("learner", model)
    top = world.taxonomy.top_level
    read_new = read_before = 0
    for truth in world.people("learner"):
        with person(world.taxonomy, world.ref, rng, truth) as p:
            report = p.take(plain(p, model, lambda t: t)).report
            skill = rng.choice(sorted(s for s, level in p.truth.items() if level < top))
            before = next(s["evidenced"] for s in report["skills"] if s["id"] == skill)
            read_before += before == p.truth[skill]
            p.truth[skill] += 1
            p.clock.advance(days=30)
            report = p.take(plain(p, model, lambda t: t), skills=(skill,)).report
            after = next(s["evidenced"] for s in report["skills"] if s["id"] == skill)
            read_new += after == p.truth[skill]
            o.add(report, p)
            o.unreadable += len(p.unreadable)
    n = world.takers
    figure = (
        f"read at the new level after one re-measure: {100 * read_new / n:.0f}% "
        f"(at the old level before: {100 * read_before / n:.0f}%); met falsely {sum(o.falsely_met)}"
    )
    return Row(
        "2. the learner (+1 level, 30 days)", "full", model, o, figure, "≥ 80% at the new level", read_new >= 0.8 * n
    )


def memoriser(world: World, model: str, takes: int = 6, *, fresh: bool = False) -> Row:
    """A know-nothing claiming 4 who answers every question whose key an earlier report showed;
    with `fresh`, each take starts in a new, empty data directory (the keys stay in mind)."""
    rng = world.rng("memoriser", model, fresh)
    per_take = [Outcomes() for _ in range(takes)]
    learned: list[int] = []
    recalled = [0] * takes
    unreadable = 0
    for _ in range(world.takers):
        keys: dict[str, str] = {}  # question id -> its key's letter in the file
        with contextlib.ExitStack() as stack:
            p = stack.enter_context(person(world.taxonomy, world.ref, rng))
            for take in range(takes):
                if fresh and take:
                    unreadable += len(p.unreadable)
                    stack.close()
                    p = stack.enter_context(person(world.taxonomy, world.ref, rng))

                def ask(view: StepView, take: int = take, p: Person = p, keys: dict[str, str] = keys) -> str:
                    step = view.step
                    if isinstance(step, RateStep):
                        return str(world.taxonomy.top_level)
                    if isinstance(step, GoalStep):
                        return "0"
                    key = keys.get(step.question.id)
                    if key is not None:
                        recalled[take] += 1
                        return shown(step, OPTION_LETTERS.index(key))
                    return answer(p, model, step)

                report = p.take(ask).report
                per_take[take].add(report)
                for missed in report["missed"]:
                    keys[missed["question"]] = missed["file_letters"]["correct"]
                p.clock.advance(days=1)
            unreadable += len(p.unreadable)
        learned.append(len(keys))
    worst = max(range(takes), key=lambda t: quantile(per_take[t].mean, 0.9))
    o = per_take[worst]
    o.met = [max(t.met[i] for t in per_take) for i in range(world.takers)]  # met at any take
    o.unreadable = unreadable
    trail = " → ".join(f"{quantile(t.mean, 0.5):.1f}/{quantile(t.mean, 0.9):.1f}" for t in per_take)
    figure = (
        f"median/p90 by take: {trail}; figures of take {worst + 1} (highest p90), met at any take; "
        f"keys read {quantile(learned, 0.5):.0f} (median), answered from memory by take: "
        f"{', '.join(f'{r / world.takers:.1f}' for r in recalled)} per taker"
    )
    where = ", a new data directory each" if fresh else ""
    target = know_nothing_target(o, False) if not fresh else ("(information: retiring is per data directory)", None)
    return Row(f"3{'b' if fresh else ''}. memoriser, {takes} full retakes{where}", "full", model, o, figure, *target)


def cue_guesser(world: World, model: str, quick: bool, strategy: str, claims: str) -> Row:
    guess = Counted(
        {"drop-extremes": drop_extremes, "second-longest": second_longest, "most-similar": most_similar}[strategy]
    )
    o = Outcomes()
    rng = world.rng("cue", strategy, claims, model, quick)
    for _ in each_taker(world, rng, o, lambda p: plain(p, model, claim_rule(world, claims, rng), guess), quick=quick):
        pass
    figure = f"{guess.figure} (chance 25%)"
    return Row(f"4. {strategy}, {claims}", mode_name(quick), model, o, figure, *know_nothing_target(o, quick))


def quick_peek(world: World, model: str) -> Row:
    o = Outcomes()
    rng = world.rng("peek", model)
    lowered = refused = 0
    for peek, _ in each_taker(world, rng, o, lambda p: QuickPeek(p, model), quick=True):
        lowered += peek.lowered
        refused += peek.refused
    figure = f"ratings lowered after a check showed: {lowered / world.takers:.1f} per taker; back refused {refused}"
    return Row("5. quick-mode peek", "quick", model, o, figure, *know_nothing_target(o, True))


def quick_rewind(world: World, model: str) -> Row:
    o = Outcomes()
    rng = world.rng("rewind", model)
    dodged = refused = checks = 0
    for rewind, taken in each_taker(world, rng, o, lambda p: QuickRewind(p, model), quick=True):
        dodged += len(rewind.dodged)
        refused += rewind.refused
        checks += len(taken.stored.checks)
    n = world.takers
    figure = (
        f"sampled skills dodged (skipped) {dodged / n:.1f} per taker, checks still asked {checks / n:.1f}; "
        f"back refused {refused}"
    )
    return Row("5b. quick rewind: skip each sampled skill", "quick", model, o, figure, *know_nothing_target(o, True))


def last_area(world: World, model: str, quick: bool) -> Row:
    """Honest everywhere but the last area, where every skill is claimed at 4; the same people
    (true levels uniform) honest are the comparison."""
    top = world.taxonomy.top_level
    last = world.taxonomy.areas[-1].id
    in_last = {s.id for s in world.taxonomy.skills if s.area == last}
    o, honest = Outcomes(), Outcomes()
    rng = world.rng("last-area", model, quick)
    for truth in world.people("last-area"):
        # The same seed both times: the same quiz (option order, --quick's sample) and answers
        # drawn alike, so the difference is the over-claim's.
        seed = rng.random()
        with person(world.taxonomy, world.ref, random.Random(seed), truth) as p:
            honest.add(p.take(plain(p, model, lambda t: t), quick=quick).report, p)
            o.unreadable += len(p.unreadable)
        with person(world.taxonomy, world.ref, random.Random(seed), truth) as p:

            def ask(view: StepView, p: Person = p) -> str:
                step = view.step
                if isinstance(step, RateStep) and step.skill.id in in_last:
                    return str(top)
                return plain(p, model, lambda t: t)(view)

            o.add(p.take(ask, quick=quick).report, p)
            o.unreadable += len(p.unreadable)
    gains = [a - b for a, b in zip(o.mean, honest.mean, strict=True)]
    best_gains = [a - b for a, b in zip(o.best, honest.best, strict=True)]
    figure = (
        f"minus the same people honest: mean {statistics.fmean(gains):+.1f}, p90 {quantile(gains, 0.9):+.1f}, "
        f"max {max(gains):+.1f} (best path max {max(best_gains):+.1f}); "
        f"paths met the true levels do not meet: {sum(o.falsely_met)} (honest {sum(honest.falsely_met)})"
    )
    return Row(f"6. over-claims only {last}", mode_name(quick), model, o, figure, "(information)", None)


def under_rater(world: World, model: str, quick: bool, below: int = 2) -> Row:
    o = Outcomes()
    rng = world.rng("under", model, quick)
    errors: list[int] = []
    above = 0
    for truth in world.people("under-rater"):
        with person(world.taxonomy, world.ref, rng, truth) as p:
            taken = p.take(plain(p, model, lambda t: max(0, t - below)), quick=quick)
            o.add(taken.report, p)
            o.unreadable += len(p.unreadable)
            right: dict[str, int] = {}
            for check in taken.stored.checks:
                if check.correct:
                    right[check.skill] = max(right.get(check.skill, 0), check.level)
            over = False
            for skill in taken.report["skills"]:
                errors.append(abs(skill["evidenced"] - p.truth[skill["id"]]))
                claimed = skill["claimed"] if skill["claimed"] is not None else 0
                if skill["evidenced"] > max(claimed, right.get(skill["id"], 0)):
                    over = True
            above += over
    error = statistics.fmean(errors)
    figure = (
        f"level error {error:.2f}; takers reported above their claim and every level answered right: "
        f"{above}; met falsely {sum(o.falsely_met)}"
    )
    holds = error <= 0.4 and above == 0
    return Row(
        f"7. under-rater (rates {below} below)", mode_name(quick), model, o, figure, "error ≤ 0.4, 0 above", holds
    )


# --- the table -----------------------------------------------------------------------------------

BEHAVIOURS = ADVERSARIAL


def rows_for(world: World, behaviour: str, model: str) -> Iterator[Row]:
    both = (False, True)
    if behaviour == "baseline":
        for claims in ("claims 4", "random claims"):
            for quick in both:
                yield baseline(world, model, quick, claims)
    elif behaviour == "go-back":
        for quick in both:
            yield go_back(world, model, quick)
    elif behaviour == "piling":
        yield piling(world, model)
        yield piling(world, model, quick=True)
    elif behaviour == "learner":
        yield learner(world, model)
    elif behaviour == "memoriser":
        yield memoriser(world, model)
        yield memoriser(world, model, fresh=True)
    elif behaviour == "cues":
        for strategy in ("drop-extremes", "second-longest", "most-similar"):
            for claims in ("claims 4", "random claims"):
                for quick in both:
                    yield cue_guesser(world, model, quick, strategy, claims)
    elif behaviour == "peek":
        yield quick_peek(world, model)
        yield quick_rewind(world, model)
    elif behaviour == "last-area":
        for quick in both:
            yield last_area(world, model, quick)
    elif behaviour == "under-rater":
        for quick in both:
            yield under_rater(world, model, quick)


HEADER = (
    "behaviour",
    "mode",
    "model",
    "median readiness",
    "p90 readiness",
    "best path p90",
    "any path met",
    "behaviour's figure",
    "target",
    "holds",
)


def print_table(world: World, behaviours: tuple[str, ...], models: tuple[str, ...]) -> list[Row]:
    """Print the adversarial table, a row as soon as it is measured; the rows, for tests."""
    print()
    print(
        f"## Adversarial takers: {world.takers} per behaviour, through the real flow and store "
        "(readiness: mean over the paths, per taker)"
    )
    print()
    print("| " + " | ".join(HEADER) + " |")
    print("|---|---|---|---:|---:|---:|---:|---|---|---|")
    rows = []
    for behaviour in behaviours:
        for model in models:
            started = time.perf_counter()
            for row in rows_for(world, behaviour, model):
                print("| " + " | ".join(row.cells()) + " |", flush=True)
                rows.append(row)
            print(f"  ({behaviour}, {model}: {time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    return rows
