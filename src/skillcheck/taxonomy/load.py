"""Read, guard and validate a taxonomy file; every problem is reported at once, with its line."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any, Protocol

from pydantic import ValidationError

from skillcheck.errors import SUGGESTIONS, SkillcheckError, did_you_mean
from skillcheck.files import read_bounded
from skillcheck.gcpause import paused_gc
from skillcheck.resources import default_taxonomy_path
from skillcheck.safetext import quoted
from skillcheck.taxonomy.cache import TaxonomyCache
from skillcheck.taxonomy.models import Node, Step, Taxonomy, TaxonomyRef
from skillcheck.taxonomy.yamlsafe import MAX_BYTES, Document, KeyPath, YamlError, decode, parse


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

    @property
    def ref(self) -> TaxonomyRef:
        """What an assessment records of its taxonomy. The source is absolute: a message may
        suggest it as --taxonomy from any directory."""
        tax = self.taxonomy
        return TaxonomyRef(id=tax.id, version=tax.version, hash=self.hash, source=str(FsPath(self.source).absolute()))


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
        raw = read_bounded(path, MAX_BYTES)
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
        # Every problem in one run: cross-references too, not only after the fields are fixed, and
        # the steps' prerequisites of every step that is itself valid.
        problems += [p for p in cross_check(document.data) if p not in problems]
        skills, ids, rated = _valid_steps(document.data)
        problems += [p for p in _check_steps(skills, ids, rated) if p not in problems]
        raise TaxonomyError(_report(problems, document, source)) from None
    # Steps (prerequisites and effort) are checked on the validated model: their graph needs it.
    problems = list(cross_check(document.data)) + list(check_steps(taxonomy))
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


def _off_the_scale(value: Any, rated: set[int], where: KeyPath, verb: str) -> Iterator[Problem]:
    """A level a question probes or a path requires must be one the scale has."""
    level = _number(value)
    if level is not None and rated and level not in rated:
        yield Problem(where, f"{verb} level {level}, which the scale lacks")


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
            yield from _off_the_scale(question.get("level"), rated, (*q_where, "level"), "probes")
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
            yield from _off_the_scale(requirement.get("level"), rated, (*r_where, "level"), "requires")


def check_skill_ids(taxonomy: Taxonomy, skill_ids: Sequence[str]) -> None:
    """Reject skill ids the taxonomy lacks, each with the closest id it has (by id or by name)."""
    from skillcheck.invoked import command

    known = taxonomy.skills_by_id
    unknown = [s for s in dict.fromkeys(skill_ids) if s not in known]
    if unknown:
        names = {skill.id: skill.name for skill in taxonomy.skills}
        listed = "; ".join(
            f"'{s}'{did_you_mean(s, known, names) if n < SUGGESTIONS else ''}" for n, s in enumerate(unknown)
        )
        raise SkillcheckError(f"unknown skill {listed}. `{command('skills')}` lists every skill id.")


def check_path_ids(taxonomy: Taxonomy, path_ids: Sequence[str]) -> None:
    """Reject career path ids the taxonomy lacks, naming the ones it has."""
    known = taxonomy.path_ids
    unknown = [p for p in path_ids if p not in known]
    if unknown:
        names = {career.id: career.name for career in taxonomy.paths}
        listed = "; ".join(f"'{p}'{did_you_mean(p, known, names)}" for p in unknown)
        raise SkillcheckError(f"unknown career path {listed}. The taxonomy has: {', '.join(sorted(known))}.")


class _Stepped(Protocol):
    """What the steps check reads of a skill: a validated Skill, or the valid steps of a raw one."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def steps(self) -> Mapping[int, Step]: ...


@dataclass(frozen=True)
class _RawSkill:
    id: str
    name: str
    steps: dict[int, Step]


def _valid_steps(data: Any) -> tuple[list[_RawSkill], set[str], set[int]]:
    """The steps of a taxonomy that failed validation, each kept when it is valid on its own, so
    their prerequisites are checked in the same run as the field errors."""
    skills: list[_RawSkill] = []
    for _, skill in _entries(data, "skills"):
        steps: dict[int, Step] = {}
        raw_steps = skill.get("steps")
        for level, raw in raw_steps.items() if isinstance(raw_steps, dict) else ():
            number = _number(level)
            if number is None:
                continue
            try:
                steps[number] = Step.model_validate(raw)
            except ValidationError:
                continue  # its own fields are reported already
        skills.append(_RawSkill(str(skill.get("id", "")), str(skill.get("name", "")), steps))
    levels = {_number(lvl.get("level")) for _, lvl in _entries(data, "levels")}
    rated = {level for level in levels if level is not None} - {0}
    return skills, {skill.id for skill in skills if skill.id}, rated


def check_steps(taxonomy: Taxonomy) -> Iterator[Problem]:
    """Steps between levels: known skills, levels the scale has, and prerequisites without cycles."""
    yield from _check_steps(
        taxonomy.skills, {skill.id for skill in taxonomy.skills}, {lvl.level for lvl in taxonomy.levels} - {0}
    )


