"""Shareable documents of a report view: Markdown to paste anywhere, HTML to open or print.

Both lay out the sections view.py builds, in the same order and with the same content as the
terminal. Text is escaped for each format, so a skill named `<script>` or `*x*` shows those
characters; code stays code (a fenced block, `<pre>`). The HTML is one self-contained file:
inline CSS, no scripts, nothing fetched.
"""

from __future__ import annotations

import html
import re
from typing import Any

from skillcheck.documents.report import ResourceOut
from skillcheck.output.profile import PROFILE_CSS, GroupProfile, Profile, chart_text, group_figure, profile_figure
from skillcheck.output.view import GAPS_LEGEND, ReportView, Summary, small_group_note
from skillcheck.safetext import escaped

# Markdown's copy of the terminal chart is laid out for the width code blocks are read at.
MARKDOWN_CHART_WIDTH = 80

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&])")


# What starts a block when it begins a line: a list item ("-", "+", "1986."), a thematic break or
# setext underline ("---", "==="). Escaped only there: elsewhere they are plain text.
_MD_BLOCK_START = re.compile(r"^(?:([-+=])|(\d{1,9})([.)]))(?=\s|$|[-+=])")


def md(text: str) -> str:
    """Markdown-escaped, on one line (table cells and list items cannot hold newlines): inline
    markup everywhere, and a block marker at the start, so any text reads as the text it is."""
    inline = _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _MD_BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", inline)


