"""Values to rich renderables. Taxonomy text always goes in as `Text(...)`, never as markup.

rich parses markup in plain strings, so a skill named `C++ [/]` would crash a table and
`[link=...]` would become a live hyperlink; `Text` shows the characters as they are. Control
characters never get here: taxonomy validation rejects them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from skillcheck.models import OPTION_LETTERS, Taxonomy
from skillcheck.quiz import CheckStep, Plan, Progress, StepView, estimate_minutes, keys_help
from skillcheck.report import TOP_GAPS, GapOut, Report, calibration_notes, calibration_summary, when


def _minutes(seconds: int) -> str:
    if seconds < 60:
        return "under a minute left"
    return f"about {round(seconds / 60)} min left"


def progress_line(progress: Progress) -> Text:
    return Text.assemble(
        (f"Skill {progress.skill_number} of {progress.skill_total}", "bold"),
        " · ",
        Text(progress.area),
        " · ",
        _minutes(progress.seconds_left),
        style="dim",
    )


def intro(plan: Plan, *, resumed_answers: int = 0) -> RenderableType:
    minutes = estimate_minutes(plan)
    lines = Text()
    lines.append("skillcheck quiz\n", style="bold")
    lines.append(
        f"You will rate yourself on {len(plan.skills)} skills, area by area, by picking the level "
        "whose description matches what you can do today. Short knowledge checks then test each "
        "rating, so rate what you can do, not what you have heard of. "
        f"It takes about {minutes} minutes.\n\n"
    )
    lines.append(keys_help(plan.taxonomy.top_level) + "\n")
    lines.append(
        "Every answer is saved as you go: quit at any time (q, Ctrl-C) and run `skillcheck quiz` "
        "again to continue where you left off."
    )
    if resumed_answers:
        lines.append(f"\n\nResuming: {resumed_answers} answers already given.", style="bold")
    return Panel(lines, box=box.ROUNDED, padding=(0, 1))


def step_view(view: StepView, taxonomy: Taxonomy, *, again: bool = False) -> RenderableType:
    """One prompt: progress, then the skill's levels to rate against, or a question's options.

    With `again` (the same step asked again after a hint or the help) only the notice and the
    prompt line are shown: the levels or options are still on the screen just above.
    """
    parts: list[RenderableType] = [progress_line(view.progress)]
    step = view.step
    skill = step.skill
    if isinstance(step, CheckStep):
        question = step.question
        title = Text.assemble(("Check: ", "bold"), (skill.name, "bold"), f" (level {question.level})")
        body = Text(question.prompt.rstrip("\n"))
        options = Table.grid(padding=(0, 1))
        options.add_column(no_wrap=True)
        options.add_column()
        for letter, option in zip(OPTION_LETTERS, question.options, strict=False):
            options.add_row(Text(f"{letter})", style="bold"), Text(option.text))
        parts.append(Panel(Group(body, Text(""), options), title=title, title_align="left", box=box.ROUNDED))
        hint = f"Your answer (a-{OPTION_LETTERS[len(question.options) - 1]}, s to skip, ? for help)"
    else:
        title = Text(skill.name, style="bold")
        levels = Table.grid(padding=(0, 1))
        levels.add_column(no_wrap=True, justify="right")
        levels.add_column()
        for level in taxonomy.levels:
            description = level.meaning if level.level == 0 else skill.levels.get(level.level, "")
            levels.add_row(
                Text(str(level.level), style="bold"),
                Text.assemble((level.name, "bold"), ": ", description),
            )
        parts.append(
            Panel(
                Group(Text(skill.description, style="italic"), Text(""), levels),
                title=title,
                title_align="left",
                box=box.ROUNDED,
            )
        )
        hint = f"Your level (0-{taxonomy.top_level}, s to skip, ? for help)"
    notice = [Text(view.notice, style="yellow" if view.invalid else "cyan")] if view.notice else []
    if again:
        return Group(*notice, Text(hint))
    return Group(*parts, *notice, Text(hint))


# --- the report --------------------------------------------------------------------------------


def _bar(readiness: float, width: int = 20) -> Text:
    # Block characters rather than a styled bar, so the bar still reads with NO_COLOR.
    filled = round(readiness / 100 * width)
    return Text.assemble(("█" * filled, "green"), ("░" * (width - filled), "dim"))


def report_view(report: Report, taxonomy: Taxonomy) -> RenderableType:
    parts: list[RenderableType] = []
    ref = report["taxonomy"]
    parts.append(Text(f"Taken {when(report['taken_at'])} · taxonomy {ref['id']} {ref['version']}", style="dim"))
    paths = report["paths"]
    if not paths:
        parts.append(Text("No career paths to compare."))
        return Group(*parts)
    best = paths[0]
    verdict = Text.assemble(
        "Closest path: ", (best["name"], "bold"), f" — {best['readiness']:.0f}% ready", style="bold"
    )
    parts.append(Panel(verdict, box=box.ROUNDED))

    changes = {c["id"]: c["change"] for c in report["previous"]["paths"]} if "previous" in report else {}
    readiness = Table(title=Text("Readiness per path", style="bold"), box=box.SIMPLE, title_justify="left")
    readiness.add_column("Path")
    readiness.add_column("", no_wrap=True)
    readiness.add_column("Ready", justify="right", no_wrap=True)
    if changes:
        readiness.add_column("Change", justify="right", no_wrap=True)
    for path in paths:
        cells: list[RenderableType] = [Text(path["name"]), _bar(path["readiness"]), f"{path['readiness']:.0f}%"]
        if changes:
            cells.append(_signed(changes.get(path["id"])))
        readiness.add_row(*cells)
    parts.append(readiness)
    if "previous" in report:
        parts.append(_progress_view(report))

    # With every path shown, the gaps of the closest one; with --path, those of each chosen.
    shown = [best] if len(paths) == len(taxonomy.paths) else paths
    for path in shown:
        parts.append(_gaps_view(path["name"], path["gaps"]))

    parts.append(_calibration_view(report))
    if report["missed"]:
        parts.append(_missed_view(report))
    return Group(*parts)


def _signed(change: float | None) -> Text:
    if change is None:
        return Text("new")
    return Text(f"{change:+.0f}", style="green" if change > 0 else ("red" if change < 0 else "dim"))


def _progress_view(report: Report) -> RenderableType:
    previous = report["previous"]
    text = Text()
    text.append(f"Since your assessment of {when(previous['taken_at'])}\n", style="bold")
    moved = previous["skills_moved"]
    if not moved:
        text.append("No skill's evidenced level changed.\n")
    for skill in moved:
        arrow = "↑" if skill["after"] > skill["before"] else "↓"
        text.append_text(
            Text.assemble(f"  {arrow} ", (skill["name"], "bold"), f": level {skill['before']} → {skill['after']}\n")
        )
    return text


def _gaps_view(path_name: str, gaps: list[GapOut]) -> RenderableType:
    top = gaps[:TOP_GAPS]
    if not top:
        return Text.assemble("You meet every requirement of ", (path_name, "bold"), ".")
    table = Table(title=Text.assemble("Top gaps for ", (path_name, "bold")), title_justify="left", box=box.SIMPLE)
    table.add_column("Skill")
    table.add_column("Now", justify="right")
    table.add_column("Need", justify="right")
    table.add_column("Weight", justify="right")
    table.add_column("Priority", justify="right")
    for gap in top:
        table.add_row(
            Text(gap["name"]), str(gap["current"]), str(gap["required"]), str(gap["weight"]), str(gap["priority"])
        )
    steps = Table.grid(padding=(0, 1))
    steps.add_column(no_wrap=True)
    steps.add_column()
    for number, gap in enumerate(top, 1):
        steps.add_row(
            Text(f"{number}."),
            Text.assemble((gap["name"], "bold"), f" → level {gap['next_level']}: ", gap["next_step"]),
        )
        for resource in gap["resources"][:2]:
            where = resource.get("url") or resource.get("book") or ""
            steps.add_row(Text(""), Text.assemble("- ", (resource["title"], "bold"), f" ({where}): ", resource["why"]))
    return Group(table, Text("What to learn next", style="bold"), steps)


def _calibration_view(report: Report) -> RenderableType:
    text = Text()
    text.append("Self-rating and checks\n", style="bold")
    text.append(calibration_summary(report["calibration"]) + "\n")
    for name, note in calibration_notes(report):
        text.append_text(Text.assemble("  - ", (name, "bold"), ": ", note, "\n"))
    return Padding(text, (1, 0, 0, 0))


def _missed_view(report: Report) -> RenderableType:
    text = Text()
    text.append("Questions you missed\n", style="bold")
    names = {skill["id"]: skill["name"] for skill in report["skills"]}
    for missed in report["missed"]:
        text.append_text(
            Text.assemble(
                ("• ", "bold"), (names.get(missed["skill"], missed["skill"]), "bold"), f" (level {missed['level']})\n"
            )
        )
        text.append_text(Text(missed["prompt"].rstrip("\n") + "\n"))
        text.append_text(Text.assemble("  Your answer: ", missed["your_answer"] or "(skipped)", "\n"))
        text.append_text(Text.assemble("  Right answer: ", (missed["correct_answer"], "bold"), "\n"))
        text.append_text(Text.assemble("  Why: ", missed["explanation"], "\n"))
    return Padding(text, (1, 0, 0, 0))


# --- history and team ----------------------------------------------------------------------------


def history_view(entries: list[dict[str, Any]], home: Path) -> RenderableType:
    if not entries:
        return Text(f"No completed assessments in {home} yet. Take the quiz: skillcheck quiz")
    table = Table(title=Text("Your assessments, newest first", style="bold"), title_justify="left", box=box.SIMPLE)
    table.add_column("Taken")
    table.add_column("Taxonomy")
    table.add_column("Closest path")
    table.add_column("Ready", justify="right")
    for entry in entries:
        if "error" in entry:
            table.add_row(Text(Path(entry["file"]).name), "", Text("unreadable: see skillcheck report --from"), "")
            continue
        version = entry["taxonomy"]["version"] + (" (changed since)" if entry["taxonomy_changed"] else "")
        ready = "" if entry["readiness"] is None else f"{entry['readiness']:.0f}%"
        table.add_row(when(entry["taken_at"]), Text(version), Text(entry["closest_name"] or "-"), ready)
    return table


# Heat table cells: one character per level, readable without colour.
_HEAT = " ░▒▓█"


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
    parts.append(spread)
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
    return Group(*parts)


def _heat_view(summary: dict[str, Any], taxonomy: Taxonomy) -> RenderableType:
    members = summary["members"]
    top = taxonomy.top_level
    legend = Text(
        "Levels: " + "  ".join(f"{level} '{_HEAT[min(level, len(_HEAT) - 1)]}'" for level in range(top + 1)),
        style="dim",
    )
    if len(members) <= 16:
        # People as numbered columns (names can be long), with a key underneath.
        table = Table(title=Text("Evidenced level per skill", style="bold"), title_justify="left", box=box.SIMPLE)
        table.add_column("Skill", max_width=28)
        for number in range(1, len(members) + 1):
            table.add_column(str(number), justify="center", no_wrap=True)
        for skill in taxonomy.skills:
            cells = []
            for member in members:
                level = member["evidenced"].get(skill.id)
                cells.append("·" if level is None else f"{level}{_HEAT[min(level, len(_HEAT) - 1)]}")
            table.add_row(Text(skill.name), *cells)
        key = Text("People: " + "; ".join(f"{n} {m['name']}" for n, m in enumerate(members, 1)), style="dim")
        return Group(table, legend, key)
    # Too many people for columns: how many are at each level, per skill.
    table = Table(
        title=Text("People at each evidenced level, per skill", style="bold"), title_justify="left", box=box.SIMPLE
    )
    table.add_column("Skill", max_width=28)
    for level in range(top + 1):
        table.add_column(str(level), justify="right", no_wrap=True)
    for skill in taxonomy.skills:
        counts = [0] * (top + 1)
        for member in members:
            level = member["evidenced"].get(skill.id)
            if level is not None:
                counts[min(level, top)] += 1
        table.add_row(Text(skill.name), *(str(c) for c in counts))
    return Group(table, Text("Per-person levels: skillcheck team --format jsonl", style="dim"))
