"""Pydantic models of the taxonomy and of a stored assessment. No I/O here."""

from __future__ import annotations

import random
from functools import cached_property
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    model_validator,
)

from skillcheck.safetext import escaped, safe_text, visible_text
from skillcheck.times import parse as parse_time

# Text is read from files other people write: control characters are refused (they could
# rewrite the terminal) and so is text that is blank once invisible characters are removed.
Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(visible_text)]
Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$", max_length=100),
]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$"), AfterValidator(safe_text)]
# The one integer type of every file skillcheck reads: strict, so that YAML's `yes`/`on` (booleans),
# `1.0` and a quoted `'1'` are errors instead of silently becoming numbers, and a level key `1`
# and `'1'` cannot both pass the duplicate-key guard and then collide.
Int = Annotated[int, Strict()]
Bool = Annotated[bool, Strict()]
LevelNumber = Annotated[int, Strict(), Field(ge=0, le=9)]
Version = Annotated[str, StringConstraints(min_length=1, max_length=50), AfterValidator(visible_text)]


def _iso_time(value: str) -> str:
    """A stored time: an ISO 8601 timestamp in ASCII digits (shown in reports, used in file names)."""
    try:
        parse_time(value)
    except ValueError:
        raise ValueError("is not an ISO 8601 time such as 2026-11-25T20:45:32+00:00") from None
    return value


Time = Annotated[str, AfterValidator(_iso_time)]


class Frozen(BaseModel):
    """Base of every model: unknown keys are errors, values do not change once loaded."""

    # defer_build: a model's validator is built on first use, so a command pays only for the
    # models it uses (nested ones are built into their parent's schema, not on their own).
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Level(Frozen):
    level: LevelNumber
    name: Text
    meaning: Text


class Area(Frozen):
    id: Id
    name: Text
    description: Text | None = None


class Resource(Frozen):
    title: Text
    url: Url | None = None
    book: Text | None = None
    why: Text

    @model_validator(mode="after")
    def _url_or_book(self) -> Resource:
        if (self.url is None) == (self.book is None):
            raise ValueError("a resource needs exactly one of 'url' or 'book'")
        return self


class Option(Frozen):
    text: Text
    correct: Bool = False


# How options are labelled, at prompts, in answers files and in stored answers.
OPTION_LETTERS = "abcdefgh"


class Code(Frozen):
    """Code, a command or program output shown with a question: laid out verbatim, never reflowed."""

    language: Id
    text: Text


# Languages a test can execute to check that the keyed option is the program's output.
RUNNABLE_LANGUAGES = ("python", "sql", "bash")


class Run(Frozen):
    """Marks a question whose keyed option is its code's output; a test runs `setup` + code."""

    setup: Text | None = None


