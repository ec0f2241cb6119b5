"""The skill profile: every skill at a glance, as a chart of levels.

Two charts, each built once as a value and laid out by every format:

- `Profile`, one person against a path: per area, per skill, the level the checks put them at
  with its 80% range, their self-rating, and the level the path needs, with the gap marked. Built
  from a Report's values (`build_profiles`), one per focus path.
- `GroupProfile`, a group: per skill, how many people the checks put at each level. Built from a
  team summary (`build_group_profile`).

The layouts are pure functions: `chart_lines` gives the text chart as lines of (text, role)
segments, which the terminal styles and Markdown prints as they are; `profile_svg` and
`group_svg` give one self-contained inline SVG each. Every string from a taxonomy or a report
reaches SVG through `_x` (XML-escaped), and text is laid out in terminal cells, so a wide (CJK)
or combining character does not push a line past its width.
"""

from __future__ import annotations

import math
import statistics
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from skillcheck.documents.report import PathOut, Report
    from skillcheck.taxonomy.models import Taxonomy

# The symbols of the text chart; the SVG draws the same shapes, so one legend reads for both.
MARK = "●"  # the most likely level
RANGE = "─"  # its 80% range
CLAIM = "○"  # the self-rating
NEED = "▲"  # the level the path needs
TICK = "·"  # a level on the scale

INDENT = "  "  # skills sit under their area's name


@dataclass(frozen=True)
class ProfileRow:
    skill: str
    name: str
    evidenced: int  # the most likely level
    low: int  # 80% range
    high: int
    claimed: int | None  # None: not rated
    required: int | None  # the path's level; None: the path does not need this skill
    gap: int  # levels from the evidenced level up to the requirement; 0: met, or not needed

    def sentence(self, path_name: str | None) -> str:
        span = f"level {self.low}" if self.low == self.high else f"levels {self.low}-{self.high}"
        parts = [f"{self.name}: the checks put you at level {self.evidenced} (80% range: {span})"]
        parts.append("not rated" if self.claimed is None else f"you rated yourself {self.claimed}")
        if self.required is not None and path_name is not None:
            needs = f"{path_name} needs {self.required}"
            parts.append(f"{needs}: a gap of {self.gap} {_levels(self.gap)}" if self.gap else f"{needs}: met")
        return "; ".join(parts) + "."


@dataclass(frozen=True)
class ProfileArea:
    name: str
    rows: tuple[ProfileRow, ...]


@dataclass(frozen=True)
class Profile:
    path_name: str | None  # None: the report has no path to compare with
    top: int
    level_names: tuple[str, ...]  # index = level
    areas: tuple[ProfileArea, ...]
    not_assessed: tuple[tuple[str, int], ...]  # (skill name, level) the path needs, never assessed

    @property
    def title(self) -> str:
        return f"Skill profile against {self.path_name}" if self.path_name else "Skill profile"

    @property
    def rows(self) -> tuple[ProfileRow, ...]:
        return tuple(row for area in self.areas for row in area.rows)

    def legend(self) -> tuple[tuple[str, str], ...]:
        """(symbol, meaning) for every mark the chart uses."""
        items = [
            (MARK, "your most likely level (a rating no check reached: read through your other checks)"),
            (RANGE, "its 80% range"),
            (CLAIM, "your self-rating"),
        ]
        if self.path_name:
            items.append((NEED, f"what {self.path_name} needs"))
        return tuple(items)

    def gap_note(self) -> str | None:
        if not self.path_name:
            return None
        return "gap N: N levels short of it"

    def not_assessed_note(self) -> str | None:
        if not self.not_assessed:
            return None
        skills = ", ".join(f"{name} (level {level})" for name, level in self.not_assessed)
        return f"{self.path_name} also needs, not assessed: {skills}."

    def description(self) -> str:
        """The chart as sentences: what it shows, then every skill's values (a text alternative)."""
        rows = self.rows
        gaps = [row for row in rows if row.gap]
        head = (
            f"For {len(rows)} {'skill' if len(rows) == 1 else 'skills'} in {len(self.areas)} "
            f"{'area' if len(self.areas) == 1 else 'areas'}, on a scale of levels 0 to {self.top}: "
            "your most likely level with its 80% range (for a rating no check reached, read through your other "
            "checks), and your self-rating"
        )
        if self.path_name:
            head += f", against what {self.path_name} needs; {len(gaps)} {'gap' if len(gaps) == 1 else 'gaps'}"
        sentences = [head + ".", *(row.sentence(self.path_name) for row in rows)]
        if note := self.not_assessed_note():
            sentences.append(note)
        return " ".join(sentences)


