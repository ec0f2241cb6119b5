"""What each command does, as functions of their inputs that return a typed outcome.

cli.py parses options, calls one of these, and hands the outcome to its one output path
(`_show`): the document is rendered by the format registry (output/formats.py), warnings go
to stderr, and the exit code comes from the outcome. Everything a command decides (which
assessment, what to compare with, what to warn about) is decided here, where tests call it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from skillcheck.documents.history import HISTORY_SCHEMA_VERSION
from skillcheck.errors import ExitCode, SkillcheckError
from skillcheck.invoked import command
from skillcheck.output.formats import DocumentKind
from skillcheck.safetext import quoted, shown_path
from skillcheck.storage.store import Store, StoreError, load_assessment
from skillcheck.taxonomy.load import LoadedTaxonomy, check_path_ids, taken_with_another
from skillcheck.taxonomy.models import Assessment, Taxonomy
from skillcheck.wording import counted

if TYPE_CHECKING:
    from skillcheck.documents.listings import PathsListing, SkillsListing
    from skillcheck.documents.report import GoalOut
    from skillcheck.measure.scoring import Fitted

D = TypeVar("D")


@dataclass(frozen=True)
class Outcome(Generic[D]):
    """A command's result: which kind of document it is, the document, warnings for stderr, and how it ends."""

    kind: DocumentKind
    document: D
    warnings: tuple[str, ...] = ()
    exit_code: ExitCode = ExitCode.OK


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


