"""Values to rich renderables. Taxonomy text always goes in as `Text(...)`, never as markup.

rich parses markup in plain strings, so a skill named `C++ [/]` would crash a table and
`[link=...]` would become a live hyperlink; `Text` shows the characters as they are. Control
characters never get here: taxonomy validation rejects them.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from skillcheck.documents.report import when
from skillcheck.invoked import command
from skillcheck.output.profile import Profile, chart_lines, level_counts
from skillcheck.output.prompts import prose
from skillcheck.output.view import (
    GAPS_LEGEND,
    CalibrationSection,
    GapSection,
    MissedItem,
    ProgressSection,
    ReportView,
    small_group_note,
)
from skillcheck.safetext import escaped
from skillcheck.taxonomy.models import Taxonomy

# --- the report --------------------------------------------------------------------------------


def _bar(readiness: float, width: int = 20) -> Text:
    # Block characters rather than a styled bar, so the bar still reads with NO_COLOR.
    filled = round(readiness / 100 * width)
    return Text.assemble(("█" * filled, "green"), ("░" * (width - filled), "dim"))


def summary_view(view: ReportView) -> RenderableType:
    """The default report: one screen, the goal (or the closest path) first."""
    header = view.header
    who = f" for {header.name}" if header.name else ""
    parts: list[RenderableType] = [Text(f"Taken {header.taken}{who} · taxonomy {header.taxonomy}", style="dim")]
    for warning in header.warnings:
        parts.append(Text(f"Note: {warning}", style="yellow"))
    summary = view.summary
    if summary is None:
        return Group(*parts, Text("No career paths to compare."))
    parts += [Text(""), Text(summary.lead, style="bold")]
    parts += [Padding(Text(fact), (0, 0, 0, 2)) for fact in summary.facts]
    parts += [Text(""), Text(summary.gaps_title, style="bold")]
    for number, (title, first, step) in enumerate(summary.gaps, start=1):
        parts.append(Padding(Text.assemble(f"{number}. ", (title, "bold")), (0, 0, 0, 2)))
        parts.append(Padding(Text(f"{first}: {step}"), (0, 0, 0, 5)))
    parts += [Text(""), Text(summary.self_rating), Text(""), Text(summary.more, style="dim")]
    return Group(*parts)


def report_view(view: ReportView, *, profile_only: bool = False) -> RenderableType:
    """The report for a terminal: the same sections, in the same order, as every other format."""
    parts: list[RenderableType] = []
    header = view.header
    who = f" for {header.name}" if header.name else ""
    parts.append(Text(f"Taken {header.taken}{who} · taxonomy {header.taxonomy}", style="dim"))
    for warning in header.warnings:
        parts.append(Text(f"Note: {warning}", style="yellow"))
    if profile_only:
        return Group(*parts, *profile_views(view.profiles))
    if view.summary is not None:
        # Every section, with the same summary on top that the default report shows.
        parts = [summary_view(view), Text("")]
    if view.verdict is None:
        parts.append(Text("No career paths to compare."))
    else:
        verdict = view.verdict
        body = Text(verdict.headline, style="bold")
        if verdict.detail:
            body.append("\n" + verdict.detail, style="")
        body.append("\n" + verdict.description, style="")
        if verdict.outlook:
            body.append(
                "\n" + verdict.outlook + (f" {verdict.outlook_url}" if verdict.outlook_url else ""), style="dim"
            )
        for title, url in verdict.references:
            body.append(f"\nReference: {title}" + (f" {url}" if url else ""), style="dim")
        if verdict.source:
            body.append(f"\nWhat the requirements rest on: {verdict.source}", style="dim")
        parts.append(Panel(body, box=box.ROUNDED))
        changes = view.compared
        table = Table(title=Text("Readiness per path", style="bold"), box=box.SIMPLE, title_justify="left")
        table.add_column("Path")
        table.add_column("")
        table.add_column("Ready", justify="right", no_wrap=True)
        table.add_column("80% range", justify="right", no_wrap=True)
        if changes:
            table.add_column("Change", justify="right", no_wrap=True)
        for row in view.readiness:
            shown = Text(row.note, style="dim") if row.note else _bar(row.readiness)
            cells: list[RenderableType] = [Text(row.name), shown, row.ready, row.span]
            if changes:
                cells.append(_signed(row.change) if not row.note else Text("-"))
            table.add_row(*cells)
        parts.append(table)
        parts.append(Text(view.readiness_legend, style="dim"))
    parts += profile_views(view.profiles)
    if view.progress is not None:
        parts.append(_progress_view(view.progress))
    for section in view.gaps:
        parts.append(_gaps_view(section))
    parts.append(_calibration_view(view.calibration))
    if view.missed:
        parts.append(_missed_view(view.missed))
    parts.append(Padding(Text(view.footer, style="dim"), (1, 0, 0, 0)))
    return Group(*parts)


# Styles of the profile chart's roles (profile.chart_lines); the symbols carry the meaning, so
# the chart reads the same without colour.
_PROFILE_STYLES = {
    "title": "bold",
    "area": "bold",
    "axis": "dim",
    "tick": "dim",
    "range": "green",
    "mark": "bold",
    "claim": "cyan",
    "need": "yellow",
    "gap": "bold red",
    "note": "dim",
}


class _ProfileChart:
    """A profile chart laid out for the width it is given (the terminal's, or a test's)."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text("")  # a blank line before, as before every section
        for line in chart_lines(self.profile, options.max_width):
            yield Text.assemble(*((text, _PROFILE_STYLES.get(role, "")) for text, role in line))