def _levels(count: int) -> str:
    return "level" if count == 1 else "levels"


def build_profiles(report: Report) -> tuple[Profile, ...]:
    """One profile per focus path (the closest by default, or the paths chosen with --path)."""
    by_id = {p["id"]: p for p in report["paths"]}
    focus = [by_id[path_id] for path_id in report["focus"] if path_id in by_id]
    if not focus:
        return (_profile(report, None),)
    return tuple(_profile(report, path) for path in focus)


def _profile(report: Report, path: PathOut | None) -> Profile:
    levels = report["levels"]
    top = len(levels) - 1
    required = {r["skill"]: r["level"] for r in path["requires"]} if path else {}
    # The gap mark follows the report's own gaps, so the chart and the gap table always agree.
    short = {g["skill"] for g in path["gaps"]} if path else set()
    grouped: dict[str, list[ProfileRow]] = {}
    for skill in report["skills"]:
        need = required.get(skill["id"])
        low, high = skill["range"]
        grouped.setdefault(skill["area"], []).append(
            ProfileRow(
                skill["id"],
                skill["name"],
                skill["evidenced"],
                low,
                high,
                skill["claimed"],
                need,
                max(0, need - skill["evidenced"]) if need is not None and skill["id"] in short else 0,
            )
        )
    names = {area["id"]: area["name"] for area in report["areas"]}
    order = [area["id"] for area in report["areas"]] + [a for a in grouped if a not in names]
    assessed = {skill["id"] for skill in report["skills"]}
    return Profile(
        path["name"] if path else None,
        top,
        tuple(level["name"] for level in levels),
        tuple(ProfileArea(names.get(a, a), tuple(grouped[a])) for a in order if a in grouped),
        tuple((r["name"], r["level"]) for r in path["requires"] if r["skill"] not in assessed) if path else (),
    )


# --- the group's profile ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupRow:
    skill: str
    name: str
    counts: tuple[int, ...]  # people at each evidenced level, 0..top

    @property
    def people(self) -> int:
        return sum(self.counts)

    @property
    def median(self) -> float | None:
        levels = [level for level, count in enumerate(self.counts) for _ in range(count)]
        return statistics.median(levels) if levels else None

    @property
    def label(self) -> str:
        median = self.median
        return "not assessed" if median is None else f"median {median:g}"

    def sentence(self, everyone: int) -> str:
        if not self.people:
            return f"{self.name}: nobody assessed."
        at = ", ".join(f"{count} at level {level}" for level, count in enumerate(self.counts) if count)
        assessed = "" if self.people == everyone else f"; {self.people} of {everyone} people assessed"
        return f"{self.name}: {at} (median {self.median:g}{assessed})."


@dataclass(frozen=True)
class GroupArea:
    name: str
    rows: tuple[GroupRow, ...]


@dataclass(frozen=True)
class GroupProfile:
    people: int
    top: int
    level_names: tuple[str, ...]
    areas: tuple[GroupArea, ...]

    title = "Evidenced levels across the group"

    @property
    def rows(self) -> tuple[GroupRow, ...]:
        return tuple(row for area in self.areas for row in area.rows)

    def description(self) -> str:
        rows = self.rows
        head = (
            f"For {len(rows)} {'skill' if len(rows) == 1 else 'skills'} in {len(self.areas)} "
            f"{'area' if len(self.areas) == 1 else 'areas'}: how many of the {self.people} "
            f"{'person' if self.people == 1 else 'people'} the checks put at each level from 0 to {self.top}; "
            "a larger dot is more people, and the number beside it is the count."
        )
        return " ".join([head, *(row.sentence(self.people) for row in rows)])


def level_counts(members: list[dict[str, Any]], skill_id: str, top: int) -> list[int]:
    """How many of a group's members are at each evidenced level of one skill (0..top)."""
    counts = [0] * (top + 1)
    for member in members:
        level = member["evidenced"].get(skill_id)
        if level is not None:
            # A report from another taxonomy version may carry a level above this scale.
            counts[max(0, min(level, top))] += 1
    return counts


