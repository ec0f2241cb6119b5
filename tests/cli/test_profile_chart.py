"""The skill profile: a text chart that fits and says what the report says, and an SVG chart that
parses, describes itself, and fits a phone's page without fetching anything."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from browser import CHROMIUM, Browser
from rich.cells import cell_len
from testfiles import MINI, invoke

from skillcheck.output.profile import (
    CLAIM,
    LAYOUTS,
    MARK,
    NEED,
    RANGE,
    TICK,
    GroupProfile,
    Profile,
    ProfileArea,
    ProfileRow,
    chart_lines,
    group_svg,
    profile_svg,
)
from skillcheck.taxonomy.load import LoadedTaxonomy

SVG = "{http://www.w3.org/2000/svg}"
CHART_CHARS = MARK + CLAIM + NEED + TICK + RANGE


def answers_for(shipped: LoadedTaxonomy) -> dict[str, Any]:
    """A varied person: true levels 0-4 across skills, ratings off by -1..+1, every seventh unrated.

    Every check is answered as someone at the true level would: right up to it, wrong above.
    """
    ratings: dict[str, int] = {}
    answers: dict[str, str] = {}
    for index, skill in enumerate(shipped.taxonomy.skills):
        true = index % 5
        if index % 7 != 3:
            ratings[skill.id] = max(0, min(4, true + index % 3 - 1))
        for q in skill.questions:
            answers[q.id] = q.correct_letter if q.level <= true else q.letters[(q.correct_index + 1) % len(q.options)]
    return {"ratings": ratings, "answers": answers}


@pytest.fixture
def taken(tmp_path: Path, shipped: LoadedTaxonomy) -> None:
    file = tmp_path / "answers.json"
    file.write_text(json.dumps(answers_for(shipped)))
    assert invoke("quiz", "--answers", str(file)).exit_code == 0


def run(*args: str, columns: int) -> str:
    """skillcheck as a user runs it, piped, with NO_COLOR (the data directory comes from conftest)."""
    result = subprocess.run(
        [sys.executable, "-m", "skillcheck", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": str(columns), "TERM": "xterm-256color"},
        timeout=120,  # a hang guard only
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def report_json(*paths: str) -> dict[str, Any]:
    args = ["report", "--json"] + [arg for path in paths for arg in ("--path", path)]
    document: dict[str, Any] = json.loads(invoke(*args).stdout)
    return document


def expected_order(report: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """(area name, its skills) in the report's area order: how the chart must group them."""
    grouped = [(area["name"], [s for s in report["skills"] if s["area"] == area["id"]]) for area in report["areas"]]
    return [(name, skills) for name, skills in grouped if skills]


def check_chart(lines: list[str], report: dict[str, Any], path: dict[str, Any]) -> None:
    """The chart's lines, from its title on, show exactly the report's values for `path`."""
    axis_at = next(i for i, line in enumerate(lines) if re.fullmatch(r"\s+0(\s+\d)+", line))
    axis = lines[axis_at]
    top = len(report["levels"]) - 1
    column = {level: axis.index(str(level)) for level in range(top + 1)}
    required = {r["skill"]: r["level"] for r in path["requires"]}
    gaps = {g["skill"]: g["required"] - g["current"] for g in path["gaps"]}
    at = axis_at + 1
    for area_name, skills in expected_order(report):
        assert lines[at] == area_name
        at += 1
        for skill in skills:
            line = lines[at]
            scale = line[column[0] - 1 : column[top] + 2]
            # The name, continued on the next lines when it is too long for its column.
            name = line[: column[0] - 1].strip()
            at += 1
            while at < len(lines) and lines[at].startswith("  ") and not set(lines[at]) & set(CHART_CHARS):
                name += " " + lines[at].strip()
                at += 1
            assert name == skill["name"]
            low, high = skill["range"]
            assert scale.count(MARK) == 1 and line[column[skill["evidenced"]]] == MARK, (skill["id"], line)
            for level in range(top + 1):
                expected = (RANGE + MARK) if low <= level <= high else TICK
                assert line[column[level]] in expected, (skill["id"], level, line)
            if skill["claimed"] is None:
                assert CLAIM not in scale
            else:
                assert scale.count(CLAIM) == 1 and line[column[skill["claimed"]] - 1] == CLAIM, (skill["id"], line)
            if skill["id"] in required:
                assert scale.count(NEED) == 1 and line[column[required[skill["id"]]] + 1] == NEED, (skill["id"], line)
            else:
                assert NEED not in scale
            if skill["id"] in gaps:
                assert line.endswith(f"gap {gaps[skill['id']]}"), (skill["id"], line)
            else:
                assert "gap" not in line[column[top] :]


