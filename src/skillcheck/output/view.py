"""The report as sections to lay out: built once from a Report, laid out by every format.

Every wording decision (what a verdict says, how a calibration note reads, which gaps and how
many resources are shown) is made here, so text, Markdown and HTML cannot drift apart: a
renderer only chooses how a section looks. JSON is the Report itself (the data contract).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from skillcheck.documents.report import (
    TOP_GAPS,
    CalibrationOut,
    CodeOut,
    OutlookOut,
    PathOut,
    Report,
    ResourceOut,
    when,
)
from skillcheck.invoked import command
from skillcheck.measure.scoring import fully_assessed
from skillcheck.output.profile import Profile, build_profiles
from skillcheck.wording import counted

# Where a reader finds how the numbers are worked out; the document ships with the program.
SCORING_DOC = f"docs/scoring.md, which `{command('explain')}` prints"

READINESS_LEGEND = (
    "Ready: the weighted share of the path's required levels the checks show you have (100% = every "
    "requirement met). 80% range: where it lies with 80% probability, given how much the checks could "
    "tell."
)
# Said only where a row needs it: an assessment that covered every skill has no such path.
PARTIAL_LEGEND = " A path some of whose skills were not assessed shows no number."
GAPS_LEGEND = (
    "Now: the most likely level and its 80% range. Need: the level the path requires. Weight: how much the "
    "path relies on the skill (1-5). Priority: weight x the levels expected to be missing (the shortfall "
    "averaged over the 80% range's uncertainty, so it can be a fraction), what the gap costs in readiness."
)


@dataclass(frozen=True)
class Header:
    taken: str
    taxonomy: str
    name: str | None
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Verdict:
    headline: str  # one sentence: the closest path and how ready
    detail: str  # "", or what qualifies it: paths within noise of it, unchecked ratings, the hours to meet it
    description: str
    references: tuple[tuple[str, str | None], ...]  # (title, url)
    outlook: str | None  # pay and growth with their source and period
    outlook_url: str | None
    source: str | None  # what the path's requirements rest on


@dataclass(frozen=True)
class ReadinessRow:
    name: str
    readiness: float
    low: float
    high: float
    change: float | None  # since the previous assessment; None: no comparison or a new path
    note: str  # "", or "not fully assessed (n of m skills)"

    @property
    def ready(self) -> str:
        """The readiness to show: none for a path not fully assessed, whose number would mislead."""
        return "-" if self.note else f"{self.readiness:.0f}%"

    @property
    def span(self) -> str:
        return "-" if self.note else f"{self.low:.0f}-{self.high:.0f}%"


@dataclass(frozen=True)
class GapRow:
    name: str
    now: str  # "1 (0-2)"
    need: int
    weight: int
    priority: float


@dataclass(frozen=True)
class LearnStep:
    name: str
    level: int
    level_name: str
    does: str
    resources: tuple[ResourceOut, ...]


@dataclass(frozen=True)
class GapSection:
    path_name: str
    rows: tuple[GapRow, ...]
    steps: tuple[LearnStep, ...]
    met_sentence: str | None  # when there is no gap


@dataclass(frozen=True)
class CalibrationSection:
    summary: str
    notes: tuple[tuple[str, str], ...]  # (skill name, what the checks said)


@dataclass(frozen=True)
class MissedItem:
    title: str  # "Statistics (level 3)"
    prompt: str
    code: CodeOut | None
    your_answer: str
    right_answer: str
    why: str


@dataclass(frozen=True)
class ProgressSection:
    since: str
    moved: tuple[tuple[str, int, int], ...]  # (skill name, before, after)


@dataclass(frozen=True)
class Summary:
    """The one screen `skillcheck report` shows by default, and the top of every document."""

    lead: str  # "Your goal: ..." or "Closest path: ..."
    facts: tuple[str, ...]  # requirements met, hours and weeks, readiness and its meaning, the closest other path
    gaps_title: str
    gaps: tuple[tuple[str, str, str], ...]  # (skill: current -> required, the first step, what it means)
    self_rating: str
    more: str


# The pace the summary's weeks assume; `skillcheck plan -w` plans at any other.
SUMMARY_HOURS_PER_WEEK = 5
SUMMARY_GAPS = 3


@dataclass(frozen=True)
class ReportView:
    header: Header
    verdict: Verdict | None
    readiness: tuple[ReadinessRow, ...]
    compared: bool  # an earlier assessment is compared with: readiness rows show their change
    progress: ProgressSection | None
    gaps: tuple[GapSection, ...]
    calibration: CalibrationSection
    missed: tuple[MissedItem, ...]
    footer: str
    profiles: tuple[Profile, ...] = ()  # the skill profile against each focus path, after the verdict
    summary: Summary | None = None  # None: no career path to compare

    @property
    def readiness_legend(self) -> str:
        return READINESS_LEGEND + (PARTIAL_LEGEND if any(row.note for row in self.readiness) else "")


def _pct(value: float) -> str:
    return f"{value:.0f}%"


# A skill the path needs but the assessment did not measure: its level is not known, not 0.
NOT_ASSESSED = "not assessed"


def measure_rest(path_id: str, missing: Sequence[str]) -> str:
    """The command that measures the skills of a path an assessment did not: a few skipped ones
    each on its own (`quiz --skill` keeps the rest), many with the path's whole quiz."""
    rest = " ".join(f"--skill {skill}" for skill in missing) if len(missing) <= 3 else f"--path {path_id}"
    return command("quiz " + rest)


