"""Read, guard and validate a taxonomy file; every problem is reported at once, with its line."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path as FsPath
from typing import Any

from pydantic import ValidationError

from skillcheck.cache import TaxonomyCache
from skillcheck.errors import SkillcheckError
from skillcheck.gcpause import paused_gc
from skillcheck.models import Taxonomy, TaxonomyRef
from skillcheck.safetext import quoted
from skillcheck.yamlsafe import MAX_BYTES, Document, KeyPath, YamlError, decode, parse


class TaxonomyError(SkillcheckError):
    """A taxonomy that cannot be used; the message lists every problem found."""


@dataclass(frozen=True)
class Problem:
    path: KeyPath
    message: str


@dataclass(frozen=True)
class LoadedTaxonomy:
    taxonomy: Taxonomy
    source: str  # how messages name the file
    hash: str  # sha256 of the file's bytes: an assessment records it to notice later changes


def default_taxonomy_path() -> FsPath:
    """The shipped taxonomy: inside the installed package, or data/ in a source checkout."""
    packaged = resources.files("skillcheck") / "data" / "skills.yaml"
    if packaged.is_file():
        return FsPath(str(packaged))
    return FsPath(__file__).resolve().parents[2] / "data" / "skills.yaml"


def format_path(path: KeyPath) -> str:
    """`('paths', 2, 'requires', 4, 'skill')` -> `paths[2].requires[4].skill`."""
    text = ""
    for part in path:
        if part == "[key]":  # pydantic's mark for an error in a mapping key rather than its value
            text += " (key)"
        else:
            text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def read_file(path: FsPath, *, what: str = "a taxonomy file") -> tuple[bytes, str]:
    """The file's bytes and the name messages use for it; OSError becomes a clear error.

    `what` names the kind of file the command expected, for the message about a directory.
    """
    source = str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise TaxonomyError(f"{source}: no such file.") from None
    except IsADirectoryError:
        raise TaxonomyError(f"{source}: is a directory, not {what}.") from None
    except PermissionError:
        raise TaxonomyError(f"{source}: permission denied; check the file's permissions.") from None
    except OSError as exc:
        raise TaxonomyError(f"{source}: cannot be read ({exc.strerror or exc}).") from None
    return raw, source


def load_taxonomy(path: FsPath | None = None, *, cache: TaxonomyCache | None = None) -> LoadedTaxonomy:
    """Load and validate the taxonomy at `path` (the shipped one by default).

    With a `cache`, a file whose exact bytes were validated before is read back from it.
    """
    raw, source = read_file(path or default_taxonomy_path())
    return parse_taxonomy(raw, source, cache=cache)


def parse_taxonomy(raw: bytes, source: str, *, cache: TaxonomyCache | None = None) -> LoadedTaxonomy:
    """Validate taxonomy file bytes; raises TaxonomyError listing every problem with its line."""
    digest = hashlib.sha256(raw).hexdigest()
    if cache is not None and (cached := cache.get(digest)) is not None:
        return LoadedTaxonomy(cached, source, digest)
    try:
        text = decode(raw, source)
        # Lines are only needed to report problems; tracking them costs a third of the parse,
        # so the file is read again with lines only when there is something to report.
        document = parse(text, source, track_lines=False)
    except YamlError as exc:
        raise TaxonomyError(exc.message) from None
    if not isinstance(document.data, dict):
        raise TaxonomyError(f"{source}:1: a taxonomy is a YAML mapping with keys such as 'skills' and 'paths'.")
    try:
        with paused_gc():
            taxonomy = Taxonomy.model_validate(document.data)
    except ValidationError as exc:
        document = parse(text, source)
        problems = [
            Problem(tuple(error["loc"]), _pydantic_message(error, document))
            # include_input=False: rendering the offending input can be very slow for a large
            # value, and the message plus the line say enough.
            for error in _without_consequences(exc.errors(include_input=False, include_url=False))
        ]
        raise TaxonomyError(_report(problems, document, source)) from None
    problems = list(cross_check(taxonomy))
    if problems:
        raise TaxonomyError(_report(problems, parse(text, source), source))
    if cache is not None:
        cache.put(digest, taxonomy)
    return LoadedTaxonomy(taxonomy, source, digest)


def _without_consequences(errors: list[Any]) -> list[Any]:
    """Leave out "too short" for a list one of whose items failed: the item's error says it."""
    failed_inside = {tuple(e["loc"][:end]) for e in errors for end in range(len(e["loc"]))}
    return [e for e in errors if not (e["type"] in ("too_short", "too_long") and tuple(e["loc"]) in failed_inside)]