def profile_views(profiles: tuple[Profile, ...]) -> list[RenderableType]:
    return [_ProfileChart(profile) for profile in profiles]


def _signed(change: float | None) -> Text:
    if change is None:
        return Text("new")
    return Text(f"{change:+.0f}", style="green" if change > 0 else ("red" if change < 0 else "dim"))


def _progress_view(progress: ProgressSection) -> RenderableType:
    text = Text()
    text.append(f"Since your assessment of {progress.since}\n", style="bold")
    if not progress.moved:
        text.append("No skill's evidenced level changed.\n")
    for name, before, after in progress.moved:
        arrow = "↑" if after > before else "↓"
        text.append_text(Text.assemble(f"  {arrow} ", (name, "bold"), f": level {before} → {after}\n"))
    return Padding(text, (1, 0, 0, 0))


def _gaps_view(section: GapSection) -> RenderableType:
    if section.met_sentence:
        return Padding(Text(section.met_sentence, style="bold"), (1, 0, 0, 0))
    table = Table(
        title=Text.assemble("Top gaps for ", (section.path_name, "bold")), title_justify="left", box=box.SIMPLE
    )
    table.add_column("Skill")
    table.add_column("Now", justify="right", no_wrap=True)
    table.add_column("Need", justify="right")
    table.add_column("Weight", justify="right")
    table.add_column("Priority", justify="right")
    for row in section.rows:
        table.add_row(Text(row.name), row.now, str(row.need), str(row.weight), f"{row.priority:g}")
    steps = Table.grid(padding=(0, 1))
    steps.add_column(no_wrap=True)
    steps.add_column()
    for number, step in enumerate(section.steps, 1):
        steps.add_row(
            Text(f"{number}."),
            Text.assemble((step.name, "bold"), f" → level {step.level} ({step.level_name}): ", step.does),
        )
        for resource in step.resources:
            where = resource.get("url") or resource.get("book") or ""
            steps.add_row(Text(""), Text.assemble("- ", (resource["title"], "bold"), f" ({where}): ", resource["why"]))
    return Group(
        table,
        Text(GAPS_LEGEND, style="dim"),
        Text(""),
        Text.assemble("What to learn next for ", (section.path_name, "bold"), style="bold"),
        steps,
    )


def _calibration_view(calibration: CalibrationSection) -> RenderableType:
    notes = Table.grid(padding=(0, 1))
    notes.add_column(no_wrap=True)
    notes.add_column()
    for name, note in calibration.notes:
        notes.add_row(Text("-"), Text.assemble((name, "bold"), ": ", note))
    return Padding(Group(Text("Self-rating and checks", style="bold"), Text(calibration.summary), notes), (1, 0, 0, 0))


def _missed_view(missed: tuple[MissedItem, ...]) -> RenderableType:
    items: list[RenderableType] = [Text("Questions you missed", style="bold")]
    for item in missed:
        # A grid, so a title that wraps stays under itself rather than going back to column 0.
        title = Table.grid(padding=(0, 1))
        title.add_column(no_wrap=True)
        title.add_column()
        title.add_row(Text("•", style="bold"), Text(item.title, style="bold"))
        items.append(title)
        items.append(Padding(Text(prose(item.prompt)), (0, 0, 0, 2)))
        if item.code is not None:
            # no_wrap: code keeps its lines; a long line is cut at the edge rather than reflowed.
            items.append(Padding(Text(item.code["text"].rstrip("\n"), no_wrap=True, overflow="crop"), (0, 0, 0, 4)))
        answers = Table.grid(padding=(0, 1))
        answers.add_column(no_wrap=True)
        answers.add_column()
        answers.add_row(Text("Your answer:"), Text(item.your_answer))
        answers.add_row(Text("Right answer:"), Text(item.right_answer, style="bold"))
        answers.add_row(Text("Why:"), Text(item.why))
        items.append(Padding(answers, (0, 0, 0, 2)))
    return Padding(Group(*items), (1, 0, 0, 0))