def not_assessed(path: PathOut) -> list[str]:
    """The skills the path requires that the assessment did not measure."""
    return [r["skill"] for r in path["requires"] if not r["assessed"]]


def _level_with_range(level: int, span: list[int]) -> str:
    return f"{level}" if span[0] == span[1] else f"{level} ({span[0]}-{span[1]})"


def outlook_sentence(outlook: OutlookOut) -> str:
    proxy = " (the closest occupation the source has; this path has no occupation code of its own)"
    return (
        f"{outlook['occupation']}{proxy if outlook['proxy'] else ''}: median pay ${outlook['median_pay']:,} a year "
        f"({outlook['pay_period']}); employment projected to change {outlook['growth_percent']:+d}% "
        f"({outlook['growth_period']}). Source: {outlook['source']}."
    )


def calibration_summary(counts: CalibrationOut) -> str:
    """One sentence on how self-ratings and checks agreed overall."""
    checked = sum(counts[k] for k in ("consistent", "overconfident", "underconfident", "inconclusive"))
    overall = {
        "consistent": "your self-ratings agree with the checks",
        "overconfident": "you tend to rate yourself higher than the checks show",
        "underconfident": "you tend to rate yourself lower than the checks show",
        "inconclusive": "too few checks to say how your self-ratings compare",
        "unverified": "no self-rating was checked",
        "not-rated": "no self-rating was given",
    }[counts["overall"]]
    skills = "skill" if checked == 1 else "skills"
    return (
        f"Overall: {overall}. Of {checked} checked {skills}: {counts['consistent']} consistent, "
        f"{counts['overconfident']} rated higher than the checks show, {counts['underconfident']} lower, "
        f"{counts['inconclusive']} inconclusive; {counts['unverified']} not checked. "
        "A verdict is called only when the checks make it at least 80% likely."
    )


def calibration_notes(report: Report) -> list[tuple[str, str]]:
    notes = []
    for skill in report["skills"]:
        low, high = skill["range"]
        span = f"level {low}" if low == high else f"levels {low}-{high}"
        if skill["calibration"] == "overconfident":
            notes.append(
                (
                    skill["name"],
                    f"rated {skill['claimed']}; the checks put you at level {skill['evidenced']} (80% range: {span}).",
                )
            )
        elif skill["calibration"] == "underconfident":
            notes.append(
                (
                    skill["name"],
                    f"rated {skill['claimed']}; the checks put you at level {skill['evidenced']} "
                    f"(80% range: {span}): you may be underrating yourself.",
                )
            )
        if skill["above_tested"]:
            notes.append(
                (
                    skill["name"],
                    f"the evidence leans above level {skill['tested_to']}, but no check above it was answered "
                    f"right: shown at {skill['tested_to']}, unverified higher; "
                    f"{command('quiz --skill ' + skill['id'])} checks it.",
                )
            )
    return notes


def caveats(report: Report) -> list[str]:
    """What the levels rest on beyond this quiz's own answers, said wherever the report explains
    itself: checks a retake could not draw fresh, and a calibration the answers were read through."""
    said = []
    if count := report["not_fresh"]["count"]:
        skills = "skill" if count == 1 else "skills"
        said.append(
            f"For {count} {skills}, every question at the level wanted had been asked in an earlier assessment: "
            "they rest on your earlier answers there."
        )
    if (calibrated := report["item_calibration"]) is not None:
        said.append(
            f"Your answers were read through a calibration that refits {calibrated['questions']:,} questions' "
            "difficulty (--calibration, or calibration.json in the data directory), not through their level tags."
        )
    return said