def _pydantic_message(error: Any, document: Document) -> str:
    message = str(error["msg"])
    if error["type"] == "extra_forbidden":
        return "unknown key (check the spelling)"
    if error["type"] == "missing":
        return "required key is missing"
    return _what_yaml_read(error["type"], tuple(error["loc"]), document) or message.removeprefix("Value error, ")


_WANTS_TEXT = {"string_type"}
_WANTS_WHOLE = {"int_type", "int_parsing", "int_from_float"}
_WANTS_LIST = {"tuple_type", "list_type"}


def _what_yaml_read(kind: str, loc: KeyPath, document: Document) -> str | None:
    """When YAML's implicit typing is the cause, say what YAML read and how to write it instead.

    YAML turns unquoted `yes`, `on` and `true` into booleans, `123` and `1.10` and even `12:30`
    into numbers, and quoted `'3'` into text; a bare "Input should be a valid string" names
    none of that.
    """
    found, value = document.value_at(loc)
    written = document.written.get(loc)
    if not found:
        return None
    text, quoted_in_file = written if written is not None else (str(value), False)
    shown = quoted(text)
    if value is None and kind in _WANTS_TEXT | _WANTS_WHOLE | _WANTS_LIST | {"bool_type", "dict_type"}:
        return "has no value (YAML reads an empty value, ~ and null as nothing); write one"
    if kind in _WANTS_TEXT:
        if isinstance(value, bool):
            return f'YAML reads the unquoted {shown} as a boolean; to keep it as text, put it in quotes: "{text}"'
        if isinstance(value, int | float):
            return (
                f"YAML reads the unquoted {shown} as the number {value!r}; to keep it as text, put it in quotes: "
                f'"{text}"'
            )
    if kind in _WANTS_WHOLE | {"bool_type"} and isinstance(value, str) and quoted_in_file:
        return f"is in quotes, so YAML reads {shown} as text; write it without the quotes"
    if kind in _WANTS_WHOLE:
        if isinstance(value, bool):
            return (
                f"YAML reads the unquoted {shown} as a boolean (so it does with yes/no, on/off and true/false); "
                "write a whole number"
            )
        if isinstance(value, float):
            return f"YAML reads {shown} as a decimal number; write a whole number"
    if kind == "bool_type" and isinstance(value, int | float):
        return f"YAML reads {shown} as a number; write true or false"
    if kind in _WANTS_LIST and not isinstance(value, list | dict):
        return f"should be a list (one '- ' item per line), not the single value {shown}"
    if kind == "dict_type" and not isinstance(value, list | dict):
        return f"should be a mapping ('key: value' lines), not the single value {shown}"
    return None


def _report(problems: list[Problem], document: Document, source: str) -> str:
    lines = [f"{source}: {len(problems)} problem{'s' if len(problems) != 1 else ''} found:"]
    for problem in problems:
        line = document.line_of(problem.path)
        where = f"{source}:{line}" if line is not None else source
        lines.append(f"  {where}: {format_path(problem.path)}: {problem.message}")
    return "\n".join(lines)


def _duplicates(ids: list[str]) -> set[str]:
    return {value for value, count in Counter(ids).items() if count > 1}