# --- history and team ----------------------------------------------------------------------------


def history_view(history: dict[str, Any]) -> RenderableType:
    entries = history["assessments"]
    draft = history["draft"]
    unfinished = (
        Text(
            f"An unfinished quiz with {draft['answers']} answer{'' if draft['answers'] == 1 else 's'} is "
            f"waiting in {escaped(draft['file'])}: run `{command('quiz')}` to finish it."
        )
        if draft
        else None
    )
    if not entries:
        empty = Text(f"No completed assessments in {history['data_directory']} yet. Take the quiz: {command('quiz')}")
        return Group(*(part for part in (empty, unfinished) if part is not None))
    table = Table(title=Text("Your assessments, newest first", style="bold"), title_justify="left", box=box.SIMPLE)
    table.add_column("#", justify="right")
    table.add_column("Id", no_wrap=True)
    table.add_column("Taken", no_wrap=True)
    table.add_column("Taxonomy")
    table.add_column("Closest path")
    table.add_column("Ready", justify="right")
    for entry in entries:
        if "error" in entry:
            # The file is named in the error below the table: a long name in a column that does not
            # wrap would squeeze every other column to nothing at 80 columns.
            table.add_row(str(entry["number"]), "-", "unreadable (see below)", "", "", "")
            continue
        taken_with = entry["taxonomy"]
        if entry["readiness"] is None:  # another taxonomy's assessment: name it, it is not scored
            version = f"{taken_with['id']} {taken_with['version']} (not this taxonomy)"
        else:
            version = taken_with["version"] + (" (changed since)" if entry["taxonomy_changed"] else "")
        ready = "" if entry["readiness"] is None else f"{entry['readiness']:.0f}%"
        table.add_row(
            str(entry["number"]),
            Text(entry["id"][:8]),
            when(entry["taken_at"]),
            Text(version),
            Text((entry["closest_name"] or "-") + ("" if entry["kind"] == "full" else f" ({entry['kind']})")),
            ready,
        )
    parts: list[RenderableType] = [table]
    parts += [Text(escaped(entry["error"]), style="red") for entry in entries if "error" in entry]
    if unfinished is not None:
        parts.append(unfinished)
    # The hint's numbers are ones this history can report (readable), so it can be typed as it is.
    readable = [entry["number"] for entry in entries if "error" not in entry]
    example = next((n for n in readable if n >= 2), readable[0] if readable else 1)
    hint = f"Any of these in a report: {command(f'report --from {example}')} (a number or id)"
    if len(readable) >= 2:
        hint += f", or compare two: {command(f'report --from {readable[0]} --compare {readable[1]}')}"
    parts.append(Text(hint, style="dim"))
    return Group(*parts)


# Heat table cells: one character per level, readable without colour. Ten shades, so that every
# level of any scale the taxonomy allows (up to 0-9) gets a shade of its own.
_HEAT = " ░▁▂▃▄▅▆▇█"


def _heat(level: int, top: int) -> str:
    # Spread the levels over the shades: 9 / top >= 1, so no two levels share one.
    return _HEAT[round(min(level, top) * (len(_HEAT) - 1) / max(top, 1))]


def team_view(summary: dict[str, Any], taxonomy: Taxonomy) -> RenderableType:
    parts: list[RenderableType] = []
    people = summary["people"]
    parts.append(Text(f"skillcheck team · {people} {'person' if people == 1 else 'people'}", style="bold"))
    closest = Table(title=Text("Closest path", style="bold"), title_justify="left", box=box.SIMPLE)
    closest.add_column("Path")
    closest.add_column("People", justify="right")
    for entry in summary["closest"]:
        closest.add_row(Text(entry["name"]), str(entry["people"]))
    parts.append(closest)
    spread = Table(title=Text("Readiness per path (%)", style="bold"), title_justify="left", box=box.SIMPLE)
    spread.add_column("Path")
    for column in ("Min", "Median", "Mean", "Max"):
        spread.add_column(column, justify="right")
    for entry in summary["readiness"]:
        spread.add_row(
            Text(entry["name"]),
            *(f"{entry[key]:.0f}" for key in ("min", "median", "mean", "max")),
        )
    note = small_group_note(people)
    parts.append(spread if note is None else Text(note + "\n"))
    parts.append(_heat_view(summary, taxonomy))
    lacking = summary["lacking"][:10]
    if lacking:
        table = Table(
            title=Text("Skills the group lacks most (gaps in each person's closest path)", style="bold"),
            title_justify="left",
            box=box.SIMPLE,
        )
        table.add_column("Skill")
        table.add_column("People", justify="right")
        table.add_column("Total priority", justify="right")
        for entry in lacking:
            table.add_row(Text(entry["name"]), str(entry["people"]), str(entry["priority"]))
        parts.append(table)
    if "percentiles" in summary:
        parts.append(_percentiles_view(summary, taxonomy))
    return Group(*parts)