def build_group_profile(summary: dict[str, Any], taxonomy: Taxonomy) -> GroupProfile:
    """Per skill, how the group's evidenced levels spread (from `team.summarise`'s members)."""
    top = taxonomy.top_level
    members = summary["members"]
    grouped: dict[str, list[GroupRow]] = {}
    for skill in taxonomy.skills:
        counts = level_counts(members, skill.id, top)
        grouped.setdefault(skill.area, []).append(GroupRow(skill.id, skill.name, tuple(counts)))
    return GroupProfile(
        len(members),
        top,
        tuple(level.name for level in taxonomy.levels),
        tuple(GroupArea(area.name, tuple(grouped[area.id])) for area in taxonomy.areas if area.id in grouped),
    )


# --- text: the terminal and Markdown ------------------------------------------------------------

Segment = tuple[str, str]  # (text, role); roles: title area axis tick range mark claim need gap name note
Line = tuple[Segment, ...]


def cells(text: str) -> int:
    """Terminal columns `text` takes: wide (CJK) characters take two, combining marks none."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _cut(word: str, width: int) -> list[str]:
    """A word longer than `width` cells, cut into pieces that fit."""
    pieces, piece = [], ""
    for char in word:
        if piece and cells(piece + char) > width:
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece] if piece else pieces


def wrap(text: str, width: int) -> list[str]:
    """Words packed into lines of at most `width` cells (a longer word is cut)."""
    width = max(1, width)
    lines: list[str] = []
    line = ""
    for word in text.split():
        pieces = _cut(word, width) if cells(word) > width else [word]
        for piece in pieces:
            if not line:
                line = piece
            elif cells(line) + 1 + cells(piece) <= width:
                line += " " + piece
            else:
                lines.append(line)
                line = piece
    return [*lines, line] if line else lines


def _pack(items: Sequence[str], width: int, *, sep: str = "  ") -> list[str]:
    """Items on as few lines as fit, never split (an item wider than a line is wrapped alone)."""
    lines: list[str] = []
    line = ""
    for item in items:
        if not line:
            line = item
        elif cells(line) + cells(sep) + cells(item) <= width:
            line += sep + item
        else:
            lines.append(line)
            line = item
    if line:
        lines.append(line)
    return [piece for line in lines for piece in (wrap(line, width) if cells(line) > width else [line])]


def _mark_column(level: int, pitch: int) -> int:
    return level * pitch + 1


def _scale(row: ProfileRow, top: int, pitch: int) -> list[Segment]:
    """One skill's scale: each level has a slot for the claim, the mark and the requirement."""
    slots: list[Segment] = [(" ", "")] * (top * pitch + 3)

    def at(level: int) -> int:
        return _mark_column(max(0, min(level, top)), pitch)

    for level in range(top + 1):
        slots[at(level)] = (TICK, "tick")
    for column in range(at(row.low), at(row.high) + 1):
        slots[column] = (RANGE, "range")
    slots[at(row.evidenced)] = (MARK, "mark")
    if row.claimed is not None:
        slots[at(row.claimed) - 1] = (CLAIM, "claim")
    if row.required is not None:
        slots[at(row.required) + 1] = (NEED, "gap" if row.gap else "need")
    return _merge(slots)


