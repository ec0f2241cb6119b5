"""The command line: the only module that imports typer.

Each command parses its options, calls the core, and prints what the core returns. Imports of
the core and of rich happen inside the commands, so `--help` and `report --json` load only what
they use (see benchmarks/README.md). SkillcheckError becomes a message on stderr and its exit
code in one place, `main()`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from skillcheck import __version__
from skillcheck.errors import ExitCode, SkillcheckError

app = typer.Typer(
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
    from skillcheck.taxonomy import load_taxonomy

    loaded = load_taxonomy(path)
    taxonomy = loaded.taxonomy
    questions = sum(len(skill.questions) for skill in taxonomy.skills)
    print(f"{loaded.source}: valid taxonomy '{taxonomy.id}' version {taxonomy.version}")
    for area in taxonomy.areas:
        count = sum(1 for skill in taxonomy.skills if skill.area == area.id)
        print(f"  {area.name}: {count} skills")
    print(f"  {len(taxonomy.skills)} skills, {questions} questions, {len(taxonomy.paths)} career paths")


@app.command()
def schema(
    report: Annotated[
        bool, typer.Option("--report", help="Print the schema of `report --json` output instead.")
    ] = False,
) -> None:
    """Print a JSON Schema: of the taxonomy file format, or with --report of `report --json`.

    Example, to let an editor check a hand-written taxonomy:

        skillcheck schema > skillcheck.schema.json
    """
    import json

    if report:
        from skillcheck.report import Report

        document = Report.model_json_schema()
    else:
        from skillcheck.models import Taxonomy

        document = Taxonomy.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    print(json.dumps(document, indent=2, sort_keys=True))


def _fail(message: str, code: ExitCode) -> NoReturn:
    sys.stderr.write(f"skillcheck: {message}\n")
    sys.exit(int(code))


def main() -> None:
    """Entry point of the `skillcheck` script and `python -m skillcheck`."""
    try:
        app()
    except SkillcheckError as exc:
        _fail(exc.message, exc.exit_code)
