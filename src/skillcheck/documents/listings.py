"""The taxonomy as lists a person can browse (`skills`, `paths`) and an answers-file template.

Pure values: the listings are plain dicts (dumped as they are by `--json`, their contract is
schemas/skills.schema.json and schemas/paths.schema.json), and the template is text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, NotRequired

# pydantic (for the schema files) needs typing_extensions' TypedDict before Python 3.12.
from typing_extensions import TypedDict

from skillcheck.errors import SkillcheckError, did_you_mean
from skillcheck.invoked import command
from skillcheck.taxonomy.models import Requirement, Taxonomy

LISTING_SCHEMA_VERSION: Literal[1] = 1


class ListingTaxonomy(TypedDict):
    id: str
    version: str


class RequiredBy(TypedDict):
    path: str
    level: int
    weight: int


class SkillEntry(TypedDict):
    id: str
    name: str
    area: str
    area_name: str
    description: str
    levels: dict[str, str]  # "1".."top": what a person at that level can do
    questions: list[str]
    required_by: list[RequiredBy]


class SkillsListing(TypedDict):
    schema_version: Literal[1]
    taxonomy: ListingTaxonomy
    skills: list[SkillEntry]


class RequirementEntry(TypedDict):
    skill: str
    name: str
    level: int
    weight: int
    basis: NotRequired[str]  # why the path needs this level, where the taxonomy says


class ReferenceEntry(TypedDict):
    title: str
    url: str | None


class PathEntry(TypedDict):
    id: str
    name: str
    description: str
    references: list[ReferenceEntry]
    source: str | None
    requires: list[RequirementEntry]


class PathsListing(TypedDict):
    schema_version: Literal[1]
    taxonomy: ListingTaxonomy
    paths: list[PathEntry]


def _taxonomy_out(taxonomy: Taxonomy) -> ListingTaxonomy:
    return {"id": taxonomy.id, "version": taxonomy.version}


def skill_names(taxonomy: Taxonomy) -> dict[str, str]:
    return {skill.id: skill.name for skill in taxonomy.skills}


def skills_listing(taxonomy: Taxonomy, area: str | None = None, skill_ids: Sequence[str] = ()) -> SkillsListing:
    """Every skill (of one area, or the ones named) with its levels, question ids and the paths needing it."""
    areas = {a.id: a.name for a in taxonomy.areas}
    if area is not None and area not in areas:
        raise SkillcheckError(
            f"unknown area '{area}'{did_you_mean(area, areas, areas)}; the taxonomy has: {', '.join(areas)}."
        )
    from skillcheck.taxonomy.load import check_skill_ids

    check_skill_ids(taxonomy, skill_ids)
    needed: dict[str, list[RequiredBy]] = {}
    for career in taxonomy.paths:
        for requirement in career.requires:
            needed.setdefault(requirement.skill, []).append(
                {"path": career.id, "level": requirement.level, "weight": requirement.weight}
            )
    chosen = [
        skill
        for skill in taxonomy.skills
        if (area is None or skill.area == area) and (not skill_ids or skill.id in skill_ids)
    ]
    return {
        "schema_version": LISTING_SCHEMA_VERSION,
        "taxonomy": _taxonomy_out(taxonomy),
        "skills": [
            {
                "id": skill.id,
                "name": skill.name,
                "area": skill.area,
                "area_name": areas[skill.area],
                "description": skill.description,
                "levels": {str(level): text for level, text in sorted(skill.levels.items())},
                "questions": [q.id for q in sorted(skill.questions, key=lambda q: q.level)],
                "required_by": needed.get(skill.id, []),
            }
            for skill in chosen
        ],
    }


def paths_listing(taxonomy: Taxonomy, path_id: str | None = None) -> PathsListing:
    """Every career path (or the one named) with its description, references and requirements."""
    from skillcheck.taxonomy.load import check_path_ids

    if path_id is not None:
        check_path_ids(taxonomy, [path_id])
    names = skill_names(taxonomy)
    return {
        "schema_version": LISTING_SCHEMA_VERSION,
        "taxonomy": _taxonomy_out(taxonomy),
        "paths": [
            {
                "id": career.id,
                "name": career.name,
                "description": career.description,
                "references": [{"title": r.title, "url": r.url} for r in career.references],
                "source": career.source,
                "requires": [
                    _requirement_entry(r, names)
                    for r in sorted(career.requires, key=lambda r: (-r.weight, -r.level, r.skill))
                ],
            }
            for career in taxonomy.paths
            if path_id is None or career.id == path_id
        ],
    }


def _requirement_entry(requirement: Requirement, names: dict[str, str]) -> RequirementEntry:
    entry: RequirementEntry = {
        "skill": requirement.skill,
        "name": names[requirement.skill],
        "level": requirement.level,
        "weight": requirement.weight,
    }
    if requirement.basis is not None:
        entry["basis"] = " ".join(requirement.basis.split())
    return entry


def _comment(text: str, indent: str) -> list[str]:
    return [f"{indent}# {line}".rstrip() for line in text.strip().splitlines()]


def answers_template(taxonomy: Taxonomy, skill_ids: Sequence[str] = ()) -> str:
    """A commented answers file with every skill and question id, ready to fill in.

    Blank values mean "not answered": a skill left blank is skipped, a question left blank is
    skipped if the quiz asks it. Letters name options in the order written here, which is the
    taxonomy file's order (the interactive quiz shuffles them; a file does not need to).
    """
    top = taxonomy.top_level
    chosen = [s for s in taxonomy.skills if not skill_ids or s.id in skill_ids]
    lines = [
        f"# skillcheck answers file for taxonomy '{taxonomy.id}' version {taxonomy.version}.",
        "#",
        f"# 1. Under 'ratings', give each skill the level (0-{top}) whose description says what you",
        "#    can do today. Leave a skill blank to skip it; at least one must be rated.",
        "# 2. Under 'answers', answer the questions with the letter of the option you choose, or i",
        "#    for I don't know. The quiz asks only some of them (it chooses as it goes, where your",
        "#    level most likely is), so answer at least those at and around your ratings; a question",
        "#    it asks that is left blank counts as skipped, and the command says which.",
        f"# 3. Run: {command('quiz --answers THIS-FILE')}",
        "",
        "ratings:",
    ]
    for skill in chosen:
        lines.extend(_comment(skill.name, "  "))  # a name may span lines: every line a comment
        lines.append(f"  #   0: {taxonomy.levels[0].name}")
        for level, text in sorted(skill.levels.items()):
            first, *rest = text.strip().splitlines() or [""]
            lines.append(f"  #   {level}: {first}".rstrip())
            lines.extend(f"  #      {line}".rstrip() for line in rest)
        lines.append(f"  {skill.id}:")
    lines += ["", "answers:"]
    for skill in chosen:
        lines.extend(_comment(f"---- {' '.join(skill.name.split())} ----", "  "))
        for question in sorted(skill.questions, key=lambda q: q.level):
            lines.append(f"  # [{question.id}, level {question.level}]")
            lines.extend(_comment(question.prompt, "  "))
            if question.code is not None:
                lines.extend(f"  #     {line}".rstrip() for line in question.code.text.rstrip().splitlines())
            for letter, option in zip(question.letters, question.options, strict=True):
                first, *rest = option.text.strip().splitlines() or [""]
                lines.append(f"  #   {letter}) {first}".rstrip())
                lines.extend(f"  #      {line}".rstrip() for line in rest)
            lines.append(f"  {question.id}:")
    return "\n".join(lines) + "\n"


def listing_schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schemas of `skills --json` and `paths --json`; tests hold schemas/ equal to them."""
    from pydantic import TypeAdapter

    out: dict[str, dict[str, Any]] = {}
    for name, kind in (("skills", SkillsListing), ("paths", PathsListing)):
        schema: dict[str, Any] = TypeAdapter(kind).json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"skillcheck {name} --json"
        out[name] = schema
    return out
