"""The command line: the only module that imports typer.

Each command parses its options, calls the core, and prints what the core returns. Imports of
the core and of rich happen inside the commands, so `--help` and `report --json` load only what
they use (see benchmarks/README.md). Exit codes are decided in one
place, `_end`: `_finish` passes it a command's outcome, and `_Commands.invoke` a
SkillcheckError with its message for stderr.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from skillcheck import __version__
from skillcheck.errors import ExitCode, SkillcheckError

if TYPE_CHECKING:
    from skillcheck.commands import Outcome
    from skillcheck.taxonomy import LoadedTaxonomy


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
        "Start with `skillcheck quiz`, then read `skillcheck report`."
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
    ),
]


def _load_taxonomy(path: Path | None) -> LoadedTaxonomy:
    """Every command loads its taxonomy here, through the cache of validated taxonomies."""
    import gc

    from skillcheck.cache import TaxonomyCache, default_cache_dir
    from skillcheck.taxonomy import load_taxonomy

    loaded = load_taxonomy(path, cache=TaxonomyCache(default_cache_dir()))
    # The taxonomy lives as long as the process: take it out of the garbage collector's sight,
    # so a full collection during the quiz does not scan it (140 ms at 10,000 skills).
    gc.freeze()
    return loaded


def _version(value: bool) -> None:
    if value:
        print(f"skillcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", help="Print the version and exit.", callback=_version, is_eager=True),
    ] = False,
) -> None:
    """Find out which machine-learning career path you are closest to and what to learn next."""


PathsOption = Annotated[
    list[str] | None,
    typer.Option("--path", "-p", help="Only this career path (repeat for several).", show_default=False),
]


@app.command()
def quiz(
    taxonomy: TaxonomyOption = None,
    path: PathsOption = None,
    quick: Annotated[bool, typer.Option("--quick", help="Fewer knowledge checks: about 5 minutes.")] = False,
    restart: Annotated[
        bool, typer.Option("--restart", help="Start over; an unfinished quiz is set aside, not deleted.")
    ] = False,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            help="Answer from a YAML or JSON file instead of prompts (see README, 'Answers files').",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Rate yourself skill by skill; short knowledge checks test each rating.

    Every answer is saved as you go: quit with q or Ctrl-C and run the same command again to
    continue. Keys: a level's digit to rate, an option's letter to answer (each prompt shows the
    range its taxonomy has), i I don't know, s skip, < back, ? help, q save and quit.

    Example:

        skillcheck quiz --path data-scientist --quick
    """
    from skillcheck.models import TaxonomyRef
    from skillcheck.quiz import make_plan
    from skillcheck.store import Store, data_home

    loaded = _load_taxonomy(taxonomy)
    store = Store(data_home())
    plan = make_plan(loaded.taxonomy, tuple(path or ()), quick=quick, seen=store.seen_questions())
    # The absolute path: a message may suggest it as --taxonomy from any directory.
    source = str(Path(loaded.source).absolute())
    ref = TaxonomyRef(id=loaded.taxonomy.id, version=loaded.taxonomy.version, hash=loaded.hash, source=source)
    store.ensure_writable()
    if answers is not None:
        from skillcheck.session import quiz_from_answers

        saved = quiz_from_answers(plan, ref, store, answers)
        print(f"Assessment saved to {saved}")
        print("See where you stand: skillcheck report")
        return
    from skillcheck.commands import Outcome
    from skillcheck.session import interactive_quiz

    _finish(Outcome(None, exit_code=interactive_quiz(plan, ref, store, restart=restart)), None)


class ReportFormat(StrEnum):
    # The same names as formats.FORMATS (a test holds them equal); an enum so --help lists them.
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


@app.command()
def report(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document (same as --format json).")] = False,
    output_format: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="text (default), json, markdown or html (one self-contained file).",
            show_default=False,
        ),
    ] = None,
    path: PathsOption = None,
    from_file: Annotated[
        Path | None,
        typer.Option("--from", help="A stored assessment file (default: the latest).", show_default=False),
    ] = None,
    compare: Annotated[
        Path | None,
        typer.Option(
            "--compare", help="Compare with this assessment (default: the one taken before).", show_default=False
        ),
    ] = None,
    taxonomy: TaxonomyOption = None,
) -> None:
    """Show readiness per career path, the gaps that cost most, and what to learn next.

    The verdict is always over every path; --path chooses which paths' gaps are detailed.
    Where an earlier assessment exists, the report also shows what changed since.

    Example:

        skillcheck report --path ml-engineer
        skillcheck report --json | python -m json.tool
        skillcheck report --format html > my-skills.html
    """
    from skillcheck import commands
    from skillcheck.formats import FORMATS
    from skillcheck.store import Store, data_home

    if as_json and output_format not in (None, ReportFormat.json):
        raise SkillcheckError("--json and --format are different choices; use one of them.")
    chosen = ReportFormat.json if as_json else (output_format or ReportFormat.text)
    outcome = commands.report(
        _load_taxonomy(taxonomy),
        Store(data_home()),
        path_ids=tuple(path or ()),
        from_file=from_file,
        compare=compare,
    )
    render, _ = FORMATS[chosen.value]
    # Warnings always go to stderr; a document (Markdown, HTML) also carries them, since it is
    # read later and elsewhere. On a terminal or in JSON they would only be said twice.
    carried = outcome.warnings if chosen in (ReportFormat.markdown, ReportFormat.html) else ()
    _finish(outcome, render(outcome.value, carried))