class Question(Frozen):
    id: Id
    level: LevelNumber
    prompt: Text
    code: Code | None = None
    run: Run | None = None
    options: tuple[Option, ...] = Field(min_length=2, max_length=len(OPTION_LETTERS))
    explanation: Text

    @model_validator(mode="after")
    def _runnable(self) -> Question:
        if self.run is not None and (self.code is None or self.code.language not in RUNNABLE_LANGUAGES):
            raise ValueError(f"'run' needs a code block in one of: {', '.join(RUNNABLE_LANGUAGES)}")
        return self

    @property
    def correct_index(self) -> int:
        """Index of the correct option (validation guarantees there is exactly one)."""
        return next(i for i, option in enumerate(self.options) if option.correct)

    # --- the answer rules: every reader of an answer goes through these ---------------------
    # An option is named by its letter in the taxonomy file ("a" is the first option written),
    # whatever order it was shown in; answers files and stored answers use that name.

    @property
    def letters(self) -> str:
        return OPTION_LETTERS[: len(self.options)]

    def option(self, letter: str) -> Option | None:
        """The option a file letter names; None for a letter this question does not have."""
        index = self.letters.find(letter) if len(letter) == 1 else -1
        return self.options[index] if index >= 0 else None

    def is_correct(self, letter: str | None) -> bool:
        option = self.option(letter) if letter is not None else None
        return option is not None and option.correct

    def describe(self, letter: str | None, order: tuple[int, ...] | None = None) -> str:
        """`b) text` for the option a file letter names, for reports: with `order`, under the
        letter it was shown under (what the person saw and typed), else its letter in the file."""
        if letter is None:
            return "(no answer)"
        option = self.option(letter)
        if option is None:
            return f"{letter}) (no longer offered)"
        shown = self.shown_letter(letter, order) if order is not None else letter
        return f"{shown or letter}) {option.text}"

    @property
    def correct_letter(self) -> str:
        return OPTION_LETTERS[self.correct_index]

    def shown_order(self, seed: int | None) -> tuple[int, ...]:
        """The order the options are shown in: shuffled per assessment, identity without a seed."""
        order = list(range(len(self.options)))
        if seed is not None:
            random.Random(f"{seed}:{self.id}").shuffle(order)
        return tuple(order)

    def answered(self, skill: str, letter: str | None, *, dont_know: bool = False) -> Check:
        """The stored answer: the option a file letter names (None: a skip or "I don't know")."""
        return Check(
            skill=skill,
            question=self.id,
            level=self.level,
            choice=letter,
            correct=self.is_correct(letter),
            dont_know=dont_know and letter is None,
        )

    def shown_letter(self, letter: str, order: tuple[int, ...]) -> str | None:
        """The letter that the option a file letter names is shown under, in `order`."""
        if self.option(letter) is None:
            return None
        return OPTION_LETTERS[order.index(self.letters.index(letter))]

    def parse_shown(self, typed: str, order: tuple[int, ...]) -> str | None:
        """The file letter of the option shown under the letter typed, in `order`; None if none."""
        index = OPTION_LETTERS.find(typed) if len(typed) == 1 else -1
        if not 0 <= index < len(order):
            return None
        return OPTION_LETTERS[order[index]]


class Prerequisite(Frozen):
    """Another skill at a level, needed before a step can be taken."""

    skill: Id
    level: LevelNumber


class Step(Frozen):
    """What it takes to reach one level of a skill from the level below it.

    `hours` is the effort for a typical learner and `basis` what that figure rests on (course
    lengths of the resources, for example). Both are optional so that a taxonomy can name
    prerequisites without effort figures; `skillcheck plan` needs the hours of every step it uses.
    """

    hours: Annotated[int, Strict(), Field(ge=1, le=10_000)] | None = None  # strict: `yes`, `'5'`, `5.0` are no hours
    basis: Text | None = None
    requires: tuple[Prerequisite, ...] = ()


class Skill(Frozen):
    id: Id
    name: Text
    area: Id
    description: Text
    sfia: tuple[Annotated[str, StringConstraints(pattern=r"^[A-Z]{4}$")], ...] = ()
    levels: dict[LevelNumber, Text]
    # The step up to each level (keyed by the level reached); a level without one has no known
    # prerequisites and no effort estimate.
    steps: dict[LevelNumber, Step] = {}
    resources: tuple[Resource, ...] = ()
    questions: tuple[Question, ...] = Field(min_length=2)


Node = tuple[str, int]  # (skill id, level): reaching that level of that skill, one step of learning


class Requirement(Frozen):
    skill: Id
    level: LevelNumber
    weight: Annotated[int, Strict(), Field(ge=1, le=5)]
    basis: Text | None = None  # why the path needs this level: the source's task or knowledge it rests on


class Reference(Frozen):
    title: Text
    url: Url | None = None


class Outlook(Frozen):
    """Pay and job outlook of the occupation a path leads to, as a public source states them."""

    occupation: Text  # the source's occupation the figures are for
    proxy: Bool = False  # true when the path has no occupation of its own and this stands in
    median_pay: Annotated[int, Strict(), Field(gt=0)]  # per year, in US dollars
    pay_period: Text
    growth_percent: Int
    growth_period: Text
    source: Text
    url: Url


