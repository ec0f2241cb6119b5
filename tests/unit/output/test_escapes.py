"""One escape per output kind holds for any text: Markdown blocks and links, team HTML."""

from __future__ import annotations

import html
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from testfiles import ESCAPES

from skillcheck.output.export import md, md_link, team_to_html
from skillcheck.output.profile import GroupProfile

PARSER = MarkdownIt("commonmark")
PRINTABLE = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=60)


def rendered_text(markdown: str) -> tuple[str, str]:
    """The HTML a Markdown paragraph renders to, and its text with the tags removed."""
    out = PARSER.render(markdown)
    return out, html.unescape(re.sub(r"<[^>]+>", "", out)).strip()


@settings(max_examples=400, deadline=None)
@given(PRINTABLE)
@example("---")
@example("1986. A year to remember")
@example("- not a list")
@example("===")
@example("+ plus")
@example("12) twelve")
def test_any_text_reads_as_itself_in_markdown(text: str) -> None:
    out, shown = rendered_text(md(text))
    expected = " ".join(text.split())
    if not expected:
        return
    assert out.startswith("<p>") and out.count("<p>") == 1, out  # one paragraph: no list, rule or heading
    assert "<a " not in out and "<img" not in out and "<em>" not in out and "<strong>" not in out
    assert shown == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
@example("x>y <img src=z>")
def test_a_web_address_stays_one_link_whatever_it_holds(tail: str) -> None:
    out, _ = rendered_text(md_link("https://example.org/" + tail))
    assert out.count("<a ") == 1 and "<img" not in out, out


def test_team_html_writes_control_characters_from_file_names_out() -> None:
    name = "evil\x1b[2J\x07\x9bname"
    summary = {
        "people": 1,
        "skipped": [{"file": f"/tmp/{name}.json", "reason": "not JSON \x1b]52;c;x\x07"}],
        "closest": [],
        "readiness": [],
        "lacking": [],
        "members": [{"name": name, "file": f"/tmp/{name}.json"}],
    }
    page = team_to_html(summary, GroupProfile(1, 4, ("a", "b", "c", "d", "e"), ()))
    assert not any(escape in page for escape in ESCAPES)
    assert "\\x1b" in page