def _merge(parts: Iterable[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for text, role in parts:
        if merged and merged[-1][1] == role:
            merged[-1] = (merged[-1][0] + text, role)
        else:
            merged.append((text, role))
    return merged


def _trimmed(segments: list[Segment]) -> Line:
    """A line without trailing spaces (a Markdown code block and a terminal keep them otherwise)."""
    while segments and not segments[-1][0].rstrip():
        segments.pop()
    if segments:
        text, role = segments[-1]
        segments[-1] = (text.rstrip(), role)
    return tuple(segments)


def chart_lines(profile: Profile, width: int, *, title: bool = True) -> list[Line]:
    """The profile as text lines of at most `width` cells (when `width` leaves room for a scale).

    Layout: the title, a legend, the level numbers over the scale, then per area its name and per
    skill one line: the name (a name too long for its column continues on the next lines), the
    scale from 0 to the top level, and `gap N` where the path needs more.
    """
    out: list[Line] = [((line, "title"),) for line in wrap(profile.title, width)] if title else []
    rows = profile.rows
    if not rows:
        return [*out, (("No skills were assessed.", "note"),)]
    legend = [f"{symbol} {meaning}" for symbol, meaning in profile.legend()]
    if note := profile.gap_note():
        legend.append(note)
    out += [((line, "note"),) for line in _pack(legend, width)]
    names = [f"{level} {name}" for level, name in enumerate(profile.level_names)]
    out += [((line, "note"),) for line in _pack(names, width, sep=" · ")]
    gap_width = max((len(f"gap {row.gap}") for row in rows if row.gap), default=0)
    tail = 2 + gap_width if gap_width else 0
    longest = max(cells(row.name) for row in rows)
    # The widest level spacing that leaves a useful name column; 4 is the least that keeps a
    # space between one level's requirement slot and the next level's claim slot.
    for pitch in (6, 5, 4):
        room = width - len(INDENT) - 2 - (profile.top * pitch + 3) - tail
        if room >= min(longest, 28):
            break
    name_width = max(8, min(longest, room))
    lead = len(INDENT) + name_width + 2
    axis = [" "] * (profile.top * pitch + 3)
    for level in range(profile.top + 1):
        axis[_mark_column(level, pitch)] = str(level)
    out.append(((" " * lead + "".join(axis).rstrip(), "axis"),))
    for area in profile.areas:
        out += [((line, "area"),) for line in wrap(area.name, width)]
        for row in area.rows:
            first, *rest = wrap(row.name, name_width) or [""]
            segments: list[Segment] = [(INDENT + first + " " * (name_width - cells(first) + 2), "name")]
            segments += _scale(row, profile.top, pitch)
            if row.gap:
                segments += [("  ", ""), (f"gap {row.gap}", "gap")]
            out.append(_trimmed(segments))
            out += [((INDENT + piece, "name"),) for piece in rest]
    if note := profile.not_assessed_note():
        out += [((line, "note"),) for line in wrap(note, width)]
    return out


def chart_text(profile: Profile, width: int) -> str:
    """The text chart without styles and without its title (Markdown's code block, under a heading)."""
    return "\n".join("".join(text for text, _ in line) for line in chart_lines(profile, width, title=False))


# --- SVG: the HTML export -----------------------------------------------------------------------

# Each chart is drawn twice, and the page's CSS shows one: `wide` (a name column beside the scale,
# one row per skill) on a desktop and on paper, `narrow` (each name above its scale) on a phone,
# where the wide one would have to shrink its text below reading size. The narrow viewBox is about
# as wide as a 390 px phone's page, so it is drawn close to 1:1 there. SVG text does not wrap:
# names are wrapped here by an estimate of a character's advance that errs on the wide side.
_CHAR = 7.0  # px per character at the 12 px font, generous for a sans-serif


@dataclass(frozen=True)
class _Layout:
    name: str  # the CSS class that shows or hides it
    width: int
    x0: float  # where the level scale starts and ends
    x1: float
    stacked: bool  # the name above its scale (True) or beside it


# Wide: the scale stops short of the right edge, leaving room for a count beside a dot at the top
# level and for the row's label (a gap, a median) after it.
WIDE = _Layout("wide", 760, 320, 630, stacked=False)
NARROW = _Layout("narrow", 360, 18, 342, stacked=True)
LAYOUTS = (WIDE, NARROW)

# Colours help but never carry meaning alone: every mark has its own shape, every gap its text.
_INK, _RANGE_FILL, _NEED_FILL, _GAP_INK = "#1b1b1b", "#a9cdb8", "#b34700", "#a33"
_GRID, _LINE, _DOT_FILL = "#e2e2e2", "#bbb", "#2f6f4f"

PROFILE_CSS = """
figure.profile { margin: 0.5rem 0 1rem; }
figure.profile svg { display: block; width: 100%; height: auto; }
figure.profile svg.wide { max-width: 48rem; }
figure.profile svg.narrow { display: none; max-width: 30rem; }
@media (max-width: 40rem) { figure.profile svg.wide { display: none; } figure.profile svg.narrow { display: block; } }
@media print { figure.profile svg.wide { display: block; } figure.profile svg.narrow { display: none; }
               figure.profile svg { print-color-adjust: exact; -webkit-print-color-adjust: exact; } }
"""


def _x(text: str) -> str:
    """Text for SVG and HTML: escaped, quotes included (it also goes into attributes)."""
    return escape(text, quote=True)


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, text: str, **attributes: str) -> str:
    extra = "".join(f' {key.replace("_", "-")}="{value}"' for key, value in attributes.items())
    return f'<text x="{_f(x)}" y="{_f(y)}"{extra}>{_x(text)}</text>'


def _chars(width: float, size: float = 12) -> int:
    """How many characters of a `size` px font fit in `width` px, by the generous estimate."""
    return max(6, int(width / (_CHAR * size / 12)))


class _Canvas:
    """SVG elements laid out top to bottom in one layout; `y` is where the next block starts."""

    def __init__(self, layout: _Layout, top: int) -> None:
        self.layout = layout
        self.top = top
        self.parts: list[str] = []
        self.y = 4.0
        self.grid_from = 0.0

    def level_x(self, level: int) -> float:
        layout = self.layout
        return layout.x0 + max(0, min(level, self.top)) * (layout.x1 - layout.x0) / max(1, self.top)

    def lines(self, lines: Sequence[str], *, x: float, y: float, size: float = 12, **attributes: str) -> float:
        """Lines of text from baseline `y` down; returns the last baseline."""
        for number, line in enumerate(lines):
            self.parts.append(_text(x, y + number * (size + 3), line, font_size=_f(size), **attributes))
        return y + (len(lines) - 1) * (size + 3)

    def paragraph(self, text: str, *, size: float = 12, **attributes: str) -> None:
        """Text across the whole width, wrapped, as the next block."""
        last = self.lines(
            wrap(text, _chars(self.layout.width - 4, size)), x=2, y=self.y + size, size=size, **attributes
        )
        self.y = last + 5

    def legend(self, items: Sequence[tuple[str, str]]) -> None:
        """Symbols drawn as in the chart, each with its meaning, flowed into rows."""
        x, baseline = 2.0, self.y + 13
        for symbol, meaning in items:
            width = 18 + len(meaning) * _CHAR * 11 / 12
            if x > 2 and x + width > self.layout.width:
                x, baseline = 2.0, baseline + 18
            self.parts.append(_symbol(symbol, x + 7, baseline - 4))
            self.parts.append(_text(x + 17, baseline, meaning, font_size="11"))
            x += width + 14
        self.y = baseline + 6

    def axis(self) -> None:
        self.scale_labels()
        self.grid_from = self.y

    def scale_labels(self) -> None:
        """The level numbers over the scale; a phone's tall chart repeats them at every area."""
        self.y += 16
        for level in range(self.top + 1):
            self.parts.append(_text(self.level_x(level), self.y, str(level), text_anchor="middle", font_weight="bold"))
        self.y += 2

    def row(self, name: str, label: str, title: str, marks: Callable[[float], str], **label_style: str) -> None:
        """One skill: its name, a label at the right end (a gap, a median), and its marks at height cy."""
        layout = self.layout
        label_room = len(label) * _CHAR + 10 if label else 0
        self.parts.append(f"<g><title>{_x(title)}</title>")
        if layout.stacked:
            names = wrap(name, _chars(layout.width - 4 - label_room)) or [""]
            first = self.y + 12
            last = self.lines(names, x=2, y=first)
            cy = last + 12
            after = cy + 19
        else:
            names = wrap(name, _chars(layout.x0 - 20)) or [""]
            cy = self.y + 12
            first = cy + 4
            last = self.lines(names, x=2, y=first)
            after = max(cy + 22, last + 10)
        if label:
            self.parts.append(_text(layout.width - 2, first, label, text_anchor="end", **label_style))
        self.parts.append(
            f'<line x1="{_f(layout.x0)}" y1="{_f(cy)}" x2="{_f(layout.x1)}" y2="{_f(cy)}" stroke="{_LINE}"/>'
        )
        self.parts.append(marks(cy))
        self.parts.append("</g>")
        self.y = after

    def svg(self, ident: str, title: str, description: str) -> str:
        layout = self.layout
        height = math.ceil(self.y + 6)
        grid = "".join(
            f'<line x1="{_f(self.level_x(level))}" y1="{_f(self.grid_from)}" x2="{_f(self.level_x(level))}" '
            f'y2="{height - 4}" stroke="{_GRID}"/>'
            for level in range(self.top + 1)
        )
        ident = f"{ident}-{layout.name}"
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="{layout.name}" viewBox="0 0 {layout.width} {height}" '
            f'width="{layout.width}" height="{height}" role="img" aria-labelledby="{ident}-title {ident}-desc" '
            f'font-family="system-ui, sans-serif" font-size="12" fill="{_INK}">'
            f'<title id="{ident}-title">{_x(title)}</title><desc id="{ident}-desc">{_x(description)}</desc>'
            f"{grid}{''.join(self.parts)}</svg>"
        )