class CareerPath(Frozen):
    id: Id
    name: Text
    description: Text
    references: tuple[Reference, ...] = ()
    source: Text | None = None  # what the requirements rest on
    outlook: Outlook | None = None
    requires: tuple[Requirement, ...]


class Taxonomy(Frozen):
    """A whole skill taxonomy as written in a YAML file."""

    id: Id
    version: Version
    name: Text
    description: Text | None = None
    attribution: Text | None = None
    levels: tuple[Level, ...] = Field(min_length=2)
    areas: tuple[Area, ...] = Field(min_length=1)
    skills: tuple[Skill, ...] = Field(min_length=1)
    paths: tuple[CareerPath, ...] = Field(min_length=1)

    @property
    def top_level(self) -> int:
        return max(level.level for level in self.levels)

    @cached_property
    def skills_by_id(self) -> dict[str, Skill]:
        # Built once per taxonomy (cached_property writes the instance's __dict__ directly, which a
        # frozen model allows): a report asks for it once per path, 50 times at 10,000 skills.
        return {skill.id: skill for skill in self.skills}

    @cached_property
    def path_ids(self) -> frozenset[str]:
        return frozenset(career.id for career in self.paths)

    def path(self, path_id: str) -> CareerPath:
        return next(p for p in self.paths if p.id == path_id)


def _display_source(value: object) -> object:
    # The path a taxonomy was read from, as given on the command line: kept for messages, with
    # any control character written out rather than refused (the file itself was fine).
    return escaped(value) if isinstance(value, str) else value


class TaxonomyRef(Frozen):
    """Which taxonomy an assessment was taken against: enough to notice it changed since."""

    id: Id
    version: Version
    hash: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z]{1,128}$")]
    source: Annotated[str, BeforeValidator(_display_source), StringConstraints(max_length=4096)] | None = None


class Rating(Frozen):
    """A self-rating; level None means the person skipped the skill."""

    kind: Literal["rating"] = "rating"
    skill: Id
    level: LevelNumber | None


class Check(Frozen):
    """An answered knowledge check.

    `choice` names the option picked by its letter in the taxonomy file (not the letter it was
    shown under: options are shuffled); None means no option was picked, either a skip or, with
    `dont_know`, an "I don't know".
    """

    kind: Literal["check"] = "check"
    skill: Id
    question: Id
    level: LevelNumber
    choice: Annotated[str, StringConstraints(pattern=f"^[{OPTION_LETTERS}]$")] | None
    # Scoring reads every stored check afresh from `choice`; this flag serves the quiz while it
    # runs. A draft leaves it out (it would tell a person mid-quiz which answers were right), and
    # a resumed quiz works it out again (flow.rekeyed).
    correct: Bool = False
    dont_know: Bool = False


Answer = Annotated[Rating | Check, Field(discriminator="kind")]


class EarlierCheck(Check):
    """A check answered in an earlier assessment, carried forward as evidence (docs/scoring.md,
    "Evidence across assessments"); `at` is when that assessment was taken."""

    at: Time


# 2: options are shuffled (`seed`), `dont_know` on checks. Version 1 files load unchanged:
# they have no seed, so their options were shown in file order, as a missing seed means.
# 3: the goal; 4: earlier checks carried forward; 5: `sample_seed`.
ASSESSMENT_SCHEMA_VERSION: Literal[5] = 5


def newer_than(version: object, supported: int) -> bool:
    """A file's schema_version written by a newer skillcheck than one that reads up to `supported`."""
    return isinstance(version, int) and not isinstance(version, bool) and version > supported