def cross_check(taxonomy: Taxonomy) -> Iterator[Problem]:
    """Problems that span several parts of a taxonomy, which field validation cannot see."""
    numbers = [level.level for level in taxonomy.levels]
    if sorted(numbers) != list(range(len(numbers))):
        yield Problem(("levels",), f"levels must be numbered 0, 1, 2, ... in order without gaps; found {numbers}")
    scale = set(numbers)
    rated = scale - {0}

    collections: dict[str, list[str]] = {
        "areas": [a.id for a in taxonomy.areas],
        "skills": [s.id for s in taxonomy.skills],
        "paths": [p.id for p in taxonomy.paths],
    }
    for collection, ids in collections.items():
        seen: set[str] = set()
        for index, item_id in enumerate(ids):
            if item_id in seen:
                yield Problem((collection, index, "id"), f"duplicate id '{item_id}'")
            seen.add(item_id)

    area_ids = {area.id for area in taxonomy.areas}
    skill_ids = {skill.id for skill in taxonomy.skills}
    used_areas = {skill.area for skill in taxonomy.skills}
    for index, area in enumerate(taxonomy.areas):
        if area.id not in used_areas:
            yield Problem(("areas", index, "id"), f"area '{area.id}' has no skills")

    question_ids: set[str] = set()
    for s_index, skill in enumerate(taxonomy.skills):
        where = ("skills", s_index)
        if skill.area not in area_ids:
            yield Problem((*where, "area"), f"unknown area '{skill.area}'")
        for missing in sorted(rated - set(skill.levels)):
            yield Problem((*where, "levels"), f"missing the description of level {missing}")
        for extra in sorted(set(skill.levels) - rated):
            reason = "level 0 means no exposure and takes no description" if extra == 0 else "the scale lacks it"
            yield Problem((*where, "levels", extra), f"level {extra} is described but {reason}")
        for q_index, question in enumerate(skill.questions):
            q_where = (*where, "questions", q_index)
            if question.id in question_ids:
                yield Problem((*q_where, "id"), f"duplicate question id '{question.id}'")
            question_ids.add(question.id)
            if question.level not in rated:
                yield Problem((*q_where, "level"), f"probes level {question.level}, which the scale lacks")
            correct = sum(option.correct for option in question.options)
            if correct != 1:
                yield Problem(
                    (*q_where, "options"),
                    f"needs exactly one option with 'correct: true', has {correct}",
                )
            texts = [option.text.strip().casefold() for option in question.options]
            for duplicate in sorted(_duplicates(texts)):
                yield Problem((*q_where, "options"), f"the option '{duplicate}' appears twice")

    for p_index, career in enumerate(taxonomy.paths):
        where = ("paths", p_index)
        if not career.requires:
            yield Problem((*where, "requires"), f"path '{career.id}' needs at least one skill")
        seen_skills: set[str] = set()
        for r_index, requirement in enumerate(career.requires):
            r_where = (*where, "requires", r_index)
            if requirement.skill not in skill_ids:
                yield Problem((*r_where, "skill"), f"unknown skill '{requirement.skill}'")
            if requirement.skill in seen_skills:
                yield Problem((*r_where, "skill"), f"skill '{requirement.skill}' is listed twice")
            seen_skills.add(requirement.skill)
            if requirement.level not in rated:
                yield Problem((*r_where, "level"), f"requires level {requirement.level}, which the scale lacks")


def check_path_ids(taxonomy: Taxonomy, path_ids: Sequence[str]) -> None:
    """Reject career path ids the taxonomy lacks, naming the ones it has."""
    known = {career.id for career in taxonomy.paths}
    unknown = [p for p in path_ids if p not in known]
    if unknown:
        raise SkillcheckError(
            f"unknown career path {', '.join(repr(p) for p in unknown)}; the taxonomy has: {', '.join(sorted(known))}."
        )


def taken_with_another(ref: TaxonomyRef, current: TaxonomyRef) -> str | None:
    """Why an assessment (or report) taken with `ref` cannot be scored against `current`; None if it can.

    The one place that decides which taxonomy an assessment belongs to: the taxonomy `id` it
    recorded. Another version of the same taxonomy is scored (the report notes what changed);
    another taxonomy never is: every skill and path would be missing, every path 0% ready.
    """
    if ref.id == current.id:
        return None
    if ref.source is not None and ref.source == str(default_taxonomy_path()):
        use = "run the command without --taxonomy (it was the shipped taxonomy)"
    elif ref.source is not None:
        use = f"pass that taxonomy's file: --taxonomy {ref.source}"
    else:
        use = "pass that taxonomy's file with --taxonomy"
    return (
        f"it was taken with the taxonomy '{ref.id}' version {ref.version}, not with '{current.id}'"
        + (f" ({current.source})" if current.source else "")
        + f"; scoring it against another taxonomy would be meaningless. To read it, {use}."
    )
