"""Shareable documents of a report: Markdown to paste anywhere, HTML to open or print.

Taxonomy text is escaped for each format, so a skill named `<script>` or `*x*` shows those
characters. The HTML is one self-contained file: inline CSS, no scripts, nothing fetched.
"""

from __future__ import annotations

import html
import re

from skillcheck.report import TOP_GAPS, Report, ResourceOut, calibration_notes, calibration_summary, when

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def md(text: str) -> str:
    """Markdown-escaped, on one line (table cells and list items cannot hold newlines)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _where(resource: ResourceOut) -> str:
    return resource.get("url") or resource.get("book") or ""


def to_markdown(report: Report) -> str:
    ref = report["taxonomy"]
    lines = ["# skillcheck report", ""]
    if "name" in report:
        lines += [f"For {md(report['name'])}.", ""]
    lines += [f"Taken {when(report['taken_at'])} with taxonomy {md(ref['id'])} {md(ref['version'])}.", ""]
    paths = report["paths"]
    if paths:
        best = paths[0]
        lines += [f"**Closest path: {md(best['name'])}, {best['readiness']:.0f}% ready.**", ""]
    changes = {c["id"]: c["change"] for c in report["previous"]["paths"]} if "previous" in report else {}
    lines += ["## Readiness per path", ""]
    lines += ["| Path | Ready |" + (" Change |" if changes else ""), "|---|---:|" + ("---:|" if changes else "")]
    for path in paths:
        change = f" {changes[path['id']]:+.0f} |" if path["id"] in changes else (" new |" if changes else "")
        lines.append(f"| {md(path['name'])} | {path['readiness']:.0f}% |{change}")
    lines.append("")
    if "previous" in report and report["previous"]["skills_moved"]:
        lines += [f"Since {when(report['previous']['taken_at'])}:", ""]
        for moved in report["previous"]["skills_moved"]:
            lines.append(f"- {md(moved['name'])}: level {moved['before']} → {moved['after']}")
        lines.append("")
    for path in paths[:1]:
        gaps = path["gaps"][:TOP_GAPS]
        lines += [f"## Top gaps for {md(path['name'])}", ""]
        if not gaps:
            lines += ["Every requirement is met.", ""]
            continue
        lines += ["| Skill | Now | Need | Weight | Priority |", "|---|---:|---:|---:|---:|"]
        for gap in gaps:
            lines.append(
                f"| {md(gap['name'])} | {gap['current']} | {gap['required']} | {gap['weight']} | {gap['priority']} |"
            )
        lines += ["", "### What to learn next", ""]
        for number, gap in enumerate(gaps, 1):
            lines.append(f"{number}. **{md(gap['name'])}**, level {gap['next_level']}: {md(gap['next_step'])}")
            for resource in gap["resources"]:
                where = _where(resource)
                link = f"<{where}>" if where.startswith("http") else md(where)
                lines.append(f"   - {md(resource['title'])} ({link}): {md(resource['why'])}")
        lines.append("")
    lines += ["## Self-rating and checks", "", md(calibration_summary(report["calibration"])), ""]
    lines += [f"- **{md(name)}**: {md(note)}" for name, note in calibration_notes(report)]
    if report["missed"]:
        lines += ["", "## Questions missed", ""]
        for missed in report["missed"]:
            lines += [
                f"- {md(missed['prompt'])}",
                f"  - Answered: {md(missed['your_answer'] or '(skipped)')}",
                f"  - Right answer: **{md(missed['correct_answer'])}**. {md(missed['explanation'])}",
            ]
    return "\n".join(lines).rstrip() + "\n"


_CSS = """
body { font: 16px/1.5 system-ui, sans-serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem;
       color: #1b1b1b; background: #fff; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #eee; vertical-align: top; }
td.num, th.num { text-align: right; white-space: nowrap; }
.verdict { font-size: 1.2rem; font-weight: 600; padding: 0.75rem 1rem; border: 2px solid #2f6f4f;
           border-radius: 0.5rem; }
.bar { display: inline-block; height: 0.8rem; background: #2f6f4f; vertical-align: middle; }
.track { display: inline-block; width: 10rem; height: 0.8rem; background: #e5ece8; vertical-align: middle; }
.up { color: #2f6f4f; } .down { color: #a33; }
.muted { color: #555; }
pre { white-space: pre-wrap; background: #f6f6f6; padding: 0.5rem; }
@media print { body { margin: 0; max-width: none; } .bar, .track { print-color-adjust: exact;
               -webkit-print-color-adjust: exact; } h2 { break-after: avoid; } li { break-inside: avoid; } }
"""


def to_html(report: Report) -> str:
    e = html.escape
    ref = report["taxonomy"]
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # No request may leave the page: forbid every fetch, allow only the inline stylesheet.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        "<title>skillcheck report</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<h1>skillcheck report</h1>",
    ]
    who = f" for {e(report['name'])}" if "name" in report else ""
    taken = e(when(report["taken_at"]))
    out.append(f'<p class="muted">Taken {taken}{who} with taxonomy {e(ref["id"])} {e(ref["version"])}.</p>')
    paths = report["paths"]
    if paths:
        best = paths[0]
        out.append(f'<p class="verdict">Closest path: {e(best["name"])}, {best["readiness"]:.0f}% ready.</p>')
    changes = {c["id"]: c["change"] for c in report["previous"]["paths"]} if "previous" in report else {}
    out += ["<h2>Readiness per path</h2>", "<table>", '<tr><th>Path</th><th></th><th class="num">Ready</th>']
    if changes:
        out.append('<th class="num">Change</th>')
    out.append("</tr>")
    for path in paths:
        width = path["readiness"] / 10
        row = (
            f'<tr><td>{e(path["name"])}</td><td><span class="track"><span class="bar" style="width:{width:.1f}rem">'
            f'</span></span></td><td class="num">{path["readiness"]:.0f}%</td>'
        )
        if changes:
            change = changes.get(path["id"])
            cls = "up" if change and change > 0 else ("down" if change and change < 0 else "muted")
            row += f'<td class="num {cls}">{"new" if change is None else f"{change:+.0f}"}</td>'
        out.append(row + "</tr>")
    out.append("</table>")
    if "previous" in report and report["previous"]["skills_moved"]:
        out.append(f"<p>Since {e(when(report['previous']['taken_at']))}:</p><ul>")
        for moved in report["previous"]["skills_moved"]:
            cls = "up" if moved["after"] > moved["before"] else "down"
            out.append(f'<li class="{cls}">{e(moved["name"])}: level {moved["before"]} → {moved["after"]}</li>')
        out.append("</ul>")
    for path in paths[:1]:
        gaps = path["gaps"][:TOP_GAPS]
        out.append(f"<h2>Top gaps for {e(path['name'])}</h2>")
        if not gaps:
            out.append("<p>Every requirement is met.</p>")
            continue
        out += [
            "<table>",
            '<tr><th>Skill</th><th class="num">Now</th><th class="num">Need</th>'
            '<th class="num">Weight</th><th class="num">Priority</th></tr>',
        ]
        for gap in gaps:
            out.append(
                f'<tr><td>{e(gap["name"])}</td><td class="num">{gap["current"]}</td>'
                f'<td class="num">{gap["required"]}</td><td class="num">{gap["weight"]}</td>'
                f'<td class="num">{gap["priority"]}</td></tr>'
            )
        out += ["</table>", "<h3>What to learn next</h3>", "<ol>"]
        for gap in gaps:
            out.append(f"<li><strong>{e(gap['name'])}</strong>, level {gap['next_level']}: {e(gap['next_step'])}<ul>")
            for resource in gap["resources"]:
                where = _where(resource)
                place = f'<a href="{e(where)}">{e(where)}</a>' if where.startswith("http") else e(where)
                out.append(f"<li>{e(resource['title'])} ({place}): {e(resource['why'])}</li>")
            out.append("</ul></li>")
        out.append("</ol>")
    out += ["<h2>Self-rating and checks</h2>", f"<p>{e(calibration_summary(report['calibration']))}</p>", "<ul>"]
    out += [f"<li><strong>{e(name)}</strong>: {e(note)}</li>" for name, note in calibration_notes(report)]
    out.append("</ul>")
    if report["missed"]:
        out += ["<h2>Questions missed</h2>", "<ol>"]
        for missed in report["missed"]:
            out.append(
                f"<li><pre>{e(missed['prompt'].rstrip())}</pre>"
                f"<p>Answered: {e(missed['your_answer'] or '(skipped)')}<br>"
                f"Right answer: <strong>{e(missed['correct_answer'])}</strong>. {e(missed['explanation'])}</p></li>"
            )
        out.append("</ol>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