def charts(output: str, report: dict[str, Any]) -> list[tuple[list[str], dict[str, Any]]]:
    """Each chart in `output` (from its title line) with the path it is drawn against."""
    lines = output.splitlines()
    by_name = {p["name"]: p for p in report["paths"]}
    found = []
    for index, line in enumerate(lines):
        if line.startswith("Skill profile against "):
            found.append((lines[index:], by_name[line.removeprefix("Skill profile against ")]))
    return found


@pytest.mark.parametrize("columns", [60, 80])
@pytest.mark.parametrize(
    "args",
    [
        ("report", "--details"),
        ("report", "--profile"),
        ("report", "--profile", "--path", "data-engineer", "--path", "ml-engineer"),
    ],
)
@pytest.mark.e2e
def test_the_terminal_chart_fits_without_colour_and_marks_the_reports_values(
    taken: None, columns: int, args: tuple[str, ...]
) -> None:
    output = run(*args, columns=columns)
    report = report_json(*args[args.index("--path") + 1 :: 2]) if "--path" in args else report_json()
    assert "\x1b" not in output and "\x9b" not in output
    too_long = [line for line in output.splitlines() if cell_len(line) > columns]
    assert too_long == []
    found = charts(output, report)
    assert [path["id"] for _, path in found] == report["focus"]
    for lines, path in found:
        check_chart(lines, report, path)
    # The report shows the profile after the verdict; --profile shows nothing but the profile.
    if "--profile" in args:
        assert "Closest path:" not in output and "Top gaps" not in output
    else:
        # Below the summary (which may name the top gaps too): the readiness table, the profile, the gaps.
        body = output[output.index("Readiness per path") :]
        assert body.index("Skill profile against") < body.index("Top gaps")


def test_markdown_carries_the_chart_as_a_code_block_of_80_columns(taken: None) -> None:
    markdown = invoke("report", "--format", "markdown").stdout
    report = report_json()
    closest = next(p for p in report["paths"] if p["id"] == report["closest_path"])
    heading = f"## Skill profile against {closest['name']}"
    block = markdown.split(heading + "\n\n```text\n", 1)[1].split("\n```\n", 1)[0]
    assert "\x1b" not in block and max(cell_len(line) for line in block.splitlines()) <= 80
    check_chart([heading.removeprefix("## "), *block.splitlines()], report, closest)


def test_profile_with_json_is_refused_as_a_usage_error(taken: None) -> None:
    result = invoke("report", "--profile", "--json")
    assert result.exit_code == 2
    assert "--profile is a chart for text, markdown or html" in result.stderr


def test_a_name_of_wide_and_combining_characters_keeps_every_line_within_the_width() -> None:
    rows = (
        ProfileRow("a", "機械学習と深層学習のエンジニアリング実践と運用" * 2, 2, 1, 3, 4, 3, 1),
        ProfileRow("b", "Cafe\u0301 statistics", 0, 0, 0, None, None, 0),
    )
    profile = Profile("データ科学者", 4, ("0", "1", "2", "3", "4"), (ProfileArea("領域", rows),), ())
    for width in (60, 80):
        lines = ["".join(text for text, _ in line) for line in chart_lines(profile, width)]
        assert max(cell_len(line) for line in lines) <= width
        axis = next(line for line in lines if re.fullmatch(r"\s+0(\s+\d)+", line))
        # The scale starts at the same display column on every skill line, whatever the name.
        mark_lines = [line for line in lines if MARK in line and not line.startswith(MARK)]
        starts = {cell_len(line[: line.index(MARK)]) for line in mark_lines}
        assert starts == {cell_len(axis[: axis.index("2")]), cell_len(axis[: axis.index("0")])}


# --- SVG -------------------------------------------------------------------------------------------


def svgs(page: str) -> list[ET.Element]:
    found = re.findall(r"<svg\b.*?</svg>", page, flags=re.DOTALL)
    assert found
    return [ET.fromstring(svg) for svg in found]