def _symbol(symbol: str, x: float, y: float) -> str:
    if symbol == MARK:
        return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="4.5" fill="{_INK}"/>'
    if symbol == CLAIM:
        return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="6" fill="none" stroke="{_INK}" stroke-width="1.5"/>'
    if symbol == NEED:
        return _triangle(x, y - 4)
    return f'<rect x="{_f(x - 7)}" y="{_f(y - 4)}" width="14" height="8" rx="4" fill="{_RANGE_FILL}"/>'


def _triangle(x: float, apex: float) -> str:
    return f'<path d="M{_f(x)} {_f(apex)}l5 7h-10z" fill="{_NEED_FILL}"/>'


def _levels_text(level_names: Sequence[str]) -> str:
    return "Levels: " + ", ".join(f"{number} {name}" for number, name in enumerate(level_names)) + "."


def profile_svg(profile: Profile, number: int = 1, layout: _Layout = WIDE) -> str:
    """The profile as one inline SVG in one layout (`number` keeps ids unique on a page of several).

    The title is the SVG's <title>, not drawn: the page shows it as a heading.
    """
    canvas = _Canvas(layout, profile.top)
    canvas.legend(profile.legend())
    if note := profile.gap_note():
        canvas.paragraph(note, size=11)
    canvas.paragraph(_levels_text(profile.level_names), size=11)
    canvas.axis()
    for index, area in enumerate(profile.areas):
        canvas.y += 6
        canvas.paragraph(area.name, size=13, font_weight="bold")
        if layout.stacked and index:
            canvas.scale_labels()
        for row in area.rows:
            gap = f"gap {row.gap}" if row.gap else ""
            canvas.row(
                row.name,
                gap,
                row.sentence(profile.path_name),
                partial(_profile_marks, canvas, row),
                font_weight="bold",
                fill=_GAP_INK,
            )
    if note := profile.not_assessed_note():
        canvas.y += 4
        canvas.paragraph(note, size=11)
    return canvas.svg(f"profile-{number}", profile.title, profile.description())


