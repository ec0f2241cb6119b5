"""What each command does, as functions of their inputs that return an outcome.

cli.py parses options, calls one of these, prints the outcome and maps it to an exit code;
everything a command decides (which assessment, what to compare with, what to warn about)
is decided here, where tests call it directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skillcheck.errors import ExitCode, SkillcheckError
from skillcheck.invoked import command
from skillcheck.storage.store import Store, StoreError, load_assessment
from skillcheck.taxonomy.load import LoadedTaxonomy, check_path_ids, taken_with_another
from skillcheck.taxonomy.models import Assessment, Taxonomy, TaxonomyRef


@dataclass(frozen=True)
class Outcome:
    """A command's result: the value to print, warnings for stderr, and how it ends."""

    value: Any
    warnings: tuple[str, ...] = ()
    exit_code: ExitCode = ExitCode.OK
    extra: dict[str, Any] = field(default_factory=dict)


def taxonomy_ref(loaded: LoadedTaxonomy) -> TaxonomyRef:
    tax = loaded.taxonomy
    return TaxonomyRef(id=tax.id, version=tax.version, hash=loaded.hash, source=loaded.source)


def _changed_sentence(assessment: Assessment, loaded: LoadedTaxonomy) -> str | None:
    from skillcheck.documents.report import taxonomy_changes

    if assessment.taxonomy.hash == loaded.hash:
        return None
    added, removed = taxonomy_changes(assessment, loaded.taxonomy)
    details = ([f"added since: {', '.join(added)}"] if added else []) + (
        [f"removed since: {', '.join(removed)}"] if removed else []
    )
    return (
        f"the assessment was taken with taxonomy {assessment.taxonomy.id} {assessment.taxonomy.version}, "
        "and the taxonomy has changed since" + (" (" + "; ".join(details) + ")" if details else "") + ". "
        "Reporting anyway."
    )


def above_the_scale(assessment: Assessment, taxonomy: Taxonomy) -> str | None:
    """A note on stored ratings above the taxonomy's scale (an older scale, or a hand edit)."""
    top = taxonomy.top_level
    above = [f"{skill} ({level})" for skill, level in assessment.ratings.items() if level is not None and level > top]
    if not above:
        return None
    return (
        f"ratings above this taxonomy's scale (0-{top}) count as {top}: {', '.join(above)}. The scale has changed "
        "since, or the file was edited."
    )


def _chosen(loaded: LoadedTaxonomy, store: Store, from_file: str | None) -> tuple[Assessment, list[str]]:
    """The assessment a command reads and what to warn about it: `from_file` names one as
    `history` shows it (a path, a history number or an id prefix); else the latest completed.
    An assessment taken with another taxonomy is refused: scored against this one it would be
    all zeros."""
    warnings: list[str] = []
    if from_file is None:
        source = store.latest()
        if (answered := store.draft_answers()) is not None:
            warnings.append(
                f"an unfinished quiz with {answered} answer{'' if answered == 1 else 's'} is not in this "
                f"report: run `{command('quiz')}` to finish it."
            )
    else:
        source = store.find(from_file)
    assessment = load_assessment(source)
    if (other := taken_with_another(assessment.taxonomy, taxonomy_ref(loaded))) is not None:
        raise SkillcheckError(f"{source}: {other}")
    if (changed := _changed_sentence(assessment, loaded)) is not None:
        warnings.append(changed)
    if (above := above_the_scale(assessment, loaded.taxonomy)) is not None:
        warnings.append(above)
    if not assessment.complete:
        warnings.append(f"{source} is an unfinished assessment; skills not yet rated count as level 0.")
    return assessment, warnings


def report(
    loaded: LoadedTaxonomy,
    store: Store,
    *,
    path_ids: tuple[str, ...] = (),
    from_file: str | None = None,
    compare: str | None = None,
) -> Outcome:
    """The report of one assessment (the latest by default), compared with an earlier one.

    `from_file` and `compare` name an assessment as `history` shows it: a path, a history
    number or an id prefix.
    """
    from skillcheck.documents.report import build_report

    check_path_ids(loaded.taxonomy, path_ids)
    assessment, warnings = _chosen(loaded, store, from_file)
    previous: Assessment | None = None
    if compare is not None:
        compared = store.find(compare)
        previous = load_assessment(compared)
        if previous.id == assessment.id:
            raise SkillcheckError(
                f"{compared} is the assessment being reported; compare it with a different one "
                f"(`{command('history')}` lists them)."
            )
        if (other := taken_with_another(previous.taxonomy, taxonomy_ref(loaded))) is not None:
            raise SkillcheckError(f"{compared} cannot be compared with: {other}")
    elif (earlier := store.before(assessment)) is not None:
        try:
            candidate = load_assessment(earlier)
        except StoreError as exc:
            warnings.append(f"{exc.message} (No comparison with it.)")
        else:
            if taken_with_another(candidate.taxonomy, taxonomy_ref(loaded)) is not None:
                warnings.append(
                    f"the assessment before it ({earlier}) was taken with the taxonomy '{candidate.taxonomy.id}'; "
                    "no comparison with it."
                )
            # A copy of the same assessment elsewhere (--from) is not an earlier one.
            elif candidate.id != assessment.id:
                previous = candidate
    result = build_report(assessment, loaded.taxonomy, taxonomy_ref(loaded), path_ids, previous=previous)
    return Outcome(result, tuple(warnings))


def plan(
    loaded: LoadedTaxonomy,
    store: Store,
    *,
    path_id: str | None = None,
    from_file: str | None = None,
    hours_per_week: int,
) -> Outcome:
    """The learning plan from one assessment (the latest by default) to a path (default: the closest)."""
    from skillcheck.documents.plan import build_plan

    assessment, warnings = _chosen(loaded, store, from_file)
    result = build_plan(
        assessment, loaded.taxonomy, taxonomy_ref(loaded), path_id=path_id, hours_per_week=hours_per_week
    )
    return Outcome(result, tuple(warnings))


def history(loaded: LoadedTaxonomy, store: Store) -> Outcome:
    from skillcheck.documents.team import history_entries

    entries, others = history_entries(list(reversed(store.completed())), loaded.taxonomy, taxonomy_ref(loaded))
    warnings = tuple(f"{path} is not scored: {reason}" for path, reason in others)
    answered = store.draft_answers()
    draft = None if answered is None else {"file": str(store.draft_path), "answers": answered}
    return Outcome(
        {"schema_version": 3, "data_directory": str(store.home), "assessments": entries, "draft": draft},
        warnings,
    )


def team(loaded: LoadedTaxonomy, inputs: list[Path]) -> Outcome:
    """The group summary; files that cannot be read are skipped, named, and end with exit 3."""
    from skillcheck.documents.team import read_people, summarise

    people, skipped = read_people(inputs, loaded.taxonomy, taxonomy_ref(loaded))
    warnings = tuple(f"skipped {item.source}: {item.reason}" for item in skipped)
    if not people:
        reasons = "".join(f"\n  {item.source}: {item.reason}" for item in skipped[:20])
        more = f"\n  ... and {len(skipped) - 20} more" if len(skipped) > 20 else ""
        raise SkillcheckError(f"no readable report or assessment among the inputs.{reasons}{more}")
    return Outcome(
        summarise(people, skipped, loaded.taxonomy),
        warnings,
        ExitCode.SOME_SKIPPED if skipped else ExitCode.OK,
        {"people": people},
    )