def texts(svg: ET.Element) -> str:
    return " ".join(" ".join(element.itertext()) for element in svg.iter(f"{SVG}text"))


def check_described(svg: ET.Element) -> None:
    """A title and a description, named as the image's label, as the first children."""
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and title.text and desc is not None and desc.text
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_the_report_svg_parses_describes_itself_and_names_every_skill_in_text(taken: None) -> None:
    page = invoke("report", "--format", "html", "--path", "data-scientist", "--path", "ml-engineer").stdout
    report = report_json("data-scientist", "ml-engineer")
    found = svgs(page)
    assert len(found) == 4  # two paths, each in the wide and the narrow layout
    ids = [element.get("id") for svg in found for element in svg.iter() if element.get("id")]
    assert len(ids) == len(set(ids)), "element ids must be unique on the page"
    for svg in found:
        check_described(svg)
        text = texts(svg)
        for skill in report["skills"]:
            assert skill["name"] in text, skill["name"]
    for svg, path_id in zip(found, ["data-scientist"] * 2 + ["ml-engineer"] * 2, strict=True):
        check_svg_marks(svg, report, next(p for p in report["paths"] if p["id"] == path_id))


def axis_x(svg: ET.Element) -> dict[int, float]:
    """Where the chart's axis labels (the level numbers) stand."""
    return {
        int(t.text or ""): float(t.get("x", "nan")) for t in svg.iter(f"{SVG}text") if t.get("text-anchor") == "middle"
    }


def check_svg_marks(svg: ET.Element, report: dict[str, Any], path: dict[str, Any]) -> None:
    """Each skill's row puts its dot, ring and triangle over the axis labels of the report's levels."""
    x = axis_x(svg)
    assert sorted(x) == list(range(len(report["levels"])))
    required = {r["skill"]: r["level"] for r in path["requires"]}
    rows = [g for g in svg.iter(f"{SVG}g") if g.find(f"{SVG}title") is not None]
    skills = [s for _, area_skills in expected_order(report) for s in area_skills]
    assert len(rows) == len(skills)
    for row, skill in zip(rows, skills, strict=True):
        circles = row.findall(f"{SVG}circle")
        dot = [c for c in circles if c.get("fill") != "none"]
        ring = [c for c in circles if c.get("fill") == "none"]
        assert len(dot) == 1 and float(dot[0].get("cx", "nan")) == pytest.approx(x[skill["evidenced"]], abs=0.1)
        if skill["claimed"] is None:
            assert ring == []
        else:
            assert len(ring) == 1 and float(ring[0].get("cx", "nan")) == pytest.approx(x[skill["claimed"]], abs=0.1)
        triangles = row.findall(f"{SVG}path")
        if skill["id"] in required:
            start = re.match(r"M([\d.]+) ", triangles[0].get("d", ""))
            assert len(triangles) == 1 and start is not None
            assert float(start.group(1)) == pytest.approx(x[required[skill["id"]]], abs=0.1)
        else:
            assert triangles == []
        bar = row.findall(f"{SVG}rect")
        low, high = skill["range"]
        left = float(bar[0].get("x", "nan"))
        assert left + 6 == pytest.approx(x[low], abs=0.1)
        assert left + float(bar[0].get("width", "nan")) - 6 == pytest.approx(x[high], abs=0.1)


def test_taxonomy_text_in_the_svg_is_escaped_and_shown_literally(tmp_path: Path) -> None:
    odd = tmp_path / "odd.yaml"
    name = "<b>C++ & \"R\"</b> ]]> 'x'"
    odd.write_text(MINI.read_text().replace("name: Python\n", f"name: {json.dumps(name)}\n"))
    file = tmp_path / "a.json"
    file.write_text(json.dumps({"ratings": {"py": 2, "git": 1, "stats": 0}}))
    assert invoke("quiz", "--taxonomy", str(odd), "--answers", str(file)).exit_code == 0
    page = invoke("report", "--taxonomy", str(odd), "--format", "html", "--profile").stdout
    assert "<b>C++" not in page
    for svg in svgs(page):
        check_described(svg)
        assert name in texts(svg)