def _percentiles_view(summary: dict[str, Any], taxonomy: Taxonomy) -> RenderableType:
    """`team --percentiles`: where each person stands, per path and per skill (groups of five or more)."""
    info = summary["percentiles"]
    if not info["shown"]:
        return Text(
            f"Percentiles are shown for groups of {info['minimum_group']} or more people; this group has "
            f"{info['group']}, so no one's result could be read off them.",
            style="dim",
        )
    members = summary["members"]
    title = f"Percentile in the group ({info['group']} people): readiness per path"
    paths = Table(title=Text(title, style="bold"), title_justify="left", box=box.SIMPLE)
    paths.add_column("Person")
    for career in taxonomy.paths:
        paths.add_column(Text(career.name), justify="right")
    for member in members[:TERMINAL_ROWS]:
        cells = [_pct(member["percentiles"]["paths"].get(career.id)) for career in taxonomy.paths]
        paths.add_row(Text(member["name"]), *cells)
    parts: list[RenderableType] = [paths, *_more(len(members), "people")]
    if len(members) > 16:
        # One column per person stops being readable well before a terminal runs out of width.
        parts.append(Text(f"Percentiles per skill for each person: {command('team --json')}.", style="dim"))
        return Group(*parts)
    skills = Table(
        title=Text("Percentile in the group: evidenced level per skill", style="bold"),
        title_justify="left",
        box=box.SIMPLE,
    )
    skills.add_column("Skill", max_width=28)
    for number in range(1, len(members) + 1):
        skills.add_column(str(number), justify="right", no_wrap=True)
    for skill in taxonomy.skills[:TERMINAL_ROWS]:
        skills.add_row(Text(skill.name), *(_pct(m["percentiles"]["skills"].get(skill.id)) for m in members))
    key = Text("People: " + "; ".join(f"{n} {m['name']}" for n, m in enumerate(members, 1)), style="dim")
    return Group(*parts, skills, *_more(len(taxonomy.skills), "skills"), key)


# A terminal table lists at most this many rows: thousands are slow to lay out and read nobody;
# the JSON, JSONL and HTML formats list every one.
TERMINAL_ROWS = 200


def _more(count: int, what: str) -> list[RenderableType]:
    """The line under a table cut at TERMINAL_ROWS, or nothing."""
    if count <= TERMINAL_ROWS:
        return []
    hidden = count - TERMINAL_ROWS
    return [
        Text(
            f"... and {hidden:,} more {what}: {command('team --json')}, --format jsonl or --format html "
            "list every one.",
            style="dim",
        )
    ]


def _pct(entry: dict[str, Any] | None) -> str:
    return "·" if entry is None else f"{entry['percentile']:.0f}"


def _heat_view(summary: dict[str, Any], taxonomy: Taxonomy) -> RenderableType:
    members = summary["members"]
    top = taxonomy.top_level
    legend = Text(
        "Levels: " + "  ".join(f"{level} '{_heat(level, top)}'" for level in range(top + 1)),
        style="dim",
    )
    if len(members) <= 16:
        # People as numbered columns (names can be long), with a key underneath.
        table = Table(title=Text("Evidenced level per skill", style="bold"), title_justify="left", box=box.SIMPLE)
        table.add_column("Skill", max_width=28)
        for number in range(1, len(members) + 1):
            table.add_column(str(number), justify="center", no_wrap=True)
        for skill in taxonomy.skills[:TERMINAL_ROWS]:
            cells = []
            for member in members:
                level = member["evidenced"].get(skill.id)
                cells.append("·" if level is None else f"{level}{_heat(level, top)}")
            table.add_row(Text(skill.name), *cells)
        key = Text("People: " + "; ".join(f"{n} {m['name']}" for n, m in enumerate(members, 1)), style="dim")
        return Group(table, *_more(len(taxonomy.skills), "skills"), legend, key)
    # Too many people for columns: how many are at each level, per skill.
    table = Table(
        title=Text("People at each evidenced level, per skill", style="bold"), title_justify="left", box=box.SIMPLE
    )
    table.add_column("Skill", max_width=28)
    for level in range(top + 1):
        table.add_column(str(level), justify="right", no_wrap=True)
    for skill in taxonomy.skills[:TERMINAL_ROWS]:
        table.add_row(Text(skill.name), *(str(c) for c in level_counts(members, skill.id, top)))
    more = _more(len(taxonomy.skills), "skills")
    return Group(table, *more, Text(f"Per-person levels: {command('team --format jsonl')}", style="dim"))


