"""The command line: the only module that imports typer.

Each command parses its options, calls the core, and prints what the core returns. Imports of
the core and of rich happen inside the commands, so `--help` and `report --json` load only what
they use (see benchmarks/README.md). Every result leaves through one path, `_show`: the format
registry renders the command's outcome, and exit codes are decided in one place, `_end`, which
`_show` passes an outcome's code and `_Commands.invoke` a SkillcheckError with its message.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

from skillcheck import __version__
from skillcheck.errors import ExitCode, SkillcheckError
from skillcheck.invoked import command
from skillcheck.output.formats import FORMATS, DocumentKind, choices

if TYPE_CHECKING:
    from skillcheck.commands import Outcome
    from skillcheck.taxonomy.load import LoadedTaxonomy


# typer's help shows each parameter's Python type (`<bool>` beside a flag, `<list[Path]>` beside
# an argument), which means nothing to a user. A flag takes no value, so it shows none; an
# argument's name (its metavar) already says what it takes. Options with a value set a metavar.
_option_type = TyperOption.display_type_rich


def _display_type(self: TyperOption, ctx: Any) -> str | None:
    return "" if self.is_flag and not self.count else _option_type(self, ctx)


TyperOption.display_type_rich = _display_type  # type: ignore[method-assign]
TyperArgument.display_type_rich = lambda self, ctx: ""  # type: ignore[method-assign]


class _Commands(TyperGroup):
    """Turns SkillcheckError into one paragraph on stderr and its exit code: the one place."""

    # Any: the base class types ctx with the click it vendors, which is private to typer.
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except SkillcheckError as exc:
            _end(exc.exit_code, exc.message)


app = typer.Typer(
    cls=_Commands,
    name="skillcheck",
    help=(
        "Find out which machine-learning career path you are closest to, what you are missing, "
        "and what to learn next.\n\n"
        "Start with `skillcheck quiz`, then read `skillcheck report`.\n\n"
        "Your answers are kept in $SKILLCHECK_HOME if set, else in the platform's user data directory "
        "(~/.local/share/skillcheck on Linux); README, 'Where your data lives'."
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)

TaxonomyOption = Annotated[
    Path | None,
    typer.Option(
        "--taxonomy",
        "-t",
        help="A taxonomy YAML file to use instead of the shipped one.",
        show_default=False,
        metavar="FILE",
    ),
]


def _load_taxonomy(path: Path | None) -> LoadedTaxonomy:
    """Every command loads its taxonomy here, through the cache of validated taxonomies."""
    from skillcheck.gcpause import kept_for_good
    from skillcheck.taxonomy.cache import TaxonomyCache, default_cache_dir
    from skillcheck.taxonomy.load import load_taxonomy

    # The taxonomy lives as long as the process: out of the garbage collector's sight, a full
    # collection during the quiz does not scan it (140 ms at 10,000 skills).
    with kept_for_good():
        return load_taxonomy(path, cache=TaxonomyCache(default_cache_dir()))


def _version(value: bool) -> None:
    if value:
        from skillcheck.output import streams

        streams.write_text(f"skillcheck {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", help="Print the version and exit.", callback=_version, is_eager=True),
    ] = False,
) -> None:
    """Find out which machine-learning career path you are closest to and what to learn next."""


def _complete_ids(kind: str) -> Any:
    """Shell completion of path or skill ids, from the taxonomy the command line names so far."""

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        try:
            taxonomy = _load_taxonomy(ctx.params.get("taxonomy")).taxonomy
        except SkillcheckError:
            return []  # a broken taxonomy completes nothing; running the command says why
        items = taxonomy.paths if kind == "path" else taxonomy.skills
        return [(item.id, item.name) for item in items if item.id.startswith(incomplete)]

    return complete


# The ids of the shipped taxonomy's paths, for --help (a test holds them equal to the file).
SHIPPED_PATH_IDS = "software-engineer, data-scientist, data-engineer, ml-engineer"

PathsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--path",
        "-p",
        help=f"A career path id (repeat for several): {SHIPPED_PATH_IDS}; `skillcheck paths` lists them.",
        show_default=False,
        metavar="ID",
        autocompletion=_complete_ids("path"),
    ),
]


def _format_choices(kind: DocumentKind) -> type[StrEnum]:
    """The `--format` choices of one kind of document, from the registry (an enum, so --help lists them)."""
    make: Any = StrEnum  # the functional API, which type checkers accept only with literal arguments
    made: type[StrEnum] = make(f"{kind.title().replace('-', '')}Format", {name: name for name in FORMATS[kind]})
    return made


# Each is the registry's names for one kind of document; type checkers see a plain StrEnum.
if TYPE_CHECKING:
    ReportFormat: TypeAlias = StrEnum
    PlanFormat: TypeAlias = StrEnum
    TeamFormat: TypeAlias = StrEnum
    ItemFitFormat: TypeAlias = StrEnum
    ListingFormat: TypeAlias = StrEnum
else:
    ReportFormat = _format_choices("report")
    PlanFormat = _format_choices("plan")
    TeamFormat = _format_choices("team")
    ItemFitFormat = _format_choices("item-fit")
    ListingFormat = _format_choices("history")


def _format_option(kind: DocumentKind, extra: str = "") -> Any:
    return typer.Option("--format", "-f", help=f"{choices(kind)}{extra}.", show_default=False)


def _inputs_argument(help_text: str) -> Any:
    """The files and folders `team` and `calibrate` read."""
    return typer.Argument(help=help_text, show_default=False, metavar="FILE_OR_DIR")


JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document (same as --format json).")]


def _chosen_format(as_json: bool, output_format: StrEnum | None) -> str:
    """The format asked for: --json is --format json, and asking for both differently is an error."""
    if as_json and output_format not in (None, "json"):
        raise SkillcheckError("--json and --format are different choices; use one of them.")
    return "json" if as_json else (output_format.value if output_format is not None else "text")


CalibrationOption = Annotated[
    Path | None,
    typer.Option(
        "--calibration",
        help=(
            "Score with the item difficulties of a `skillcheck calibrate` file (default: calibration.json in "
            "the data directory, if there is one)."
        ),
        show_default=False,
        metavar="FILE",
    ),
]


def _goal_option(help_text: str) -> Any:
    return typer.Option(
        "--goal", "-g", help=help_text, show_default=False, metavar="ID", autocompletion=_complete_ids("path")
    )


GoalOption = Annotated[
    str | None,
    _goal_option("The career path you aim for (an id from `skillcheck paths`); the report and plan answer for it."),
]
ReportGoalOption = Annotated[
    str | None,
    _goal_option("Answer for this career path, this once (`skillcheck goal ID` keeps one)."),
]


@app.command()
def quiz(
    taxonomy: TaxonomyOption = None,
    path: PathsOption = None,
    quick: Annotated[
        bool, typer.Option("--quick", help="Every rating, a sample of checks: about 24 minutes instead of 51.")
    ] = False,
    restart: Annotated[
        bool, typer.Option("--restart", help="Start over; an unfinished quiz is set aside, not deleted.")
    ] = False,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            help="Answer from a YAML or JSON file instead of prompts (see README, 'Answers files').",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    template: Annotated[
        bool,
        typer.Option(
            "--template",
            help="Print a commented answers file with every skill and question id, to fill in.",
        ),
    ] = False,
    skill: Annotated[
        list[str] | None,
        typer.Option(
            "--skill",
            "-s",
            help="Re-measure only this skill (repeatable); the rest is kept from your last assessment.",
            show_default=False,
            metavar="ID",
            autocompletion=_complete_ids("skill"),
        ),
    ] = None,
    goal: GoalOption = None,
    calibration: CalibrationOption = None,
) -> None:
    """Rate yourself skill by skill; short knowledge checks test each rating.

    Every answer is saved as you go: quit with q or Ctrl-C and run the same command again to
    continue. Keys: a level's digit to rate, an option's letter to answer (each prompt shows the
    range its taxonomy has), i I don't know, s skip, < back, ? help, q save and quit.

    Example:

        skillcheck quiz --path data-scientist --quick
        skillcheck quiz --skill statistics
    """
    from skillcheck import commands
    from skillcheck.measure.quizplan import plan_quiz
    from skillcheck.storage.store import Store, data_home

    unused = [
        option
        for option, given in (
            ("--answers", answers is not None),
            ("--quick", quick),
            ("--restart", restart),
            ("--goal", goal is not None),
            ("--calibration", calibration is not None),
        )
        if given
    ]
    if template and unused:
        raise SkillcheckError(
            f"--template prints an answers file and runs no quiz, so {', '.join(unused)} cannot go with it "
            f"(--path, --skill and --taxonomy shape the file). Write it with {command('quiz --template')}, "
            f"fill it in, then run {command('quiz --answers FILE')}."
        )
    loaded = _load_taxonomy(taxonomy)
    if template:
        from skillcheck.documents.listings import answers_template

        plan = plan_quiz(loaded.taxonomy, tuple(path or ()), quick=quick, skill_ids=tuple(skill or ()))
        template_text = answers_template(loaded.taxonomy, [s.id for s in plan.skills])
        _show(commands.Outcome("file", template_text), "text", loaded)
        return
    store = Store(data_home())
    fitted, calibration_warnings = commands.calibration_for(loaded, calibration, store.home)
    for warning in calibration_warnings:
        _warn(warning)
    plan = plan_quiz(
        loaded.taxonomy,
        tuple(path or ()),
        quick=quick,
        skill_ids=tuple(skill or ()),
        # A person at a terminal is asked; piped answers keep one line per rating and check, and
        # scripts and answers files give the goal with --goal (or the file's `goal:`).
        ask_goal=answers is None and sys.stdin is not None and sys.stdin.isatty(),
        goal=goal,
        fitted=fitted,
    )
    store.ensure_writable()
    if answers is not None:
        from skillcheck.session import quiz_from_answers

        saved, warnings = quiz_from_answers(plan, loaded.ref, store, answers)
        from skillcheck.safetext import escaped

        # The data directory's name is outside text (SKILLCHECK_HOME can hold ESC): escaped.
        done = f"Assessment saved to {escaped(str(saved))}\nSee where you stand: {command('report')}\n"
        _show(commands.plain(done, tuple(warnings)), "text", loaded)
        return
    from skillcheck.session import interactive_quiz

    _show(commands.plain("", exit_code=interactive_quiz(plan, loaded.ref, store, restart=restart)), "text", loaded)


@app.command()
def report(
    as_json: JsonOption = False,
    output_format: Annotated[ReportFormat | None, _format_option("report", " (html: one self-contained file)")] = None,
    path: PathsOption = None,
    from_file: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="The assessment to report: a file, a number or an id from `history` (default: the latest).",
            show_default=False,
            metavar="WHICH",
        ),
    ] = None,
    compare: Annotated[
        str | None,
        typer.Option(
            "--compare",
            help="Compare with this assessment: a file, number or id (default: the one taken before).",
            show_default=False,
            metavar="WHICH",
        ),
    ] = None,
    profile: Annotated[
        bool,
        typer.Option(
            "--profile", help="Only the skill profile: every skill's level, range, rating and the path's need."
        ),
    ] = False,
    details: Annotated[
        bool, typer.Option("--details", help="Every section, not only the one-screen summary (text only).")
    ] = False,
    goal: ReportGoalOption = None,
    calibration: CalibrationOption = None,
    taxonomy: TaxonomyOption = None,
) -> None:
    """Show readiness per career path, the gaps that cost most, and what to learn next.

    The verdict is always over every path; --path chooses which paths' gaps are detailed.
    Where an earlier assessment exists, the report also shows what changed since.

    Example:

        skillcheck report --path ml-engineer
        skillcheck report --profile
        skillcheck report --json | python -m json.tool
        skillcheck report --format html > my-skills.html
    """
    from skillcheck import commands
    from skillcheck.storage.store import Store, data_home

    chosen = _chosen_format(as_json, output_format)
    if details and chosen != "text":
        _warn(f"--details is for text; {chosen} always carries every section.")
    if profile and chosen == "json":
        raise SkillcheckError(
            "--profile is a chart for text, markdown or html; the JSON report already holds its values "
            "(skills, and each path's requires)."
        )
    loaded = _load_taxonomy(taxonomy)
    outcome = commands.report(
        loaded,
        Store(data_home()),
        path_ids=tuple(path or ()),
        from_file=from_file,
        compare=compare,
        goal=goal,
        calibration=calibration,
    )
    _show(outcome, chosen, loaded, profile_only=profile, details=details)


@app.command()
def plan(
    path: Annotated[
        str | None,
        typer.Option(
            "--path",
            "-p",
            help="The career path to plan for (default: your goal, else your closest).",
            show_default=False,
            metavar="ID",
            autocompletion=_complete_ids("path"),
        ),
    ] = None,
    hours_per_week: Annotated[
        int, typer.Option("--hours-per-week", "-w", min=1, max=168, help="Hours of study a week, for the weeks.")
    ] = 5,
    compare: Annotated[
        bool, typer.Option("--compare", help="Hours to every path, and readiness after 10, 50 and 100 hours.")
    ] = False,
    as_json: JsonOption = False,
    output_format: Annotated[PlanFormat | None, _format_option("plan", " (markdown: a checklist)")] = None,
    from_file: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="The assessment to plan from: a file, a number or an id from `history` (default: the latest).",
            show_default=False,
            metavar="WHICH",
        ),
    ] = None,
    calibration: CalibrationOption = None,
    taxonomy: TaxonomyOption = None,
) -> None:
    """A learning plan from your measured levels to a career path, in order, in hours and weeks.

    Each step takes one skill up one level; no step comes before what it needs, and the steps
    that raise readiness most per hour come first. After each skill's steps, re-measure it
    with `skillcheck quiz --skill ID`.

    Example:

        skillcheck plan --hours-per-week 6
        skillcheck plan --path ml-engineer --format markdown > plan.md
        skillcheck plan --compare
    """
    from skillcheck import commands
    from skillcheck.storage.store import Store, data_home

    chosen = _chosen_format(as_json, output_format)
    loaded = _load_taxonomy(taxonomy)
    outcome = commands.plan(
        loaded,
        Store(data_home()),
        path_id=path,
        from_file=from_file,
        hours_per_week=hours_per_week,
        compare=compare,
        calibration=calibration,
    )
    _show(outcome, chosen, loaded)


@app.command()
def goal(
    path: Annotated[
        str | None,
        typer.Argument(
            help="The career path you aim for: an id from `skillcheck paths`.",
            show_default=False,
            metavar="PATH_ID",
            autocompletion=_complete_ids("path"),
        ),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="No goal: compare every path.")] = False,
    taxonomy: TaxonomyOption = None,
) -> None:
    """Show or change the career path you aim for, without retaking the quiz.

    The report and the plan answer for the goal first; the quiz asks it at the start.

    Example:

        skillcheck goal ml-engineer
        skillcheck goal
    """
    from skillcheck import commands
    from skillcheck.storage.store import Store, data_home

    if clear and path is not None:
        raise SkillcheckError("a path id and --clear are different choices; use one of them.")
    loaded = _load_taxonomy(taxonomy)
    _show(commands.set_goal(loaded, Store(data_home()), path, clear=clear), "text", loaded)


@app.command()
def history(
    as_json: JsonOption = False,
    output_format: Annotated[ListingFormat | None, _format_option("history")] = None,
    taxonomy: TaxonomyOption = None,
) -> None:
    """List every stored assessment, newest first, with its closest path.

    Example:

        skillcheck history
    """
    from skillcheck import commands
    from skillcheck.storage.store import Store, data_home

    chosen = _chosen_format(as_json, output_format)
    loaded = _load_taxonomy(taxonomy)
    _show(commands.history(loaded, Store(data_home())), chosen, loaded)


@app.command()
def team(
    inputs: Annotated[
        list[Path], _inputs_argument("`report --json` files, stored assessments, or directories of them.")
    ],
    as_json: JsonOption = False,
    output_format: Annotated[
        TeamFormat | None,
        _format_option("team", " (jsonl: one row per person per skill; html: with the group's profile)"),
    ] = None,
    percentiles: Annotated[
        bool,
        typer.Option(
            "--percentiles/--no-percentiles",
            help="Where each person stands in the group, per path and per skill (shown from 5 people on).",
        ),
    ] = True,
    calibration: CalibrationOption = None,
    taxonomy: TaxonomyOption = None,
) -> None:
    """A group view for a mentor: closest paths, readiness spread, a skills heat table.

    Files that cannot be read are listed on stderr and skipped; the exit code is then 3.

    Example:

        skillcheck team cohort-2026/
        skillcheck team cohort-2026/ --format jsonl > skills.jsonl
        skillcheck team cohort-2026/ --format html > cohort.html
        skillcheck team cohort-2026/ --calibration cohort.calibration.json
    """
    from skillcheck import commands
    from skillcheck.storage.store import data_home

    chosen = _chosen_format(as_json, output_format)
    loaded = _load_taxonomy(taxonomy)
    outcome = commands.team(loaded, inputs, calibration=calibration, home=data_home(), percentiles=percentiles)
    _show(outcome, chosen, loaded)


@app.command()
def calibrate(
    inputs: Annotated[
        list[Path], _inputs_argument("Stored assessments, or directories of them (as `team` reads them).")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the calibration here (as calibration.json in the data directory, every command uses it).",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    as_json: JsonOption = False,
    output_format: Annotated[ItemFitFormat | None, _format_option("item-fit")] = None,
    taxonomy: TaxonomyOption = None,
) -> None:
    """Fit every question's difficulty to a group's answers, and report the questions that misbehave.

    The item-fit report lists questions whose fitted level differs from their tag, that do not
    tell levels apart (a wrong key?), that people far below their level answer well above chance
    (a cue), and that too few people answered to judge. With -o, the calibration is written for
    quiz, report, plan and team (--calibration FILE). Unreadable files are skipped; exit 3.

    Example:

        skillcheck calibrate cohort-2026/ -o cohort.calibration.json
        skillcheck calibrate cohort-2026/ --format markdown > item-fit.md
    """
    from skillcheck import commands

    chosen = _chosen_format(as_json, output_format)
    loaded = _load_taxonomy(taxonomy)
    _show(commands.calibrate(loaded, inputs, output), chosen, loaded)


@app.command()
def validate(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="The taxonomy file to check (default: the shipped taxonomy).", show_default=False, metavar="FILE"
        ),
    ] = None,
) -> None:
    """Check a taxonomy file and print a summary; every problem is listed with its line.

    Example:

        skillcheck validate my-skills.yaml
    """
    from skillcheck import commands

    loaded = _load_taxonomy(path)
    _show(commands.validate(loaded), "text", loaded)


@app.command()
def skills(
    skill: Annotated[
        str | None,
        typer.Argument(
            help="One skill id: show its levels and question ids.",
            show_default=False,
            metavar="SKILL_ID",
            autocompletion=_complete_ids("skill"),
        ),
    ] = None,
    area: Annotated[
        str | None, typer.Option("--area", help="Only this area's skills.", show_default=False, metavar="ID")
    ] = None,
    as_json: JsonOption = False,
    output_format: Annotated[ListingFormat | None, _format_option("skills")] = None,
    taxonomy: TaxonomyOption = None,
) -> None:
    """List the skills: ids to use in answers files and --skill, names, and the paths needing them.

    Example:

        skillcheck skills --area data
        skillcheck skills statistics
    """
    from skillcheck import commands

    chosen = _chosen_format(as_json, output_format)
    loaded = _load_taxonomy(taxonomy)
    _show(commands.skills(loaded, area, [skill] if skill else []), chosen, loaded)


@app.command()
def paths(
    path: Annotated[
        str | None,
        typer.Argument(
            help="One career path id: only that path.",
            show_default=False,
            metavar="PATH_ID",
            autocompletion=_complete_ids("path"),
        ),
    ] = None,
    as_json: JsonOption = False,
    output_format: Annotated[ListingFormat | None, _format_option("paths")] = None,
    taxonomy: TaxonomyOption = None,
) -> None:
    """List the career paths: ids to use with --path, what each is, and the levels it requires.

    Example:

        skillcheck paths
        skillcheck paths data-engineer --json
    """
    from skillcheck import commands

    chosen = _chosen_format(as_json, output_format)
    loaded = _load_taxonomy(taxonomy)
    _show(commands.paths(loaded, path), chosen, loaded)


@app.command()
def explain() -> None:
    """Print how the numbers are worked out: levels, ranges, readiness, verdicts (docs/scoring.md).

    Example:

        skillcheck explain | less
    """
    from skillcheck import commands
    from skillcheck.resources import scoring_doc

    _show(commands.plain(scoring_doc().read_text(encoding="utf-8")), "text", None)


class SchemaOf(StrEnum):
    # The commands whose --json output has a checked-in schema (schemas/NAME.schema.json).
    report = "report"
    history = "history"
    team = "team"
    calibrate = "calibrate"
    skills = "skills"
    paths = "paths"
    plan = "plan"


@app.command()
def schema(
    report: Annotated[
        bool, typer.Option("--report", help="Print the schema of `report --json` output instead.")
    ] = False,
    of: Annotated[
        SchemaOf | None,
        typer.Option("--of", help="Print the schema of this command's --json output.", show_default=False),
    ] = None,
) -> None:
    """Print a JSON Schema: of the taxonomy file format, or of a command's --json output.

    Example, to let an editor check a hand-written taxonomy:

        skillcheck schema > skillcheck.schema.json
        skillcheck schema --of team
    """
    import json

    from skillcheck import commands

    if report and of not in (None, SchemaOf.report):
        raise SkillcheckError("--report and --of are different choices; use one of them.")
    name = SchemaOf.report if report else of
    if name is not None:
        from skillcheck.resources import schema_file

        _show(commands.plain(schema_file(name.value).read_text(encoding="utf-8")), "text", None)
        return
    from skillcheck.taxonomy.models import Taxonomy

    document = Taxonomy.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    _show(commands.plain(json.dumps(document, indent=2, sort_keys=True) + "\n"), "text", None)


def _warn(message: str) -> None:
    from skillcheck.safetext import escaped

    # Messages quote names from outside (files, keys, ids): escaped, so none can reach the terminal raw.
    sys.stderr.write(f"skillcheck: warning: {escaped(message)}\n")


def _show(
    outcome: Outcome[Any],
    chosen: str,
    loaded: LoadedTaxonomy | None,
    *,
    profile_only: bool = False,
    details: bool = False,
) -> None:
    """The one output path: warnings to stderr, the document in the chosen format to stdout, the exit code."""
    from skillcheck.output import streams
    from skillcheck.output.formats import Context, Destination

    chosen_format = FORMATS[outcome.kind][chosen]
    for warning in outcome.warnings:
        _warn(warning)
    context = Context(
        warnings=outcome.warnings if chosen_format.carries_warnings else (),
        taxonomy=loaded.taxonomy if loaded is not None else None,
        profile_only=profile_only,
        details=details,
    )
    shown = chosen_format.render(outcome.document, context)
    if chosen_format.destination is Destination.DOCUMENT:
        streams.write_document(shown)
    elif chosen_format.destination is Destination.TERMINAL:
        streams.print_renderable(shown)
    elif shown:
        streams.write_text(shown)
    _end(outcome.exit_code)


def _end(code: ExitCode, message: str | None = None) -> None:
    """The one place a command's exit code is set: from an outcome, or from a SkillcheckError."""
    if message is not None:
        from skillcheck.safetext import escaped

        sys.stderr.write(f"skillcheck: {escaped(message)}\n")
    if code != ExitCode.OK or message is not None:
        raise typer.Exit(int(code))


def main() -> None:
    """Entry point of the `skillcheck` script and `python -m skillcheck`."""
    import os

    from skillcheck.output import streams

    streams.prepare()
    try:
        if sys.stdout is None:
            # Every command, --help and --version included, has a result for stdout.
            raise streams.closed_error()
        try:
            app()
        finally:
            streams.finish()
    except SkillcheckError as exc:
        # Raised outside a command (typer's help, --version) or by the final flush.
        sys.stderr.write(f"skillcheck: {exc.message}\n")
        raise SystemExit(int(exc.exit_code)) from None
    except Exception as exc:
        # The documented last resort (README, "Exit codes"): an error no command expected is a
        # bug; say so in one paragraph and exit 1 rather than print a traceback.
        if os.environ.get("SKILLCHECK_TRACEBACK"):
            raise
        from skillcheck.safetext import quoted

        sys.stderr.write(
            f"skillcheck: unexpected error ({type(exc).__name__}: {quoted(str(exc))[1:-1]}). This is a bug in "
            "skillcheck: please report it with the command that caused it (SKILLCHECK_TRACEBACK=1 shows where "
            "it happened).\n"
        )
        raise SystemExit(int(ExitCode.FAILURE)) from None
