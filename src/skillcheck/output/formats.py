"""The one registry of output formats: for each kind of document, each format that renders it.

Every command's result goes out through here (cli.py's `_show`): the CLI's `--format` choices
and their help come from this registry, and the tests run every format over the same
documents. To add a format, add a function and an entry. Each function imports what it needs,
so `--json` never loads rich.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal

from skillcheck.documents.jsondoc import to_json

if TYPE_CHECKING:
    from skillcheck.output.view import ReportView
    from skillcheck.taxonomy.models import Taxonomy

DocumentKind = Literal[
    "report", "plan", "plan-compare", "history", "team", "item-fit", "skills", "paths", "plain", "file"
]


class Destination(Enum):
    """How a rendering reaches stdout."""

    DOCUMENT = "document"  # a file format (JSON, Markdown, HTML): UTF-8 bytes, whatever the locale
    TERMINAL = "terminal"  # a rich renderable, laid out at the terminal's width
    PLAIN = "plain"  # text for a person, in the terminal's own encoding


@dataclass(frozen=True)
class Context:
    """What a renderer may need besides the document.

    `warnings` are carried inside documents read later and elsewhere (Markdown, HTML); on a
    terminal or in JSON they only go to stderr. `profile_only` is `report --profile`.
    """

    warnings: tuple[str, ...] = ()
    taxonomy: Taxonomy | None = None
    profile_only: bool = False
    details: bool = False  # the terminal report shows every section, not the one-screen summary


@dataclass(frozen=True)
class Format:
    render: Callable[[Any, Context], Any]
    help: str
    destination: Destination
    carries_warnings: bool = False


def _json(document: Any, context: Context) -> str:
    return to_json(document) + "\n"


def _plain(document: Any, context: Context) -> str:
    return str(document)


def _report_view(report: Any, context: Context) -> ReportView:
    from skillcheck.output.view import build_view
    from skillcheck.safetext import escaped

    # Warnings quote file names and ids from outside; a document carries them escaped, as stderr does.
    return build_view(report, warnings=tuple(escaped(warning) for warning in context.warnings))


def _report_text(report: Any, context: Context) -> Any:
    from skillcheck.output.render import report_view, summary_view

    view = _report_view(report, context)
    if context.details or context.profile_only:
        return report_view(view, profile_only=context.profile_only)
    return summary_view(view)


def _report_markdown(report: Any, context: Context) -> str:
    from skillcheck.output.export import to_markdown

    return to_markdown(_report_view(report, context), profile_only=context.profile_only)


def _report_html(report: Any, context: Context) -> str:
    from skillcheck.output.export import to_html

    return to_html(_report_view(report, context), profile_only=context.profile_only)


def _plan(name: str) -> Callable[[Any, Context], Any]:
    def render(document: Any, context: Context) -> Any:
        from skillcheck.output import plan

        return getattr(plan, name)(document)

    return render


def _history_text(document: Any, context: Context) -> Any:
    from skillcheck.output.render import history_view

    return history_view(document)


def _team_json(team: Any, context: Context) -> str:
    return to_json(team.summary) + "\n"


def _team_jsonl(team: Any, context: Context) -> str:
    import json

    from skillcheck.documents.team import percentile_rows, rows

    records = percentile_rows(team.people) if team.percentiles else rows(team.people)
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def _team_text(team: Any, context: Context) -> Any:
    from skillcheck.output.render import team_view

    assert context.taxonomy is not None
    return team_view(team.summary, context.taxonomy)


def _team_html(team: Any, context: Context) -> str:
    from skillcheck.output.export import team_to_html
    from skillcheck.output.profile import build_group_profile

    assert context.taxonomy is not None
    return team_to_html(team.summary, build_group_profile(team.summary, context.taxonomy))


def _item_fit(name: str) -> Callable[[Any, Context], Any]:
    def render(document: Any, context: Context) -> Any:
        from skillcheck.output import itemfit

        return getattr(itemfit, name)(document)

    return render


def _listing(name: str) -> Callable[[Any, Context], Any]:
    def render(document: Any, context: Context) -> Any:
        from skillcheck.output import render as layouts

        return getattr(layouts, name)(dict(document))

    return render


_D, _T, _P = Destination.DOCUMENT, Destination.TERMINAL, Destination.PLAIN
_JSON = Format(_json, "one JSON document for scripts", _D)

FORMATS: dict[DocumentKind, dict[str, Format]] = {
    "report": {
        "text": Format(_report_text, "for a terminal (the default)", _T),
        "json": Format(_json, "one JSON document for scripts (schemas/report.schema.json)", _D),
        "markdown": Format(_report_markdown, "a document to paste anywhere", _D, carries_warnings=True),
        "html": Format(_report_html, "one self-contained page to open or print", _D, carries_warnings=True),
    },
    "plan": {
        "text": Format(_plan("plan_text"), "for a terminal (the default)", _T),
        "json": Format(_json, "one JSON document for scripts (schemas/plan.schema.json)", _D),
        "markdown": Format(_plan("plan_markdown"), "a checklist", _D),
    },
    "plan-compare": {
        "text": Format(_plan("compare_text"), "for a terminal (the default)", _T),
        "json": Format(_json, "one JSON document for scripts (schemas/plan.schema.json)", _D),
        "markdown": Format(_plan("compare_markdown"), "a table", _D),
    },
    "history": {
        "text": Format(_history_text, "for a terminal (the default)", _T),
        "json": Format(_json, "one JSON document for scripts (schemas/history.schema.json)", _D),
    },
    "team": {
        "text": Format(_team_text, "for a terminal (the default)", _T),
        "json": Format(_team_json, "one JSON document for scripts (schemas/team.schema.json)", _D),
        "jsonl": Format(_team_jsonl, "one row per person per skill", _D),
        "html": Format(_team_html, "one page with the group's profile", _D),
    },
    "item-fit": {
        "text": Format(_item_fit("item_fit_text"), "for a terminal (the default)", _P),
        "json": Format(_json, "one JSON document for scripts (schemas/calibrate.schema.json)", _D),
        "markdown": Format(_item_fit("item_fit_markdown"), "a document for content reviewers", _D),
    },
    "skills": {"text": Format(_listing("skills_listing_view"), "for a terminal (the default)", _T), "json": _JSON},
    "paths": {"text": Format(_listing("paths_listing_view"), "for a terminal (the default)", _T), "json": _JSON},
    "plain": {"text": Format(_plain, "text", _P)},
    # A file a person saves and feeds back (quiz --template): UTF-8 whatever the locale, as the tool reads it.
    "file": {"text": Format(_plain, "text", _D)},
}


def choices(kind: DocumentKind) -> str:
    """`text (default), json, markdown or html`: a kind's formats, for --help."""
    names = [f"{name} (default)" if name == "text" else name for name in FORMATS[kind]]
    return ", ".join(names[:-1]) + (" or " if len(names) > 1 else "") + names[-1]
