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
from skillcheck.errors import SkillcheckError, did_you_mean
from skillcheck.gcpause import paused_gc
from skillcheck.models import Taxonomy
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
        problems = [
            Problem(tuple(error["loc"]), _pydantic_message(error))
            # include_input=False: rendering the offending input can be very slow for a large
            # value, and the message plus the line say enough.
            for error in exc.errors(include_input=False, include_url=False)
        ]
        # Every problem in one run: cross-references too, not only after the fields are fixed.
        problems += [p for p in cross_check(document.data) if p not in problems]
        raise TaxonomyError(_report(problems, parse(text, source), source)) from None
    problems = list(cross_check(document.data))
    if problems:
        raise TaxonomyError(_report(problems, parse(text, source), source))
    if cache is not None:
        cache.put(digest, taxonomy)
    return LoadedTaxonomy(taxonomy, source, digest)


def _pydantic_message(error: Any) -> str:
    message = str(error["msg"])
    if error["type"] == "extra_forbidden":
        return "unknown key (check the spelling)"
    if error["type"] == "missing":
        return "required key is missing"
    return message.removeprefix("Value error, ")


def _report(problems: list[Problem], document: Document, source: str) -> str:
    lines = [f"{source}: {len(problems)} problem{'s' if len(problems) != 1 else ''} found:"]
    located = [(document.line_of(problem.path), problem) for problem in problems]
    # In file order, so the list reads top to bottom like the file (stable for one line).
    located.sort(key=lambda pair: pair[0] if pair[0] is not None else 0)
    for line, problem in located:
        where = f"{source}:{line}" if line is not None else source
        lines.append(f"  {where}: {format_path(problem.path)}: {problem.message}")
    return "\n".join(lines)


def _duplicates(ids: list[str]) -> set[str]:
    return {value for value, count in Counter(ids).items() if count > 1}


def _entries(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    """The mappings listed under `key`, with their index; anything else is field validation's to report."""
    value = data.get(key) if isinstance(data, dict) else None
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)] if isinstance(value, list) else []


def _number(value: Any) -> int | None:
    """A level number as field validation would read it (`2`, or the key `'2'`), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return None


def cross_check(data: Any) -> Iterator[Problem]:
    """Problems that span several parts of a taxonomy, which field validation cannot see.

    It reads the file's plain data rather than the validated model, so that it runs even when
    field validation failed: `validate` then lists a misspelt key and an unknown skill id in
    one run. Values of the wrong type are skipped here; field validation reports them.
    """
    entries = _entries(data, "levels")
    numbers = [n for _, level in entries if (n := _number(level.get("level"))) is not None]
    if len(numbers) == len(entries) and sorted(numbers) != list(range(len(numbers))):
        yield Problem(("levels",), f"levels must be numbered 0, 1, 2, ... in order without gaps; found {numbers}")
    # The scale is as long as the list of levels, even where one level's number is missing or
    # misspelt (field validation reports that): one typo must not make every reference wrong.
    rated = set(range(1, len(entries)))

    for collection in ("areas", "skills", "paths"):
        seen: set[Any] = set()
        for index, item in _entries(data, collection):
            item_id = item.get("id")
            if isinstance(item_id, str) and item_id in seen:
                yield Problem((collection, index, "id"), f"duplicate id '{item_id}'")
            seen.add(item_id)

    areas = _entries(data, "areas")
    skills = _entries(data, "skills")
    area_ids = {area.get("id") for _, area in areas}
    skill_ids: set[str] = {skill["id"] for _, skill in skills if isinstance(skill.get("id"), str)}
    used_areas = {skill.get("area") for _, skill in skills}
    for index, area in areas:
        if isinstance(area.get("id"), str) and area.get("id") not in used_areas:
            yield Problem(("areas", index, "id"), f"area '{area.get('id')}' has no skills")

    question_ids: set[str] = set()
    for s_index, skill in skills:
        where = ("skills", s_index)
        if isinstance(skill.get("area"), str) and skill.get("area") not in area_ids:
            known_areas = {a for a in area_ids if isinstance(a, str)}
            yield Problem((*where, "area"), f"unknown area '{skill['area']}'{did_you_mean(skill['area'], known_areas)}")
        levels = skill.get("levels")
        if isinstance(levels, dict) and rated:
            described = {n: key for key in levels if (n := _number(key)) is not None}
            for missing in sorted(rated - set(described)):
                yield Problem((*where, "levels"), f"missing the description of level {missing}")
            for extra in sorted(set(described) - rated):
                reason = "level 0 means no exposure and takes no description" if extra == 0 else "the scale lacks it"
                yield Problem((*where, "levels", described[extra]), f"level {extra} is described but {reason}")
        for q_index, question in _entries(skill, "questions"):
            q_where = (*where, "questions", q_index)
            question_id = question.get("id")
            if isinstance(question_id, str):
                if question_id in question_ids:
                    yield Problem((*q_where, "id"), f"duplicate question id '{question_id}'")
                question_ids.add(question_id)
            level = _number(question.get("level"))
            if level is not None and rated and level not in rated:
                yield Problem((*q_where, "level"), f"probes level {level}, which the scale lacks")
            options = [option for _, option in _entries(question, "options")]
            if options:
                correct = sum(option.get("correct") is True for option in options)
                if correct != 1:
                    yield Problem(
                        (*q_where, "options"),
                        f"needs exactly one option with 'correct: true', has {correct}",
                    )
                texts = [o["text"].strip().casefold() for o in options if isinstance(o.get("text"), str)]
                for duplicate in sorted(_duplicates(texts)):
                    yield Problem((*q_where, "options"), f"the option '{duplicate}' appears twice")

    names = {
        skill["id"]: skill["name"] for _, skill in skills if isinstance(skill.get("name"), str) and skill.get("id")
    }
    for p_index, career in _entries(data, "paths"):
        where = ("paths", p_index)
        requires = career.get("requires")
        if isinstance(requires, list) and not requires:
            yield Problem((*where, "requires"), f"path '{career.get('id')}' needs at least one skill")
        seen_skills: set[str] = set()
        for r_index, requirement in _entries(career, "requires"):
            r_where = (*where, "requires", r_index)
            skill_id = requirement.get("skill")
            if isinstance(skill_id, str):
                if skill_id not in skill_ids:
                    hint = did_you_mean(skill_id, skill_ids, names)
                    yield Problem((*r_where, "skill"), f"unknown skill '{skill_id}'{hint}")
                if skill_id in seen_skills:
                    yield Problem((*r_where, "skill"), f"skill '{skill_id}' is listed twice")
                seen_skills.add(skill_id)
            level = _number(requirement.get("level"))
            if level is not None and rated and level not in rated:
                yield Problem((*r_where, "level"), f"requires level {level}, which the scale lacks")


def check_path_ids(taxonomy: Taxonomy, path_ids: Sequence[str]) -> None:
    """Reject career path ids the taxonomy lacks, naming the ones it has."""
    known = {career.id for career in taxonomy.paths}
    unknown = [p for p in path_ids if p not in known]
    if unknown:
        names = {career.id: career.name for career in taxonomy.paths}
        listed = "; ".join(f"'{p}'{did_you_mean(p, known, names)}" for p in unknown)
        raise SkillcheckError(f"unknown career path {listed}. The taxonomy has: {', '.join(sorted(known))}.")