def _hanging(rows: list[tuple[str, str]], indent: int = 2) -> Table:
    """Label and text in two columns, so wrapped text stays under itself rather than column 0."""
    grid = Table.grid(padding=(0, 2, 0, 0), pad_edge=False)
    grid.add_column(no_wrap=True)
    grid.add_column()
    for label, text in rows:
        grid.add_row(Text(label), Text(text))
    return Padding(grid, (0, 0, 0, indent))  # type: ignore[return-value]


def skills_listing_view(listing: dict[str, Any]) -> RenderableType:
    """`skillcheck skills`: ids to type, grouped by area; one skill named: its whole ladder."""
    skills = listing["skills"]
    if len(skills) == 1:
        skill = skills[0]
        needed = ", ".join(f"{r['path']} {r['level']}" for r in skill["required_by"]) or "no path"
        return Group(
            Text.assemble((skill["name"], "bold"), f"  {skill['id']} · {skill['area_name']}"),
            Text(skill["description"]),
            _hanging([(f"Level {level}", text) for level, text in skill["levels"].items()]),
            _hanging([("Needed by", needed), ("Questions", ", ".join(skill["questions"]))], indent=0),
        )
    path_ids = list(dict.fromkeys(r["path"] for skill in skills for r in skill["required_by"]))
    table = Table(box=box.SIMPLE, pad_edge=False)
    table.add_column("Id", no_wrap=True)
    table.add_column("Skill")
    for number, _ in enumerate(path_ids, start=1):
        table.add_column(f"P{number}", justify="right", no_wrap=True)
    area = None
    for skill in skills:
        if skill["area_name"] != area:
            area = skill["area_name"]
            table.add_row(Text(area, style="bold"), *[""] * (1 + len(path_ids)))
        levels = {r["path"]: str(r["level"]) for r in skill["required_by"]}
        table.add_row(Text(skill["id"]), Text(skill["name"]), *(levels.get(p, "-") for p in path_ids))
    legend = ", ".join(f"P{number} {path}" for number, path in enumerate(path_ids, start=1))
    return Group(
        table,
        Text(f"P1-P{len(path_ids)}: the level each path needs ({legend})." if path_ids else "", style="dim"),
        Text(f"One skill's levels and question ids: {command('skills ID')}", style="dim"),
    )


def paths_listing_view(listing: dict[str, Any]) -> RenderableType:
    """`skillcheck paths`: each path with its id, description and requirements."""
    parts: list[RenderableType] = []
    for career in listing["paths"]:
        parts.append(Text.assemble((career["name"], "bold"), f"  {career['id']}"))
        rows = [("", career["description"])]
        rows += [("", f"{reference['title']} {reference['url'] or ''}".rstrip()) for reference in career["references"]]
        parts.append(_hanging(rows, indent=0))
        # One path's listing says why it needs each level; the listing of all paths stays a table.
        why = len(listing["paths"]) == 1 and any("basis" in r for r in career["requires"])
        table = Table(box=box.SIMPLE, padding=(0, 1), pad_edge=False)
        table.add_column("Skill id", no_wrap=True)
        if not why:
            table.add_column("Skill")
        table.add_column("Level", justify="right")
        table.add_column("Weight", justify="right")
        if why:
            table.add_column("Why the path needs it", ratio=1)
        for requirement in career["requires"]:
            cells = [Text(requirement["skill"])] + ([] if why else [Text(requirement["name"])])
            cells += [Text(str(requirement["level"])), Text(str(requirement["weight"]))]
            table.add_row(*cells, *([Text(requirement.get("basis", ""))] if why else []))
        parts.append(Padding(table, (0, 0, 0, 2)))
    parts.append(Text("Level: the level the path needs. Weight: how much it counts (1-5) in readiness.", style="dim"))
    if len(listing["paths"]) > 1 and any("basis" in r for p in listing["paths"] for r in p["requires"]):
        parts.append(Text(f"What each requirement rests on: {command('paths ID')}.", style="dim"))
    return Group(*parts)