def _fence(text: str, language: str) -> list[str]:
    """A fenced code block whose fence is longer than any backtick run inside the code."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + re.sub(r"[^a-z0-9+-]", "", language.lower()), *text.rstrip("\n").splitlines(), fence]


def _where(resource: ResourceOut) -> str:
    return resource.get("url") or resource.get("book") or ""


def md_link(where: str) -> str:
    """A web address as an autolink (with the characters that would end or break one
    percent-encoded), anything else as text."""
    if not where.startswith("http"):
        return md(where)
    safe = "".join(f"%{ord(c):02X}" if c in "<> " or ord(c) < 0x20 or ord(c) == 0x7F else c for c in where)
    return f"<{safe}>"


def _md_profiles(profiles: tuple[Profile, ...]) -> list[str]:
    lines: list[str] = []
    for profile in profiles:
        lines += [f"## {md(profile.title)}", "", *_fence(chart_text(profile, MARKDOWN_CHART_WIDTH), "text"), ""]
    return lines


def _md_summary(summary: Summary) -> list[str]:
    """The one-screen summary, first in the document."""
    lines = [f"## {md(summary.lead)}", ""]
    lines += [f"- {md(fact)}" for fact in summary.facts]
    lines += ["", f"### {md(summary.gaps_title)}", ""] if summary.gaps else ["", md(summary.gaps_title), ""]
    lines += [
        f"{n}. **{md(title)}**. {md(first)}: {md(step)}" for n, (title, first, step) in enumerate(summary.gaps, start=1)
    ]
    lines += ["", md(summary.self_rating), "", md(summary.more), "", "---", ""]
    return lines


def to_markdown(view: ReportView, *, profile_only: bool = False) -> str:
    header = view.header
    lines = ["# skillcheck report", ""]
    if header.name:
        lines += [f"For {md(header.name)}.", ""]
    lines += [f"Taken {header.taken} with taxonomy {md(header.taxonomy)}.", ""]
    lines += [f"> Note: {md(w)}" for w in header.warnings]
    if header.warnings:
        lines.append("")
    if profile_only:
        return "\n".join(lines + _md_profiles(view.profiles)).rstrip() + "\n"
    if view.summary is not None:
        lines += _md_summary(view.summary)
    if view.verdict is None:
        lines += ["No career paths to compare.", ""]
    else:
        verdict = view.verdict
        lines += [f"**{md(verdict.headline)}**", ""]
        if verdict.detail:
            lines += [md(verdict.detail), ""]
        lines += [md(verdict.description), ""]
        if verdict.outlook:
            lines += [md(verdict.outlook) + (f" {md_link(verdict.outlook_url)}" if verdict.outlook_url else ""), ""]
        lines += [
            f"- Reference: {md(title)}" + (f" {md_link(url)}" if url else "") for title, url in verdict.references
        ]
        if verdict.source:
            lines.append(f"- What the requirements rest on: {md(verdict.source)}")
        lines.append("")
        changes = view.compared
        lines += ["## Readiness per path", ""]
        lines += [
            "| Path | Ready | 80% range |" + (" Change |" if changes else ""),
            "|---|---:|---:|" + ("---:|" if changes else ""),
        ]
        for row in view.readiness:
            name = md(row.name) + (f" — {md(row.note)}" if row.note else "")
            change = "" if not changes else (" new |" if row.change is None else f" {row.change:+.0f} |")
            lines.append(f"| {name} | {row.ready} | {row.span} |{change}")
        lines += ["", md(view.readiness_legend), ""]
    lines += _md_profiles(view.profiles)
    if view.progress is not None:
        lines += [f"## Since your assessment of {view.progress.since}", ""]
        if not view.progress.moved:
            lines.append("No skill's evidenced level changed.")
        lines += [f"- {md(name)}: level {before} → {after}" for name, before, after in view.progress.moved]
        lines.append("")
    for section in view.gaps:
        lines += [f"## Top gaps for {md(section.path_name)}", ""]
        if section.met_sentence:
            lines += [md(section.met_sentence), ""]
            continue
        lines += ["| Skill | Now | Need | Weight | Priority |", "|---|---:|---:|---:|---:|"]
        for gap in section.rows:
            lines.append(f"| {md(gap.name)} | {gap.now} | {gap.need} | {gap.weight} | {gap.priority:g} |")
        lines += ["", md(GAPS_LEGEND), "", f"### What to learn next for {md(section.path_name)}", ""]
        for number, step in enumerate(section.steps, 1):
            lines.append(f"{number}. **{md(step.name)}** → level {step.level} ({md(step.level_name)}): {md(step.does)}")
            for resource in step.resources:
                lines.append(f"   - {md(resource['title'])} ({md_link(_where(resource))}): {md(resource['why'])}")
        lines.append("")
    calibration = view.calibration
    lines += ["## Self-rating and checks", "", md(calibration.summary), ""]
    lines += [f"- **{md(name)}**: {md(note)}" for name, note in calibration.notes]
    if calibration.notes:
        lines.append("")
    if view.missed:
        lines += ["## Questions you missed", ""]
        for item in view.missed:
            lines += [f"### {md(item.title)}", "", md(item.prompt), ""]
            if item.code is not None:
                lines += [*_fence(item.code["text"], item.code["language"]), ""]
            lines += [
                f"- Your answer: {md(item.your_answer)}",
                f"- Right answer: **{md(item.right_answer)}**",
                f"- Why: {md(item.why)}",
                "",
            ]
    lines += ["---", "", md(view.footer)]
    return "\n".join(lines).rstrip() + "\n"


_CSS = """
body { font: 16px/1.5 system-ui, sans-serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem;
       color: #1b1b1b; background: #fff; overflow-wrap: break-word; }
a { overflow-wrap: anywhere; }
.summary { border: 2px solid #2f6f4f; border-radius: 0.5rem; padding: 0 1rem; }
.summary h2 { margin-top: 0.75rem; border: none; }
details { margin: 0.5rem 0; } details > summary { font-size: 1.15rem; font-weight: 600; cursor: pointer; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #eee; vertical-align: top; }
td.num, th.num { text-align: right; white-space: nowrap; }
.verdict { font-size: 1.2rem; font-weight: 600; padding: 0.75rem 1rem; border: 2px solid #2f6f4f;
           border-radius: 0.5rem; }
.verdict .detail { display: block; font-size: 1rem; font-weight: 400; margin-top: 0.4rem; }
.bar { display: inline-block; height: 0.8rem; background: #2f6f4f; vertical-align: middle; }
.track { display: inline-block; width: 6rem; height: 0.8rem; background: #e5ece8; vertical-align: middle; }
.up { color: #2f6f4f; } .down { color: #a33; }
.muted { color: #555; font-size: 0.9rem; }
pre { white-space: pre; overflow-x: auto; background: #f6f6f6; padding: 0.5rem; }
@media (max-width: 40rem) { .track { display: none; } th, td { padding: 0.3rem 0.25rem; } table { font-size: 0.85rem; }
  body { margin: 0.5rem auto; } h1 { margin: 0.5rem 0; } pre { white-space: pre-wrap; }
  .summary { padding: 0 0.6rem; } .summary ul, .summary ol { padding-left: 1.2rem; }
  .summary h2 { font-size: 1.15rem; } }
@media print { body { margin: 0; max-width: none; } .bar, .track { print-color-adjust: exact;
               -webkit-print-color-adjust: exact; } h2 { break-after: avoid; } li { break-inside: avoid; } }
"""


def _html_link(where: str) -> str:
    e = html.escape
    return f'<a href="{e(where)}">{e(where)}</a>' if where.startswith("http") else e(where)


def _html_head(title: str) -> list[str]:
    """A page's start, up to its first heading: one self-contained file that fetches nothing."""
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # No request may leave the page: forbid every fetch, allow only the inline stylesheet.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>{html.escape(title)}</title>",
        f"<style>{_CSS}{PROFILE_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{html.escape(title)}</h1>",
    ]


def _html_profiles(profiles: tuple[Profile, ...]) -> list[str]:
    out: list[str] = []
    for number, profile in enumerate(profiles, 1):
        out += [
            f"<h2>{html.escape(profile.title)}</h2>",
            f'<figure class="profile">{profile_figure(profile, number)}</figure>',
        ]
    return out


def to_html(view: ReportView, *, profile_only: bool = False) -> str:
    e = html.escape
    header = view.header
    out = _html_head("skillcheck report")
    who = f" for {e(header.name)}" if header.name else ""
    out.append(f'<p class="muted">Taken {e(header.taken)}{who} with taxonomy {e(header.taxonomy)}.</p>')
    out += [f'<p class="down">Note: {e(w)}</p>' for w in header.warnings]
    if profile_only:
        return "\n".join([*out, *_html_profiles(view.profiles), "</body>", "</html>"]) + "\n"
    if view.summary is not None:
        out += _html_summary(view.summary)
    # Everything after the summary folds into one <details> per section, so on a phone the summary
    # is the first screen and each section opens on a tap.
    start = len(out)
    if view.verdict is None:
        out.append("<p>No career paths to compare.</p>")
    else:
        verdict = view.verdict
        detail = f'<span class="detail">{e(verdict.detail)}</span>' if verdict.detail else ""
        out += [f'<p class="verdict">{e(verdict.headline)}{detail}</p>', f"<p>{e(verdict.description)}</p>"]
        if verdict.outlook:
            link = f" {_html_link(verdict.outlook_url)}" if verdict.outlook_url else ""
            out.append(f"<p>{e(verdict.outlook)}{link}</p>")
        out.append('<ul class="muted">')
        out += [
            f"<li>Reference: {e(title)}" + (f" {_html_link(url)}" if url else "") + "</li>"
            for title, url in verdict.references
        ]
        if verdict.source:
            out.append(f"<li>What the requirements rest on: {e(verdict.source)}</li>")
        out.append("</ul>")
        changes = view.compared
        out += ["<h2>Readiness per path</h2>", '<div class="scroll"><table>']
        out.append(
            '<tr><th>Path</th><th></th><th class="num">Ready</th><th class="num">80% range</th>'
            + ('<th class="num">Change</th>' if changes else "")
            + "</tr>"
        )
        for row in view.readiness:
            note = f' <span class="muted">— {e(row.note)}</span>' if row.note else ""
            bar = (
                ""
                if row.note
                else f'<span class="track"><span class="bar" style="width:{row.readiness:.0f}%"></span></span>'
            )
            cells = (
                f"<tr><td>{e(row.name)}{note}</td><td>{bar}</td>"
                f'<td class="num">{e(row.ready)}</td><td class="num">{e(row.span)}</td>'
            )
            if changes:
                cls = "muted" if not row.change else ("up" if row.change > 0 else "down")
                text = "new" if row.change is None else f"{row.change:+.0f}"
                cells += f'<td class="num {cls}">{text}</td>'
            out.append(cells + "</tr>")
        out += ["</table></div>", f'<p class="muted">{e(view.readiness_legend)}</p>']
    out += _html_profiles(view.profiles)
    if view.progress is not None:
        out.append(f"<h2>Since your assessment of {e(view.progress.since)}</h2>")
        if not view.progress.moved:
            out.append("<p>No skill's evidenced level changed.</p>")
        else:
            out.append("<ul>")
            for name, before, after in view.progress.moved:
                cls = "up" if after > before else "down"
                out.append(f'<li class="{cls}">{e(name)}: level {before} → {after}</li>')
            out.append("</ul>")
    for section in view.gaps:
        out.append(f"<h2>Top gaps for {e(section.path_name)}</h2>")
        if section.met_sentence:
            out.append(f"<p>{e(section.met_sentence)}</p>")
            continue
        out += [
            '<div class="scroll"><table>',
            '<tr><th>Skill</th><th class="num">Now</th><th class="num">Need</th>'
            '<th class="num">Weight</th><th class="num">Priority</th></tr>',
        ]
        for gap in section.rows:
            out.append(
                f'<tr><td>{e(gap.name)}</td><td class="num">{e(gap.now)}</td><td class="num">{gap.need}</td>'
                f'<td class="num">{gap.weight}</td><td class="num">{gap.priority:g}</td></tr>'
            )
        out += ["</table></div>", f'<p class="muted">{e(GAPS_LEGEND)}</p>']
        out += [f"<h3>What to learn next for {e(section.path_name)}</h3>", "<ol>"]
        for step in section.steps:
            out.append(
                f"<li><strong>{e(step.name)}</strong> → level {step.level} ({e(step.level_name)}): {e(step.does)}<ul>"
            )
            for resource in step.resources:
                out.append(f"<li>{e(resource['title'])} ({_html_link(_where(resource))}): {e(resource['why'])}</li>")
            out.append("</ul></li>")
        out.append("</ol>")
    calibration = view.calibration
    out += ["<h2>Self-rating and checks</h2>", f"<p>{e(calibration.summary)}</p>"]
    if calibration.notes:
        out.append("<ul>")
        out += [f"<li><strong>{e(name)}</strong>: {e(note)}</li>" for name, note in calibration.notes]
        out.append("</ul>")
    if view.missed:
        out += ["<h2>Questions you missed</h2>", "<ol>"]
        for item in view.missed:
            code = f"<pre><code>{e(item.code['text'].rstrip())}\n</code></pre>" if item.code is not None else ""
            out.append(
                f"<li><strong>{e(item.title)}</strong><p>{e(item.prompt)}</p>{code}"
                f"<p>Your answer: {e(item.your_answer)}<br>"
                f"Right answer: <strong>{e(item.right_answer)}</strong><br>Why: {e(item.why)}</p></li>"
            )
        out.append("</ol>")
    out = out[:start] + _collapsed(out[start:], "The closest path, and what it rests on")
    out += [f'<p class="muted">{e(view.footer)}</p>', "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _html_summary(summary: Summary) -> list[str]:
    e = html.escape
    out = ['<section class="summary">', f"<h2>{e(summary.lead)}</h2>", "<ul>"]
    out += [f"<li>{e(fact)}</li>" for fact in summary.facts]
    out.append("</ul>")
    if summary.gaps:
        out += [f"<h3>{e(summary.gaps_title)}</h3>", "<ol>"]
        # A phone's first screen holds the summary: each gap names its first level here, and the
        # gaps section below says what that level means.
        out += [f"<li><strong>{e(title)}</strong>. {e(first)}.</li>" for title, first, _ in summary.gaps]
        out.append("</ol>")
    else:
        out.append(f"<p>{e(summary.gaps_title)}</p>")
    out += [f"<p>{e(summary.self_rating)}</p>", "</section>"]
    return out


def _collapsed(lines: list[str], first: str) -> list[str]:
    """Each section in a <details> element titled by its heading (already escaped)."""
    out = [f"<details><summary>{html.escape(first)}</summary>"]
    for line in lines:
        heading = re.fullmatch(r"<h2>(.*)</h2>", line)
        if heading:
            out += ["</details>", f"<details><summary>{heading.group(1)}</summary>"]
        else:
            out.append(line)
    out.append("</details>")
    return out


def team_to_html(summary: dict[str, Any], group: GroupProfile) -> str:
    """The team summary as one page: the same tables as the terminal, and the group's profile."""

    def e(text: str) -> str:
        # File names and skip reasons come from the disk: control characters are written out.
        return html.escape(escaped(text))

    people = summary["people"]
    out = _html_head("skillcheck team")
    out.append(f'<p class="muted">{people} {"person" if people == 1 else "people"}.</p>')
    if summary["skipped"]:
        out.append('<p class="down">Skipped (could not be read):</p><ul class="muted">')
        out += [f"<li>{e(item['file'])}: {e(item['reason'])}</li>" for item in summary["skipped"]]
        out.append("</ul>")
    out += ["<h2>Closest path</h2>", '<div class="scroll"><table>', '<tr><th>Path</th><th class="num">People</th></tr>']
    out += [
        f'<tr><td>{e(entry["name"])}</td><td class="num">{entry["people"]}</td></tr>' for entry in summary["closest"]
    ]
    out += ["</table></div>", "<h2>Readiness per path (%)</h2>"]
    note = small_group_note(summary["people"])
    if note is not None:
        out.append(f"<p>{e(note)}</p>")
    else:
        out.append('<div class="scroll"><table>')
        out.append(
            '<tr><th>Path</th><th class="num">Min</th><th class="num">Median</th>'
            '<th class="num">Mean</th><th class="num">Max</th></tr>'
        )
        for entry in summary["readiness"]:
            numbers = "".join(f'<td class="num">{entry[key]:.0f}</td>' for key in ("min", "median", "mean", "max"))
            out.append(f"<tr><td>{e(entry['name'])}</td>{numbers}</tr>")
        out.append("</table></div>")
    out += [f"<h2>{e(group.title)}</h2>", f'<figure class="profile">{group_figure(group)}</figure>']
    if "percentiles" in summary:
        out += _html_percentiles(summary, group, e)
    lacking = summary["lacking"][:10]
    if lacking:
        out += [
            "<h2>Skills the group lacks most</h2>",
            '<p class="muted">Gaps in each person\'s closest path: how many people have the gap, and its summed '
            "priority (weight x levels missing).</p>",
            '<div class="scroll"><table>',
            '<tr><th>Skill</th><th class="num">People</th><th class="num">Total priority</th></tr>',
        ]
        out += [
            f'<tr><td>{e(entry["name"])}</td><td class="num">{entry["people"]}</td>'
            f'<td class="num">{entry["priority"]:g}</td></tr>'
            for entry in lacking
        ]
        out.append("</table></div>")
    out += ["<h2>People</h2>", '<ul class="muted">']
    out += [f"<li>{e(member['name'])} ({e(member['file'])})</li>" for member in summary["members"]]
    out += ["</ul>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _html_percentiles(summary: dict[str, Any], group: GroupProfile, e: Any) -> list[str]:
    """`team --percentiles`: where each person stands, per path and per skill (groups of five or more)."""
    info = summary["percentiles"]
    if not info["shown"]:
        return [
            f'<p class="muted">Percentiles are shown for groups of {info["minimum_group"]} or more people; this '
            f"group has {info['group']}, so no one's result could be read off them.</p>"
        ]
    members = summary["members"]
    path_ids = sorted({pid for m in members for pid in m["percentiles"]["paths"]})
    skill_ids = list(dict.fromkeys(s for m in members for s in m["percentiles"]["skills"]))

    def cell(entry: dict[str, Any] | None) -> str:
        shown = "·" if entry is None else format(entry["percentile"], ".0f")
        return f'<td class="num">{shown}</td>'

    out = [f"<h2>Percentile in the group ({info['group']} people)</h2>", '<div class="scroll"><table>']
    out.append("<tr><th>Person</th>" + "".join(f'<th class="num">{e(pid)}</th>' for pid in path_ids) + "</tr>")
    for m in members:
        cells = "".join(cell(m["percentiles"]["paths"].get(pid)) for pid in path_ids)
        out.append(f"<tr><td>{e(m['name'])}</td>{cells}</tr>")
    out += ["</table></div>", '<div class="scroll"><table>']
    out.append("<tr><th>Skill</th>" + "".join(f'<th class="num">{e(m["name"])}</th>' for m in members) + "</tr>")
    for sid in skill_ids:
        cells = "".join(cell(m["percentiles"]["skills"].get(sid)) for m in members)
        out.append(f"<tr><td>{e(sid)}</td>{cells}</tr>")
    out.append("</table></div>")
    return out