def test_the_group_svg_counts_the_people_at_each_level(tmp_path: Path, shipped: LoadedTaxonomy) -> None:
    folder = tmp_path / "cohort"
    folder.mkdir()
    for number in range(3):
        data = answers_for(shipped)
        data["ratings"] = {skill: min(4, level + number) for skill, level in data["ratings"].items()}
        file = tmp_path / f"p{number}.json"
        file.write_text(json.dumps(data))
        assert invoke("quiz", "--answers", str(file)).exit_code == 0
    home = Path(os.environ["SKILLCHECK_HOME"]) / "assessments"
    page = invoke("team", str(home), "--format", "html").stdout
    summary = json.loads(invoke("team", str(home), "--json").stdout)
    found = svgs(page)
    assert len(found) == 2
    for svg in found:
        check_described(svg)
        text = texts(svg)
        rows = [g for g in svg.iter(f"{SVG}g") if g.find(f"{SVG}title") is not None]
        assert len(rows) == len(shipped.taxonomy.skills)
        for skill, row in zip(shipped.taxonomy.skills, rows, strict=True):
            assert skill.name in text
            # A skill someone did not rate is not assessed: they are not in its group.
            levels = [m["evidenced"][skill.id] for m in summary["members"] if skill.id in m["evidenced"]]
            # Each level someone is at has a dot over its axis label, and the count beside it.
            dots = [float(c.get("cx", "nan")) for c in row.iter(f"{SVG}circle")]
            counts = [int(t.text or "") for t in row.iter(f"{SVG}text") if t.get("font-size") == "10"]
            assert dots == pytest.approx([axis_x(svg)[level] for level in sorted(set(levels))], abs=0.1)
            assert counts == [levels.count(level) for level in sorted(set(levels))]
            title = row.find(f"{SVG}title")
            assert title is not None and title.text is not None
            for level in set(levels):
                assert f"{levels.count(level)} at level {level}" in title.text


def test_the_svg_builders_make_valid_xml_for_any_layout_of_an_empty_profile() -> None:
    empty = Profile(None, 3, ("a", "b", "c", "d"), (), ())
    for layout in LAYOUTS:
        check_described(ET.fromstring(profile_svg(empty, 1, layout)))
        check_described(ET.fromstring(group_svg(GroupProfile(0, 3, ("a", "b", "c", "d"), ()), 1, layout)))


# --- in a browser ----------------------------------------------------------------------------------


@pytest.mark.e2e
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_the_report_and_team_pages_fit_a_phone_and_fetch_nothing(
    taken: None, tmp_path: Path, shipped: LoadedTaxonomy
) -> None:
    artefacts = tmp_path / "screenshots"
    artefacts.mkdir()
    pages = {
        "report": invoke("report", "--format", "html").stdout,
        "profile": invoke("report", "--format", "html", "--profile").stdout,
        "team": invoke("team", str(Path(os.environ["SKILLCHECK_HOME"]) / "assessments"), "--format", "html").stdout,
    }
    for page in pages.values():
        # Nothing to fetch: no source, stylesheet or import; the only addresses are links to follow.
        assert not re.search(r"""(src|srcset|xlink:href)\s*=|@import|url\(|<link\b|<script\b|<img\b""", page)
        for tag in re.findall(r"<[^>]*\bhref=[^>]*>", page):
            assert tag.startswith("<a "), tag
    browser = Browser(tmp_path / "chromium-profile")
    try:
        for name, page in pages.items():
            file = tmp_path / f"{name}.html"
            file.write_text(page)
            for width in (1000, 390):
                browser.open(file, width=width)
                scroll, client = browser.evaluate(
                    "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
                )
                shot = browser.screenshot(artefacts / f"{name}-{width}.png")
                print(f"screenshot: {shot}")
                assert client == width
                assert scroll <= client, f"{name} scrolls sideways at {width} px: {scroll} > {client} ({shot})"
                # The chart is there and drawn: one layout shows, with a real size.
                shown = browser.evaluate(
                    "[...document.querySelectorAll('figure.profile svg')]"
                    ".filter(s => s.getBoundingClientRect().width > 0).map(s => s.getAttribute('class'))"
                )
                assert shown == (["wide"] if width == 1000 else ["narrow"])
        requested = browser.requested()
        assert requested and all(url.startswith("file:") for url in requested), requested
        assert browser.problems() == []
    finally:
        browser.close()