def _all_met(path: PathOut) -> str:
    """What to say of a path none of whose requirements is most likely short: met only when likely."""
    if path["meets"]:
        return f"You likely meet every requirement of {path['name']}."
    unsure = len(path["requires"]) - path["requirements_met"]
    return (
        f"Your most likely levels meet every requirement of {path['name']}, but {unsure} of "
        f"{len(path['requires'])} are not yet 80% likely: re-measure them with {command('quiz --skill ID')}."
    )


def build_view(report: Report, *, warnings: tuple[str, ...] = ()) -> ReportView:
    ref = report["taxonomy"]
    header = Header(when(report["taken_at"]), f"{ref['id']} {ref['version']}", report.get("name"), warnings)
    paths = report["paths"]
    by_id = {p["id"]: p for p in paths}
    verdict = None
    if paths:
        best = paths[0]
        low, high = best["readiness_range"]
        if not fully_assessed(best["assessed"], best["required"]):
            headline = (
                "No career path is fully assessed: skills were skipped or left out of the quiz. On the "
                f"skills measured, the nearest is {best['name']} ({best['assessed']} of {best['required']} "
                "of its skills assessed). Take the whole quiz for a verdict."
            )
        else:
            headline = (
                f"Closest path: {best['name']}, {_pct(best['readiness'])} ready (80% range {low:.0f}-{high:.0f}%)."
            )
        # What qualifies the verdict follows it as plain sentences, so the headline stays one line.
        detail: list[str] = []
        tied = [by_id[i]["name"] for i in report["within_noise"] if i in by_id]
        if tied and fully_assessed(best["assessed"], best["required"]):
            detail.append(
                f"Within the measurement's noise of it: {', '.join(tied)}; the checks cannot tell these apart."
            )
        unchecked = report["calibration"]["unverified"]
        if unchecked:
            # Such ratings are read through a warier fit (estimate.UNCHECKED_LEAN): say so, and how to lift it.
            sample = " (a quick quiz checks a sample)" if report["quick"] else ""
            were, they, them = ("was", "it counts", "it") if unchecked == 1 else ("were", "they count", "them")
            detail.append(
                f"{unchecked} of your ratings {were} not checked{sample}: {they} at a discount until a check "
                f"bears {them} out; {command('quiz')} checks every rating."
            )
        detail.extend(caveats(report))
        if fully_assessed(best["assessed"], best["required"]) and best.get("hours_to_meet"):
            detail.append(f"About {best['hours_to_meet']:,} hours of study would meet it: see {command('plan')}.")
        outlook = best.get("outlook")
        verdict = Verdict(
            headline,
            " ".join(detail),
            best["description"],
            tuple((r["title"], r.get("url")) for r in best["references"]),
            outlook_sentence(outlook) if outlook else None,
            outlook["url"] if outlook else None,
            best.get("source"),
        )
    changes = {c["id"]: c["change"] for c in report["previous"]["paths"]} if "previous" in report else {}
    rows = tuple(
        ReadinessRow(
            p["name"],
            p["readiness"],
            p["readiness_range"][0],
            p["readiness_range"][1],
            changes.get(p["id"]),
            ""
            if fully_assessed(p["assessed"], p["required"])
            else f"not fully assessed ({p['assessed']} of {p['required']} skills)",
        )
        for p in paths
    )
    progress = None
    if "previous" in report:
        previous = report["previous"]
        progress = ProgressSection(
            when(previous["taken_at"]), tuple((s["name"], s["before"], s["after"]) for s in previous["skills_moved"])
        )
    gap_sections = []
    for path_id in report["focus"]:
        path = by_id.get(path_id)
        if path is None:
            continue
        top = path["gaps"][:TOP_GAPS]
        gap_sections.append(
            GapSection(
                path["name"],
                tuple(
                    GapRow(
                        g["name"],
                        _level_with_range(g["current"], g["range"]) if g["assessed"] else NOT_ASSESSED,
                        g["required"],
                        g["weight"],
                        g["priority"],
                    )
                    for g in top
                ),
                tuple(
                    LearnStep(g["name"], g["next_level"], g["next_level_name"], g["next_step"], tuple(g["resources"]))
                    for g in top
                ),
                None if top else _all_met(path),
            )
        )
    missed = tuple(
        MissedItem(
            f"{m['skill_name']} (level {m['level']})",
            m["prompt"].strip(),
            m.get("code"),
            m["your_answer"] or "(no answer: skipped or I don't know)",
            m["correct_answer"],
            m["explanation"],
        )
        for m in report["missed"]
    )
    return ReportView(
        header,
        verdict,
        rows,
        progress is not None,
        progress,
        tuple(gap_sections),
        CalibrationSection(calibration_summary(report["calibration"]), tuple(calibration_notes(report))),
        missed,
        f"How these numbers are worked out: {SCORING_DOC}.",
        profiles=build_profiles(report),
        summary=build_summary(report),
    )


