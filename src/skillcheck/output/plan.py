"""The learning plan laid out: for a terminal (rich) and as a Markdown checklist to tick off.

Both layouts take the same PlanOut document and use the same sentences (built once here), so
they say the same things; JSON is the document itself. Taxonomy text goes into rich as `Text`,
never as markup, and into Markdown escaped (export.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from skillcheck.documents.plan import PlanOut, PlanStepOut
from skillcheck.documents.report import ResourceOut, when
from skillcheck.invoked import command
from skillcheck.measure.learning import MILESTONES
from skillcheck.output.export import md, md_link
from skillcheck.output.view import measure_rest

if TYPE_CHECKING:
    from rich.console import RenderableType

NOTE = (
    "Hours are for a typical learner, as the taxonomy estimates them; each step says what its estimate "
    "rests on. Levels are the evidenced levels of your assessment (the report's Now)."
)
READINESS_NOTE = (
    " Readiness counts the weighted share of the path's required levels reached, a level once its step is done."
)
COMPARE_NOTE = (
    "Now: the report's readiness. Met: requirements likely met (80%), as the report counts them. Hours: the "
    "whole plan to meet every requirement of the path. After 10, 50 and 100 hours of that path's plan: the "
    "readiness now plus what its finished steps add. See one path's plan "
    f"with {command('plan --path ID')}."
)
# Said only where a row needs it: an assessment that covered every skill has no such path.
PARTIAL_COMPARE_NOTE = " A path some of whose skills were not assessed shows no readiness (-), as in the report."


def note(plan: PlanOut) -> str:
    """The plan's closing note: readiness is explained only where the plan shows it."""
    return NOTE + ("" if plan["not_assessed"] else READINESS_NOTE)


def compare_note(plan: PlanOut) -> str:
    return COMPARE_NOTE + (PARTIAL_COMPARE_NOTE if any(not path["assessed"] for path in plan["paths"]) else "")


def _hours(value: float) -> str:
    return f"{value:,.0f} hour{'s' if round(value) != 1 else ''}"


def headline(plan: PlanOut) -> str:
    chosen = " (your closest path)" if plan["chosen_by"] == "closest" else ""
    return f"Learning plan: {plan['path_name']}{chosen}"


def summary(plan: PlanOut) -> str:
    taken = f"From your assessment of {when(plan['taken_at'])}, at {_hours(plan['hours_per_week'])} a week. "
    if not plan["steps"]:
        return (
            taken + f"You meet every requirement of {plan['path_name']} at your evidenced levels: "
            f"nothing to plan. {command('plan --compare')} shows the other paths."
        )
    steps = len(plan["steps"])
    unknown = len(plan["not_assessed"])
    if unknown:
        # As the report: no readiness figure for a path some of whose skills were never measured.
        where = (
            f"{unknown} of its skills {'was' if unknown == 1 else 'were'} not assessed, so "
            f"{'its' if unknown == 1 else 'their'} steps start from level 0 "
            f"({measure_rest(plan['path'], plan['not_assessed'])} measures them). "
        )
        then = "."
    else:
        where = f"You are {plan['readiness_now']:.0f}% ready, as the report says. "
        then = ", then 100% ready."
    return (
        taken + where + f"{steps} step{'s' if steps != 1 else ''}, "
        f"{_hours(plan['total_hours'] or 0)}: about {plan['weeks']} week{'s' if plan['weeks'] != 1 else ''}{then}"
    )


def weeks_label(step: PlanStepOut) -> str:
    first, last = step["weeks"]
    return f"Week {first}" if first == last else f"Weeks {first}-{last}"


def step_title(step: PlanStepOut) -> str:
    unknown = "" if step["assessed"] else " (not assessed)"
    return (
        f"{step['name']}{unknown}: level {step['from_level']} → {step['to_level']} ({step['level_name']}), "
        f"{_hours(step['hours'])}"
    )


def step_note(plan: PlanOut, step: PlanStepOut) -> str:
    why = "" if step["for_path"] else "Needed for a later step. "
    if plan["not_assessed"]:
        return why.strip()
    return f"{why}Ready {step['readiness_after']:.0f}% after it."


def _where(resource: ResourceOut) -> str:
    return resource.get("url") or resource.get("book") or ""


