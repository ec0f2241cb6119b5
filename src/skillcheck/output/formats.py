"""The one registry of report formats: each turns a Report into what is printed.

To add a format, add a function here (and a renderer beside the others); the CLI's `--format`
choices, the tests that run every format over the same reports, and the README table follow
from this registry. Each function imports what it needs, so `--json` never loads rich.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from skillcheck.documents.report import Report, to_json

if TYPE_CHECKING:
    from rich.console import RenderableType

    from skillcheck.output.view import ReportView


class Renderer(Protocol):
    """`profile_only`: only the header and the skill profile (`report --profile`)."""

    def __call__(self, report: Report, warnings: tuple[str, ...], *, profile_only: bool = False) -> Any: ...


def _json(report: Report, warnings: tuple[str, ...], *, profile_only: bool = False) -> str:
    # Warnings go to stderr for JSON: stdout holds exactly one JSON document. The CLI refuses
    # --profile with JSON: the profile is the skills' values and each path's `requires`, all here.
    return to_json(report) + "\n"


def _view(report: Report, warnings: tuple[str, ...]) -> ReportView:
    from skillcheck.output.view import build_view
    from skillcheck.safetext import escaped

    # Warnings quote file names and ids from outside; a document carries them escaped, as stderr does.
    return build_view(report, warnings=tuple(escaped(warning) for warning in warnings))


def _text(report: Report, warnings: tuple[str, ...], *, profile_only: bool = False) -> RenderableType:
    from skillcheck.output.render import report_view

    return report_view(_view(report, warnings), profile_only=profile_only)


def _markdown(report: Report, warnings: tuple[str, ...], *, profile_only: bool = False) -> str:
    from skillcheck.output.export import to_markdown

    return to_markdown(_view(report, warnings), profile_only=profile_only)


def _html(report: Report, warnings: tuple[str, ...], *, profile_only: bool = False) -> str:
    from skillcheck.output.export import to_html

    return to_html(_view(report, warnings), profile_only=profile_only)


# name -> (renderer, description for --help). A renderer returns text to write as it is, or a
# rich renderable to print to the terminal.
FORMATS: dict[str, tuple[Renderer, str]] = {
    "text": (_text, "for a terminal (the default)"),
    "json": (_json, "one JSON document for scripts (schemas/report.schema.json)"),
    "markdown": (_markdown, "a document to paste anywhere"),
    "html": (_html, "one self-contained page to open or print"),
}