def _profile_marks(canvas: _Canvas, row: ProfileRow, cy: float) -> str:
    x = canvas.level_x
    low, high = x(row.low), x(row.high)
    parts = [
        f'<rect x="{_f(low - 6)}" y="{_f(cy - 4)}" width="{_f(high - low + 12)}" height="8" rx="4" '
        f'fill="{_RANGE_FILL}"/>',
        f'<circle cx="{_f(x(row.evidenced))}" cy="{_f(cy)}" r="4.5" fill="{_INK}"/>',
    ]
    if row.claimed is not None:
        parts.append(
            f'<circle cx="{_f(x(row.claimed))}" cy="{_f(cy)}" r="6.5" fill="none" stroke="{_INK}" stroke-width="1.5"/>'
        )
    if row.required is not None:
        # Just under the scale, pointing up at the level: clear of the ring, close to its own row.
        parts.append(_triangle(x(row.required), cy + 8))
    return "".join(parts)


def group_svg(group: GroupProfile, number: int = 1, layout: _Layout = WIDE) -> str:
    """The group's spread over the levels as one inline SVG: a dot per level, its count beside it."""
    canvas = _Canvas(layout, group.top)
    canvas.paragraph(
        f"{group.people} {'person' if group.people == 1 else 'people'}. A dot's size shows how many people the "
        "checks put at that level; the number beside it is the count.",
        size=11,
    )
    canvas.paragraph(_levels_text(group.level_names), size=11)
    canvas.axis()
    for index, area in enumerate(group.areas):
        canvas.y += 6
        canvas.paragraph(area.name, size=13, font_weight="bold")
        if layout.stacked and index:
            canvas.scale_labels()
        for row in area.rows:
            canvas.row(
                row.name,
                row.label,
                row.sentence(group.people),
                partial(_group_marks, canvas, row, group.people),
                font_size="11",
            )
    return canvas.svg(f"group-{number}", group.title, group.description())


def _group_marks(canvas: _Canvas, row: GroupRow, people: int, cy: float) -> str:
    spacing = canvas.level_x(1) - canvas.level_x(0)
    biggest = min(9.0, spacing / 4)
    parts = []
    for level, count in enumerate(row.counts):
        if count:
            cx = canvas.level_x(level)
            radius = max(2.0, biggest * math.sqrt(count / max(1, people)))
            parts.append(f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="{_f(radius)}" fill="{_DOT_FILL}"/>')
            parts.append(_text(cx + radius + 2, cy + 4, str(count), font_size="10"))
    return "".join(parts)


def profile_figure(profile: Profile, number: int = 1) -> str:
    """The profile in every layout, for the page's CSS to choose from."""
    return "".join(profile_svg(profile, number, layout) for layout in LAYOUTS)


def group_figure(group: GroupProfile, number: int = 1) -> str:
    return "".join(group_svg(group, number, layout) for layout in LAYOUTS)