@app.command()
def history(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document for scripts.")] = False,
    taxonomy: TaxonomyOption = None,
) -> None:
    """List every stored assessment, newest first, with its closest path.

    Example:

        skillcheck history
    """
    from skillcheck import commands
    from skillcheck.report import to_json
    from skillcheck.store import Store, data_home

    store = Store(data_home())
    outcome = commands.history(_load_taxonomy(taxonomy), store)
    if as_json:
        _finish(outcome, to_json(outcome.value) + "\n")
        return
    from skillcheck.render import history_view

    _finish(outcome, history_view(outcome.value["assessments"], store.home))


class TeamFormat(StrEnum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


@app.command()
def team(
    inputs: Annotated[
        list[Path],
        typer.Argument(help="`report --json` files, stored assessments, or directories of them.", show_default=False),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document (same as --format json).")] = False,
    output_format: Annotated[
        TeamFormat | None,
        typer.Option(
            "--format", "-f", help="text (default), json, or jsonl: one row per person per skill.", show_default=False
        ),
    ] = None,
    taxonomy: TaxonomyOption = None,
) -> None:
    """A group view for a mentor: closest paths, readiness spread, a skills heat table.

    Files that cannot be read are listed on stderr and skipped; the exit code is then 3.

    Example:

        skillcheck team cohort-2026/
        skillcheck team cohort-2026/ --format jsonl > skills.jsonl
    """
    import json

    from skillcheck import commands
    from skillcheck.report import to_json

    if as_json and output_format not in (None, TeamFormat.json):
        raise SkillcheckError("--json and --format are different choices; use one of them.")
    chosen = TeamFormat.json if as_json else (output_format or TeamFormat.text)
    loaded = _load_taxonomy(taxonomy)
    outcome = commands.team(loaded, inputs)
    if chosen is TeamFormat.jsonl:
        from skillcheck.team import rows

        lines = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in rows(outcome.extra["people"]))
        _finish(outcome, lines)
    elif chosen is TeamFormat.json:
        _finish(outcome, to_json(outcome.value) + "\n")
    else:
        from skillcheck.render import team_view

        _finish(outcome, team_view(outcome.value, loaded.taxonomy))


@app.command()
def validate(
    path: Annotated[
        Path | None,
        typer.Argument(help="The taxonomy file to check (default: the shipped taxonomy).", show_default=False),
    ] = None,
) -> None:
    """Check a taxonomy file and print a summary; every problem is listed with its line.

    Example:

        skillcheck validate my-skills.yaml
    """

    loaded = _load_taxonomy(path)
    taxonomy = loaded.taxonomy
    questions = sum(len(skill.questions) for skill in taxonomy.skills)
    from skillcheck.safetext import escaped

    print(f"{escaped(loaded.source)}: valid taxonomy '{taxonomy.id}' version {taxonomy.version}")
    for area in taxonomy.areas:
        count = sum(1 for skill in taxonomy.skills if skill.area == area.id)
        print(f"  {area.name}: {count} skills")
    print(f"  {len(taxonomy.skills)} skills, {questions} questions, {len(taxonomy.paths)} career paths")


class SchemaOf(StrEnum):
    # The commands whose --json output has a checked-in schema (schemas/NAME.schema.json).
    report = "report"
    history = "history"
    team = "team"


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

    if report and of not in (None, SchemaOf.report):
        raise SkillcheckError("--report and --of are different choices; use one of them.")
    name = SchemaOf.report if report else of
    if name is not None:
        from skillcheck.report import schema_file

        sys.stdout.write(schema_file(name.value).read_text(encoding="utf-8"))
        return
    from skillcheck.models import Taxonomy

    document = Taxonomy.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    print(json.dumps(document, indent=2, sort_keys=True))


def _warn(message: str) -> None:
    from skillcheck.safetext import escaped

    # Messages quote names from outside (files, keys, ids): escaped, so none can reach the terminal raw.
    sys.stderr.write(f"skillcheck: warning: {escaped(message)}\n")


def _finish(outcome: Outcome, printable: Any) -> None:
    """Print a command's outcome (warnings to stderr, the result to stdout) and end with its code."""
    from skillcheck import streams

    for warning in outcome.warnings:
        _warn(warning)
    if printable is None:
        pass  # the command printed as it went (the interactive quiz)
    elif isinstance(printable, str):
        streams.write_document(printable)
    else:
        streams.print_renderable(printable)
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

    from skillcheck import streams

    streams.prepare()
    try:
        app()
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