def unknown_checks(assessment: Assessment, loaded: LoadedTaxonomy) -> str | None:
    """A note on stored answers to questions this taxonomy does not have under their skill: they
    cannot be scored, and dropping them in silence would hide an edited or damaged file."""
    from skillcheck.measure.quizplan import questions_of

    skills = loaded.taxonomy.skills_by_id
    unknown = [
        f"{check.skill}/{check.question}"
        for check in assessment.checks
        if check.skill in skills and check.question not in questions_of(skills[check.skill])
    ]
    if not unknown:
        return None
    shown = ", ".join(quoted(item) for item in unknown[:5]) + (", ..." if len(unknown) > 5 else "")
    changed = "the taxonomy has changed since, or " if assessment.taxonomy.hash != loaded.hash else ""
    one = len(unknown) == 1
    return (
        f"{counted(len(unknown), 'answer')} in the assessment {'names' if one else 'name'} a question its skill "
        f"does not have ({changed}the file was edited), and {'is' if one else 'are'} not counted: {shown}."
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
    if (other := taken_with_another(assessment.taxonomy, loaded.ref)) is not None:
        raise SkillcheckError(f"{source}: {other}")
    if (changed := _changed_sentence(assessment, loaded)) is not None:
        warnings.append(changed)
    if (above := above_the_scale(assessment, loaded.taxonomy)) is not None:
        warnings.append(above)
    if (unknown := unknown_checks(assessment, loaded)) is not None:
        warnings.append(unknown)
    if not assessment.complete:
        warnings.append(f"{source} is an unfinished assessment; skills not yet rated count as level 0.")
    return assessment, warnings


def chosen_goal(loaded: LoadedTaxonomy, store: Store, given: str | None, warnings: list[str]) -> GoalOut | None:
    """The goal a report or plan answers for: `--goal`, else the one set (`skillcheck goal`, or
    the last quiz's choice). None: let the assessment's own answer, or the closest path, lead.
    A saved goal that cannot be used is added to `warnings`."""
    if given is not None:
        check_path_ids(loaded.taxonomy, (given,))
        return {"path": given, "name": loaded.taxonomy.path(given).name, "source": "given"}
    path, problem = set_goal_of(loaded, store)
    if problem is not None:
        warnings.append(problem)
    if path is not None:
        return {"path": path, "name": loaded.taxonomy.path(path).name, "source": "set"}
    return None


def set_goal_of(loaded: LoadedTaxonomy, store: Store) -> tuple[str | None, str | None]:
    """The goal saved in the data directory, if it is a path of this taxonomy, and what to warn
    of otherwise: a damaged goal file, or a goal the taxonomy does not have (edited, or another one)."""
    path, problem = store.goal()
    if problem is not None:
        return None, f"{problem} and is not used; set one with {command('goal ID')}."
    if path is not None and path not in loaded.taxonomy.path_ids:
        return None, (
            f"the goal saved in {shown_path(store.goal_path)}, {quoted(path)}, is not a path of this taxonomy, "
            f"so it is not used; set one with {command('goal ID')} ({command('paths')} lists them)."
        )
    return path, None


def calibration_for(loaded: LoadedTaxonomy, given: Path | None, home: Path | None) -> tuple[Fitted | None, list[str]]:
    """The item parameters to score with, and what to warn about them.

    `given` (--calibration) must belong to this taxonomy file or the command stops (exit 4).
    Without it, `calibration.json` in the data directory `home` is used when it fits the taxonomy;
    one that does not is named in a warning and left out, so editing the taxonomy never stops a report.
    """
    from skillcheck.storage.calibration import CALIBRATION_FILE, load_fitted, read_calibration, refusal

    if given is not None:
        return load_fitted(given, loaded.ref), []
    found = home / CALIBRATION_FILE if home is not None else None
    if found is None or not found.is_file():
        return None, []
    try:
        calibration = read_calibration(found)
    except SkillcheckError as exc:
        return None, [f"{exc.message} Scoring with the level tags."]
    if (why := refusal(calibration, loaded.ref, found, found=True)) is not None:
        return None, [f"{why} Scoring with the level tags."]
    return calibration.fitted(), []


def report(
    loaded: LoadedTaxonomy,
    store: Store,
    *,
    path_ids: tuple[str, ...] = (),
    from_file: str | None = None,
    compare: str | None = None,
    goal: str | None = None,
    calibration: Path | None = None,
) -> Outcome[Any]:
    """The report of one assessment (the latest by default), compared with an earlier one.

    `from_file` and `compare` name an assessment as `history` shows it: a path, a history
    number or an id prefix.
    """
    from skillcheck.documents.report import build_report

    check_path_ids(loaded.taxonomy, path_ids)
    fitted, calibration_warnings = calibration_for(loaded, calibration, store.home)
    assessment, warnings = _chosen(loaded, store, from_file)
    warnings += calibration_warnings
    previous: Assessment | None = None
    if compare is not None:
        compared = store.find(compare)
        previous = load_assessment(compared)
        if previous.id == assessment.id:
            raise SkillcheckError(
                f"{compared} is the assessment being reported; compare it with a different one "
                f"(`{command('history')}` lists them)."
            )
        if (other := taken_with_another(previous.taxonomy, loaded.ref)) is not None:
            raise SkillcheckError(f"{compared} cannot be compared with: {other}")
    elif (earlier := store.before(assessment)) is not None:
        try:
            candidate = load_assessment(earlier)
        except StoreError as exc:
            warnings.append(f"{exc.message} (No comparison with it.)")
        else:
            if taken_with_another(candidate.taxonomy, loaded.ref) is not None:
                warnings.append(
                    f"the assessment before it ({earlier}) was taken with the taxonomy '{candidate.taxonomy.id}'; "
                    "no comparison with it."
                )
            # A copy of the same assessment elsewhere (--from) is not an earlier one.
            elif candidate.id != assessment.id:
                previous = candidate
    result = build_report(
        assessment,
        loaded.taxonomy,
        loaded.ref,
        path_ids,
        previous=previous,
        goal=chosen_goal(loaded, store, goal, warnings),
        fitted=fitted,
    )
    return Outcome("report", result, tuple(warnings))


def plan(
    loaded: LoadedTaxonomy,
    store: Store,
    *,
    path_id: str | None = None,
    from_file: str | None = None,
    hours_per_week: int,
    compare: bool = False,
    calibration: Path | None = None,
) -> Outcome[Any]:
    """The learning plan from one assessment (the latest by default) to a path (default: the closest)."""
    from skillcheck.documents.plan import build_plan

    fitted, calibration_warnings = calibration_for(loaded, calibration, store.home)
    assessment, warnings = _chosen(loaded, store, from_file)
    warnings += calibration_warnings
    chosen_by: Literal["given", "goal", "closest"] = "given"
    if path_id is None:
        goal = chosen_goal(loaded, store, None, warnings)
        if goal is None and assessment.goal is not None and assessment.goal.path in loaded.taxonomy.path_ids:
            path_id = assessment.goal.path
        elif goal is not None:
            path_id = goal["path"]
        chosen_by = "goal" if path_id is not None else "closest"
    result = build_plan(
        assessment,
        loaded.taxonomy,
        loaded.ref,
        path_id=path_id,
        hours_per_week=hours_per_week,
        chosen_by=chosen_by,
        compare=compare,
        fitted=fitted,
    )
    return Outcome("plan-compare" if compare else "plan", result, tuple(warnings))


def history(loaded: LoadedTaxonomy, store: Store) -> Outcome[dict[str, Any]]:
    from skillcheck.documents.history import history_entries

    entries, others = history_entries(list(reversed(store.completed())), loaded.taxonomy, loaded.ref)
    warnings = tuple(f"{path} is not scored: {reason}" for path, reason in others) + tuple(
        f"{path} is skipped: {reason}" for path, reason in store.not_files()
    )
    try:
        unfinished = store.load_draft()
    except StoreError as exc:  # a damaged draft: said, as `quiz` would refuse it
        unfinished = None
        warnings += (exc.message,)
    draft = None if unfinished is None else {"file": shown_path(store.draft_path), "answers": len(unfinished.answers)}
    document = {
        "schema_version": HISTORY_SCHEMA_VERSION,
        "data_directory": shown_path(store.home),
        "assessments": entries,
        "draft": draft,
    }
    return Outcome("history", document, warnings)


def team(
    loaded: LoadedTaxonomy,
    inputs: list[Path],
    *,
    calibration: Path | None = None,
    home: Path | None = None,
    percentiles: bool = False,
) -> Outcome[Any]:
    """The group summary; files that cannot be read are skipped, named, and end with exit 3.

    Stored assessments are scored through the calibration (`calibration_for`, looking in `home`);
    `percentiles` adds where each person stands in the group (groups of MIN_GROUP or more).
    """
    from skillcheck.documents.team import Team, read_people, summarise, with_percentiles

    fitted, calibration_warnings = calibration_for(loaded, calibration, home)
    people, skipped = read_people(inputs, loaded.taxonomy, loaded.ref, fitted)
    warnings = tuple(calibration_warnings) + tuple(f"skipped {item.source}: {item.reason}" for item in skipped)
    if not people:
        reasons = "".join(f"\n  {item.source}: {item.reason}" for item in skipped[:20])
        more = f"\n  ... and {len(skipped) - 20} more" if len(skipped) > 20 else ""
        raise SkillcheckError(f"no readable report or assessment among the inputs.{reasons}{more}")
    summary = summarise(people, skipped, loaded.taxonomy)
    return Outcome(
        "team",
        Team(with_percentiles(summary, people) if percentiles else summary, people, percentiles),
        warnings,
        ExitCode.SOME_SKIPPED if skipped else ExitCode.OK,
    )


def calibrate(loaded: LoadedTaxonomy, inputs: list[Path], output: Path | None) -> Outcome[dict[str, Any]]:
    """Fit the bank's items to the stored assessments among `inputs`; write the calibration to
    `output` (none: only the item-fit report). Unreadable files are skipped, named, and end with exit 3."""
    from skillcheck.documents.calibration import calibrate as fit_bank
    from skillcheck.documents.calibration import read_assessments
    from skillcheck.storage.calibration import write_calibration

    found, skipped = read_assessments(inputs, loaded.ref)
    warnings = tuple(f"skipped {item.source}: {item.reason}" for item in skipped)
    if not found:
        reasons = "".join(f"\n  {item.source}: {item.reason}" for item in skipped[:20])
        more = f"\n  ... and {len(skipped) - 20} more" if len(skipped) > 20 else ""
        raise SkillcheckError(f"no stored assessment of this taxonomy among the inputs.{reasons}{more}")
    calibration, report = fit_bank([assessment for _, assessment in found], loaded.taxonomy, loaded.ref)
    if output is not None:
        write_calibration(output, calibration)
        report["written_to"] = str(output)
    return Outcome("item-fit", report, warnings, ExitCode.SOME_SKIPPED if skipped else ExitCode.OK)


def skills(loaded: LoadedTaxonomy, area: str | None, skill_ids: list[str]) -> Outcome[SkillsListing]:
    from skillcheck.documents.listings import skills_listing

    return Outcome("skills", skills_listing(loaded.taxonomy, area, skill_ids))


def paths(loaded: LoadedTaxonomy, path_id: str | None) -> Outcome[PathsListing]:
    from skillcheck.documents.listings import paths_listing

    return Outcome("paths", paths_listing(loaded.taxonomy, path_id))


def validate(loaded: LoadedTaxonomy) -> Outcome[str]:
    """What `validate` prints of a taxonomy that loaded: its id, version and counts."""
    from skillcheck.safetext import escaped

    taxonomy = loaded.taxonomy
    questions = sum(len(skill.questions) for skill in taxonomy.skills)
    lines = [f"{escaped(loaded.source)}: valid taxonomy '{taxonomy.id}' version {taxonomy.version}"]
    for area in taxonomy.areas:
        count = sum(1 for skill in taxonomy.skills if skill.area == area.id)
        lines.append(f"  {area.name}: {count} skills")
    lines.append(f"  {len(taxonomy.skills)} skills, {questions} questions, {len(taxonomy.paths)} career paths")
    return Outcome("plain", "\n".join(lines) + "\n")


def set_goal(loaded: LoadedTaxonomy, store: Store, path_id: str | None, *, clear: bool) -> Outcome[str]:
    """`skillcheck goal`: show the goal, set it (a path id), or clear it (compare every path)."""
    if clear:
        store.set_goal(None)
        return plain("No goal set: the report compares every path and leads with the closest.\n")
    if path_id is None:
        current, problem = set_goal_of(loaded, store)
        if current is None:
            warnings = (problem,) if problem else ()
            return plain(
                f"No goal set. Set one with {command('goal ID')} ({command('paths')} lists the ids).\n", warnings
            )
        return plain(f"Your goal: {loaded.taxonomy.path(current).name} ({current}).\n")
    check_path_ids(loaded.taxonomy, (path_id,))
    store.ensure_writable(lost="The goal was not saved.")
    store.set_goal(path_id)
    name = loaded.taxonomy.path(path_id).name
    return plain(f"Your goal is now {name}: {command('report')} and {command('plan')} answer for it first.\n")


def plain(text: str, warnings: tuple[str, ...] = (), exit_code: ExitCode = ExitCode.OK) -> Outcome[str]:
    """Text printed as it is: `explain`, `schema`, `quiz --template`, what `quiz --answers` saved."""
    return Outcome("plain", text, warnings, exit_code)