class Pace(Frozen):
    """How long this person's answers took, against what the reading model expected (kept locally)."""

    seconds: Annotated[float, Field(ge=0, le=1e7)] = 0.0
    expected: Annotated[float, Field(ge=0, le=1e7)] = 0.0
    prompts: Annotated[int, Strict(), Field(ge=0, le=10**6)] = 0


class Goal(Frozen):
    """The path a person aims for, asked before the skills; `path` None: not sure, compare them all."""

    path: Id | None = None


class Assessment(Frozen):
    """An assessment, finished or not, as stored on disk: the answers in the order given.

    Every field is bounded, since a stored file may be hand-edited or made by another tool: ids
    as a taxonomy writes them, levels on a 0-9 scale, a choice one of the option letters, times
    in ISO 8601, and each skill rated and each question answered at most once (so the work a
    report does is bounded by the taxonomy, however large the file).
    """

    schema_version: Literal[1, 2, 3, 4, 5] = ASSESSMENT_SCHEMA_VERSION
    # Names the stored file (its first 8 characters), so nothing but letters, digits, - and _.
    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")]
    # Shuffles options and breaks ties between questions; None: file order.
    seed: Annotated[int, Strict(), Field(ge=0, lt=2**63)] | None = None
    name: Text | None = None  # who took it, for a mentor's team view; optional
    started_at: Time
    taken_at: Time | None = None  # set when the assessment is complete
    taxonomy: TaxonomyRef
    paths: tuple[Id, ...] = ()
    goal: Goal | None = None  # None: not asked (an older file, or a re-measure)
    pace: Pace | None = None  # the person's measured reading pace, for the time left
    quick: Bool = False
    # --quick: drawn when the last rating is in, and the sample of skills to check drawn from it,
    # so nothing in the draft while rating (not `seed`) tells which skills will be checked.
    # None: an older file, or a quiz whose sample follows from `seed` (a simulation's, a test's).
    sample_seed: Annotated[int, Strict(), Field(ge=0, lt=2**63)] | None = None
    skills: tuple[Id, ...] = ()  # the skills the quiz covered, so a report can tell what changed
    # quiz --skill: the skills re-measured since the last full assessment (this run's, and once
    # completed any earlier run's); every other skill's answers were kept from `update_of`.
    only: tuple[Id, ...] = ()
    update_of: str | None = None
    answers: tuple[Answer, ...] = ()
    # The full assessment's answers for the skills in `only`, kept because the rating tendency
    # stays the one the full assessment learned from them (their checks are in `earlier` too).
    replaced: tuple[Answer, ...] = ()
    # Checks of earlier assessments with the same taxonomy: still evidence, and their questions
    # are not asked again (the person may have read the keys in a report).
    earlier: tuple[EarlierCheck, ...] = ()
    # Skills for which a check was wanted but every question at that level had been asked before.
    not_fresh: tuple[Id, ...] = ()

    @model_validator(mode="after")
    def _each_once(self) -> Assessment:
        rated: set[str] = set()
        checked: set[str] = set()
        for index, answer in enumerate(self.answers):
            if isinstance(answer, Rating):
                if answer.skill in rated:
                    raise ValueError(f"answers[{index}] rates the skill '{answer.skill}' a second time")
                rated.add(answer.skill)
            else:
                if answer.question in checked:
                    raise ValueError(f"answers[{index}] answers the question '{answer.question}' a second time")
                checked.add(answer.question)
        carried: set[str] = set()
        for index, check in enumerate(self.earlier):
            if check.question in carried or check.question in checked:
                raise ValueError(f"earlier[{index}] carries the question '{check.question}' a second time")
            carried.add(check.question)
        return self

    @property
    def complete(self) -> bool:
        return self.taken_at is not None

    @property
    def ratings(self) -> dict[str, int | None]:
        return {a.skill: a.level for a in self.answers if isinstance(a, Rating)}

    @property
    def checks(self) -> list[Check]:
        return [a for a in self.answers if isinstance(a, Check)]