def _met_sentence(path: PathOut) -> str:
    met, total = path["requirements_met"], len(path["requires"])
    if path["meets"]:
        return f"All {total} of its requirements are likely met (each at least 80% likely)."
    return f"{met} of its {total} requirements are likely met (at least 80% likely each)."


def build_summary(report: Report) -> Summary | None:
    """What a person needs first: how far the goal is (or the closest path), in requirements and hours."""
    paths = {p["id"]: p for p in report["paths"]}
    if not paths:
        return None
    goal = report.get("goal")
    aimed = paths.get(goal["path"]) if goal else None
    closest = report["paths"][0]
    path = aimed or closest
    measured = fully_assessed(path["assessed"], path["required"])
    if aimed:
        lead = f"Your goal: {path['name']}."
    elif measured:
        lead = f"Closest path: {path['name']}."
    else:
        lead = f"No career path is fully assessed; on the skills measured the nearest is {path['name']}."
    facts = [_met_sentence(path)]
    if not measured:
        facts.append(
            f"Only {path['assessed']} of its {path['required']} skills were assessed: "
            f"{measure_rest(path['id'], not_assessed(path))} measures the rest."
        )
    hours = path.get("hours_to_meet")
    if hours:
        weeks = -(-hours // SUMMARY_HOURS_PER_WEEK)
        unknown = path["required"] - path["assessed"]
        counting = f", counting the {counted(unknown, 'skill')} not assessed from level 0" if unknown else ""
        facts.append(
            f"About {hours:,} hours of study to meet them all{counting}: {weeks} weeks at "
            f"{SUMMARY_HOURS_PER_WEEK} hours a week."
        )
    elif path["meets"]:
        facts.append("Nothing left to study for it: see the other paths with " + command("report --details") + ".")
    low, high = path["readiness_range"]
    if measured:  # a readiness figure for a partly measured path would mislead
        facts.append(
            f"Readiness {_pct(path['readiness'])} (80% range {low:.0f}-{high:.0f}%): the weighted share of its "
            "required levels you have (a level short counts in part)."
        )
    if aimed and closest["id"] != aimed["id"] and fully_assessed(closest["assessed"], closest["required"]):
        facts.append(
            f"Closest today: {closest['name']}, {_pct(closest['readiness'])} ready, "
            f"{closest['requirements_met']} of {len(closest['requires'])} requirements likely met."
        )
    elif not aimed:
        facts.append(f"Aiming for another path? {command('goal ID')} ({command('paths')} lists them).")
    facts.extend(caveats(report))
    if report["quick"]:
        facts.append(f"A quick quiz is a first look, often 15-25 points off: {command('quiz')} for a result to act on.")
    gaps = tuple(
        (
            f"{g['name']}: {'level ' + str(g['current']) if g['assessed'] else NOT_ASSESSED} → {g['required']} "
            f"(weight {g['weight']})",
            f"First: reach level {g['next_level']} ({g['next_level_name']})",
            g["next_step"],
        )
        for g in path["gaps"][:SUMMARY_GAPS]
    )
    calibration = report["calibration"]
    self_rating = "Self-rating: " + calibration_summary(calibration).split(". Of ")[0].removeprefix("Overall: ") + "."
    more = (
        f"More: {command('report --details')} (every section) · {command('plan')} (steps and weeks) · "
        f"{command('report --profile')} (every skill on one chart)"
    )
    return Summary(
        lead,
        tuple(facts),
        f"Top gaps for {path['name']}" if gaps else _all_met(path),
        gaps,
        self_rating,
        more,
    )


def small_group_note(people: int) -> str | None:
    """What to say where a group is too small for group figures; None where it is not."""
    # Imported here: every report renders through this module, and only team needs the group rule.
    from skillcheck.documents.team import MIN_GROUP

    if people >= MIN_GROUP:
        return None
    return (
        f"Group figures (the readiness spread, percentiles) are shown from {MIN_GROUP} people on, so that no "
        f"one's result can be read off them; this group has {people}."
    )