def typed(check_in: str) -> str:
    """The JSON names the command as `skillcheck ...`; a person gets it as they ran skillcheck."""
    return command(check_in.removeprefix("skillcheck "))


def check_in_sentence(check_in: str) -> str:
    return f"Check-in: re-measure with {typed(check_in)}"


def plan_text(plan: PlanOut) -> RenderableType:
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    parts: list[RenderableType] = [Text(headline(plan), style="bold"), Text(summary(plan))]
    for step in plan["steps"]:
        # A grid keeps continuation lines indented under their item; expand=False keeps lines
        # free of padding to the terminal's full width.
        body = Table.grid(padding=(0, 1), expand=False)
        body.add_column(no_wrap=True)
        body.add_column()
        if said := step_note(plan, step):
            body.add_row("", Text(said, style="dim"))
        body.add_row("", Text.assemble(("Next level: ", "italic"), step["next_level"]))
        body.add_row("", Text(step["basis"], style="dim"))
        for resource in step["resources"]:
            body.add_row("-", Text.assemble((resource["title"], "bold"), f" ({_where(resource)})"))
        if step["check_in"]:
            body.add_row("", Text(check_in_sentence(step["check_in"]), style="cyan"))
        title = Text.assemble((weeks_label(step) + ": ", "bold"), (step_title(step), "bold"))
        parts.append(Padding(Group(title, Padding(body, (0, 0, 0, 1), expand=False)), (1, 0, 0, 0), expand=False))
    parts.append(Padding(Text(note(plan), style="dim"), (1, 0, 0, 0), expand=False))
    return Group(*parts)


def compare_text(plan: PlanOut) -> RenderableType:
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text("Hours to each path", style="bold"), title_justify="left", box=box.SIMPLE)
    table.add_column("Path")
    table.add_column("Now", justify="right", no_wrap=True)
    table.add_column("Met", justify="right", no_wrap=True)
    table.add_column("Hours", justify="right", no_wrap=True)
    for hours in MILESTONES:
        table.add_column(f"+{hours} h", justify="right", no_wrap=True)
    for row in compare_rows(plan):
        table.add_row(Text(row[0]), *row[1:])
    return Group(table, Text(compare_note(plan), style="dim"))


def compare_rows(plan: PlanOut) -> list[list[str]]:
    rows = []
    for path in plan["paths"]:
        after = {m["hours"]: m["readiness"] for m in path["after"]}
        rows.append(
            [
                path["name"],
                f"{path['readiness_now']:.0f}%" if path["assessed"] else "-",
                f"{path['requirements_met']}/{path['requirements']}",
                "unknown" if path["hours"] is None else f"{path['hours']:,}",
                *(f"{after[h]:.0f}%" if h in after and path["assessed"] else "-" for h in MILESTONES),
            ]
        )
    return rows


def plan_markdown(plan: PlanOut) -> str:
    lines = [f"# {md(headline(plan))}", "", md(summary(plan)), ""]
    for step in plan["steps"]:
        said = step_note(plan, step)
        lines.append(f"- [ ] **{md(weeks_label(step))}: {md(step_title(step))}**." + (f" {md(said)}" if said else ""))
        lines.append(f"  - Next level: {md(step['next_level'])}")
        lines.append(f"  - {md(step['basis'])}")
        for resource in step["resources"]:
            where = _where(resource)
            lines.append(f"  - {md(resource['title'])} ({md_link(where)})")
        if step["check_in"]:
            lines.append(f"- [ ] Check-in: re-measure with `{typed(step['check_in'])}`")
    if plan["steps"]:
        lines.append("")
    lines += ["---", "", md(note(plan))]
    return "\n".join(lines).rstrip() + "\n"


def compare_markdown(plan: PlanOut) -> str:
    header = "| Path | Now | Met | Hours | " + " | ".join(f"+{h} h" for h in MILESTONES) + " |"
    lines = ["# Hours to each path", "", header, "|---|" + "---:|" * (3 + len(MILESTONES))]
    lines += ["| " + " | ".join([md(row[0]), *row[1:]]) + " |" for row in compare_rows(plan)]
    lines += ["", md(compare_note(plan))]
    return "\n".join(lines) + "\n"