def _check_steps(skills: Sequence[_Stepped], skill_ids: set[str], rated: set[int]) -> Iterator[Problem]:
    """Steps between levels: known skills, levels the scale has, and prerequisites without cycles."""
    # Edges of the prerequisite graph that passed the checks above, with where each is written.
    edges: dict[Node, list[tuple[Node, KeyPath]]] = {}
    for s_index, skill in enumerate(skills):
        for level, step in skill.steps.items():
            where: KeyPath = ("skills", s_index, "steps", level)
            if level == 0:
                yield Problem(where, "level 0 is where every learner starts; no step leads to it")
                continue
            if level not in rated:
                yield Problem(where, f"a step up to level {level}, which the scale lacks")
                continue
            if step.hours is not None and step.basis is None:
                yield Problem((*where, "hours"), "say what the estimate rests on in 'basis'")
            if step.basis is not None and step.hours is None:
                yield Problem((*where, "basis"), "'basis' explains an estimate, but 'hours' is missing")
            named: set[str] = set()
            for r_index, needed in enumerate(step.requires):
                r_where = (*where, "requires", r_index)
                if needed.skill in named:
                    yield Problem((*r_where, "skill"), f"skill '{needed.skill}' is listed twice")
                named.add(needed.skill)
                if needed.skill not in skill_ids:
                    names = {s.id: s.name for s in skills}
                    hint = did_you_mean(needed.skill, skill_ids, names)
                    yield Problem((*r_where, "skill"), f"unknown skill '{needed.skill}'{hint}")
                elif needed.level == 0:
                    yield Problem((*r_where, "level"), "requires level 0, which every learner has; remove it")
                elif needed.level not in rated:
                    yield Problem((*r_where, "level"), f"requires level {needed.level}, which the scale lacks")
                elif needed.skill == skill.id and needed.level >= level:
                    itself = "itself" if needed.level == level else f"level {needed.level} of its own skill"
                    yield Problem(
                        r_where,
                        f"level {level} of '{skill.id}' cannot require {itself}: "
                        f"level {needed.level} is reached through level {level}",
                    )
                else:
                    edges.setdefault((skill.id, level), []).append(((needed.skill, needed.level), r_where))
    yield from _cycles(edges, rated)


def _needs(node: Node, edges: dict[Node, list[tuple[Node, KeyPath]]]) -> list[tuple[Node, KeyPath | None]]:
    """What reaching `node` needs first: the level below it (implicitly) and its prerequisites."""
    skill, level = node
    below: list[tuple[Node, KeyPath | None]] = [((skill, level - 1), None)] if level > 1 else []
    return below + [(target, where) for target, where in edges.get(node, [])]


def _cycles(edges: dict[Node, list[tuple[Node, KeyPath]]], rated: set[int]) -> Iterator[Problem]:
    """One problem per group of levels that need each other (a strongly connected component).

    Iterative Tarjan, so a taxonomy of thousands of skills cannot exhaust Python's recursion
    limit. Each cycle is reported at one of its prerequisites, with the whole loop spelled out.
    """
    nodes = sorted(set(edges) | {target for out in edges.values() for target, _ in out})
    # Only levels that take part in an explicit prerequisite can lie on a cycle, but the levels
    # between them (reached one after the other) must be in the graph too.
    expanded: set[Node] = set()
    for skill, level in nodes:
        expanded.update((skill, lower) for lower in range(1, level + 1) if lower in rated)
    index: dict[Node, int] = {}
    low: dict[Node, int] = {}
    on_stack: set[Node] = set()
    stack: list[Node] = []
    components: list[list[Node]] = []
    counter = 0
    for root in sorted(expanded):
        if root in index:
            continue
        work: list[tuple[Node, int]] = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            following = _needs(node, edges)
            if child < len(following):
                work.append((node, child + 1))
                target = following[child][0]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    for component in components:
        yield _cycle_problem(set(component), edges)


def _cycle_problem(component: set[Node], edges: dict[Node, list[tuple[Node, KeyPath]]]) -> Problem:
    """A loop inside `component`, reported where one of its explicit prerequisites is written."""
    start = min(component)
    # Breadth-first from `start` within the component back to `start`: the shortest loop.
    previous: dict[Node, tuple[Node, KeyPath | None]] = {}
    frontier = [start]
    found: tuple[Node, KeyPath | None] | None = None
    while frontier and found is None:
        following_frontier = []
        for node in frontier:
            for target, where in _needs(node, edges):
                if target == start:
                    found = (node, where)
                    break
                if target in component and target not in previous:
                    previous[target] = (node, where)
                    following_frontier.append(target)
            if found is not None:
                break
        frontier = following_frontier
    assert found is not None  # a strongly connected component of two or more nodes has a loop
    # Walk back from the node that needs `start` to `start`: the loop's nodes and the places
    # its edges are written (None for the implicit "the level below" edges).
    node, closing = found
    path, wheres = [node], [closing]
    while node != start:
        node, where = previous[node][0], previous[node][1]
        wheres.append(where)
        path.append(node)
    path.reverse()
    wheres.reverse()
    chain = " → ".join(f"{skill} {level}" for skill, level in [*path, start])
    # Every loop has an explicit prerequisite: the implicit edges only go down one skill's levels.
    at = next(where for where in wheres if where is not None)
    return Problem(at, f"prerequisites form a cycle: {chain} (read → as 'needs'); remove one of them")


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
