"""The item-fit report of `skillcheck calibrate`, as text and as Markdown (JSON is the document itself)."""

from __future__ import annotations

from typing import Any

from skillcheck.output.export import md
from skillcheck.safetext import escaped

WHAT = {
    "level": "fitted level differs from the tag",
    "discrimination": "low or negative discrimination (a wrong key, or ambiguous)",
    "cue": "answered well above chance by people far below its level (a cue)",
    "rare": "too rarely answered to judge",
}


def _evidence(flag: dict[str, Any]) -> str:
    """One line a reviewer can act on: the numbers behind the flag."""
    ev = flag["evidence"]
    kind = flag["kind"]
    if kind == "rare":
        return f"{_count(ev['answers'], 'answer')} (needs {ev['needed']})"
    split = ""
    if "below_tag" in ev:
        below, above = ev["below_tag"], ev["at_or_above_tag"]
        split = (
            f"; right: {_share(below['share_right'])} of {below['answers']} below the tag, "
            f"{_share(above['share_right'])} of {above['answers']} at or above it"
        )
    if kind == "level":
        return (
            f"tag {ev['tag']}, fitted level {ev['fitted_level']} (difficulty {ev['difficulty']:.2f} "
            f"± {ev['standard_error']:.2f}; its answers {ev['likelihood_ratio']:.3g} times as likely at "
            f"level {ev['neighbour']}'s place, {ev['level_place']:.2f}, as at level {ev['tag']}'s, "
            f"{ev['tag_place']:.2f}), "
            f"{_count(ev['answers'], 'answer')}{split}"
        )
    if kind == "discrimination":
        corr = "n/a" if ev["correlation"] is None else f"{ev['correlation']:+.2f}"
        return (
            f"slope {ev['slope']:+.2f} ± {ev['standard_error']:.2f}, correlation with level {corr}, "
            f"{_count(ev['answers'], 'answer')}{split}"
        )
    return (
        f"{ev['right']} of {ev['far_below']} people two or more levels below it answered right "
        f"({_share(ev['share_right'])}; chance {_share(ev['chance'])})"
    )


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.0f}%"


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _heading(document: dict[str, Any]) -> str:
    return (
        f"Item fit for taxonomy {document['taxonomy']['id']} {document['taxonomy']['version']}: "
        f"{_count(document['assessments'], 'assessment')}, {_count(document['answers'], 'answer')}, "
        f"{document['answered']} of {document['items']} questions answered"
    )


def _saved(document: dict[str, Any]) -> str:
    if document["written_to"] is None:
        return "Calibration not saved: pass -o FILE to write it."
    return f"Calibration written to {escaped(document['written_to'])}."


def item_fit_text(document: dict[str, Any]) -> str:
    lines = [_heading(document), ""]
    counts = document["counts"]
    lines.append("  ".join(f"{WHAT[kind].split(' (')[0]}: {count}" for kind, count in counts.items()))
    for kind, title in WHAT.items():
        flags = [flag for flag in document["flags"] if flag["kind"] == kind]
        if not flags:
            continue
        lines += ["", f"{title.capitalize()} ({len(flags)}):"]
        lines += [f"  {flag['question']} ({flag['skill']}, level {flag['tag']}): {_evidence(flag)}" for flag in flags]
    lines += ["", _saved(document)]
    return "\n".join(lines) + "\n"


def item_fit_markdown(document: dict[str, Any]) -> str:
    lines = ["# Item fit", "", md(_heading(document)) + ".", ""]
    lines += ["| finding | questions |", "|---|---:|"]
    lines += [f"| {WHAT[kind]} | {count} |" for kind, count in document["counts"].items()]
    for kind, title in WHAT.items():
        flags = [flag for flag in document["flags"] if flag["kind"] == kind]
        if not flags:
            continue
        lines += ["", f"## {title.capitalize()} ({len(flags)})", "", "| question | skill | tag | evidence |"]
        lines.append("|---|---|---:|---|")
        lines += [
            f"| `{flag['question']}` | {md(flag['skill'])} | {flag['tag']} | {md(_evidence(flag))} |" for flag in flags
        ]
    lines += ["", md(_saved(document))]
    return "\n".join(lines) + "\n"
