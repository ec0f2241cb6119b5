"""The quiz's screens: the intro, the progress line, and one prompt (a rating or a check).

Taxonomy text always goes in as `Text(...)`, never as markup (see render.py).
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from skillcheck.invoked import command
from skillcheck.measure.flow import StepView, keys_help, stated_minutes
from skillcheck.measure.quizplan import CheckStep, GoalStep, Progress, QuizPlan
from skillcheck.taxonomy.models import OPTION_LETTERS, Taxonomy
from skillcheck.wording import counted


def prose(text: str) -> str:
    """Text written with hard line breaks, reflowed: the terminal wraps it at its own width.
    Blank lines still separate paragraphs."""
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in text.strip().split("\n\n"))


def _minutes(seconds: int) -> str:
    if seconds < 60:
        return "under a minute left"
    return f"about {round(seconds / 60)} min left"


def progress_line(progress: Progress) -> Text:
    where = "Final checks" if progress.final else f"Skill {progress.skill_number} of {progress.skill_total}"
    return Text.assemble(
        (where, "bold"),
        " · ",
        Text(progress.area),
        " · ",
        _minutes(progress.seconds_left),
        style="dim",
    )


def _skills_phrase(count: int) -> str:
    return "1 skill" if count == 1 else f"{count} skills, area by area"


def intro(plan: QuizPlan, *, resumed_answers: int = 0) -> RenderableType:
    minutes = stated_minutes(plan)
    lines = Text()
    lines.append("skillcheck quiz\n", style="bold")
    checks = "a random sample of your ratings, once all are in" if plan.quick else "each rating"
    lines.append(
        f"You will rate yourself on {_skills_phrase(len(plan.skills))}, by picking the level "
        f"whose description matches what you can do today. Short knowledge checks then test {checks}, "
        "so rate what you can do, not what you have heard of. "
        f"It takes about {minutes} minute{'' if minutes == 1 else 's'} at an unhurried reading pace; the "
        "time left adjusts to yours as you go.\n\n"
    )
    lines.append(keys_help(plan.taxonomy.top_level) + "\n")
    lines.append(
        f"Every answer is saved as you go: quit at any time (q, Ctrl-C) and run `{command('quiz')}` "
        "again to continue where you left off."
    )
    if resumed_answers:
        lines.append(f"\n\nResuming: {counted(resumed_answers, 'answer')} already given.", style="bold")
    return Panel(lines, box=box.ROUNDED, padding=(0, 1))


def step_view(view: StepView, taxonomy: Taxonomy, *, again: bool = False) -> RenderableType:
    """One prompt: progress, then the skill's levels to rate against, or a question's options.

    With `again` (the same step asked again after a hint or the help) only the notice and the
    prompt line are shown: the levels or options are still on the screen just above.
    """
    parts: list[RenderableType] = [progress_line(view.progress)]
    step = view.step
    notice = [Text(view.notice, style="yellow" if view.invalid else "cyan")] if view.notice else []
    if isinstance(step, GoalStep):
        hint = f"Your goal (1-{len(step.paths)}, 0 not sure, ? help)"
        if again:
            return Group(*notice, Text(hint))
        paths = Table.grid(padding=(0, 1))
        paths.add_column(no_wrap=True, justify="right")
        paths.add_column()
        for number, career in enumerate(step.paths, start=1):
            paths.add_row(Text(str(number), style="bold"), Text(career.name))
        paths.add_row(Text("0", style="bold"), Text("Not sure yet: compare them all"))
        title = Text("Which career path are you aiming for?", style="bold")
        why = Text(
            "The report and the plan answer for this goal first: what it needs that you lack, and the "
            "hours to get there. You can change it later without retaking the quiz.",
            style="italic",
        )
        parts.append(Panel(Group(title, why, Text(""), paths), box=box.ROUNDED))
        return Group(*parts, *notice, Text(hint))
    skill = step.skill
    if isinstance(step, CheckStep):
        question = step.question
        # The title is the panel's first line, not its border: a border title is cut at the
        # terminal's width, and at 60 columns it lost the level.
        # The level is not shown: it would tell whether the last answer was right (the next check
        # depends on it), and the person answers the question, not its level.
        title = Text.assemble(("Check", "bold"), " · ", (skill.name, "bold"))
        if step.final:
            title.append(" · once more, where your answers left the level unclear", style="italic")
        # Prose reflows to the terminal; code keeps its lines (cut at the edge, never rewrapped).
        body: list[RenderableType] = [title, Text(""), Text(prose(question.prompt))]
        if question.code is not None:
            body += [
                Text(""),
                Padding(Text(question.code.text.rstrip("\n"), no_wrap=True, overflow="crop"), (0, 0, 0, 2)),
            ]
        options = Table.grid(padding=(0, 1))
        options.add_column(no_wrap=True)
        options.add_column()
        for letter, index in zip(OPTION_LETTERS, step.order, strict=False):
            options.add_row(Text(f"{letter})", style="bold"), Text(prose(question.options[index].text)))
        parts.append(Panel(Group(*body, Text(""), options), box=box.ROUNDED))
        hint = f"Your answer (a-{question.letters[-1]}, i I don't know, s skip, ? help)"
    else:
        title = Text(skill.name, style="bold")
        levels = Table.grid(padding=(0, 1))
        levels.add_column(no_wrap=True, justify="right")
        levels.add_column()
        for level in taxonomy.levels:
            description = level.meaning if level.level == 0 else skill.levels.get(level.level, "")
            levels.add_row(
                Text(str(level.level), style="bold"),
                Text.assemble((level.name, "bold"), ": ", prose(description)),
            )
        parts.append(
            Panel(
                Group(title, Text(prose(skill.description), style="italic"), Text(""), levels),
                box=box.ROUNDED,
            )
        )
        hint = f"Your level (0-{taxonomy.top_level}, s to skip, ? for help)"
        if step.area_start:
            # The full quiz is long: a person may stop between areas with a result on what is done.
            hint = (
                f"A new area starts. f finishes here with a report on the areas done so far.\n"
                f"Your level (0-{taxonomy.top_level}, s to skip, f to finish, ? for help)"
            )
    if again:
        return Group(*notice, Text(hint))
    return Group(*parts, *notice, Text(hint))
