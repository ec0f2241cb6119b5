"""team over files from anywhere: foreign reports, escape sequences, links, the heat legend."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from testfiles import ESCAPES, MINI, no_traceback, render, skillcheck, stored

from skillcheck.taxonomy.load import LoadedTaxonomy
from skillcheck.taxonomy.models import Taxonomy

# --- team: files from anywhere, escape sequences, links, the heat legend --------------------------


def report_of(mini: LoadedTaxonomy, tmp_path: Path) -> dict[str, Any]:
    assessment = tmp_path / "for-report.json"
    assessment.write_text(json.dumps(stored(mini)))
    result = skillcheck("report", "--taxonomy", str(MINI), "--from", str(assessment), "--json")
    assert result.returncode == 0, result.stderr
    assessment.unlink()
    return json.loads(result.stdout)


FOREIGN_REPORTS = {
    "no closest_path": lambda r: r.pop("closest_path"),
    "readiness as a string": lambda r: r["paths"][0].update(readiness="50"),
    "negative readiness": lambda r: r["paths"][0].update(readiness=-143),
    "readiness over 100": lambda r: r["paths"][0].update(readiness=1e9),
    "no gaps": lambda r: r["paths"][0].pop("gaps"),
    "priority as a string": lambda r: r["paths"][0]["gaps"].append({"skill": "py", "name": "P", "priority": "9"}),
    "evidenced off the scale": lambda r: r["skills"][0].update(evidenced=99),
    "evidenced above this taxonomy's scale": lambda r: r["skills"][0].update(evidenced=7),
    "evidenced as a boolean": lambda r: r["skills"][0].update(evidenced=True),
    "a skill that is a list": lambda r: r["skills"].append([1, 2]),
    "paths as a mapping": lambda r: r.update(paths={"a": 1}),
    "name with OSC 52": lambda r: r.update(name="\x1b]52;c;ZXZpbA==\x07evil\x1b[2J"),
    "gap name with CSI": lambda r: r["paths"][0]["gaps"].append({"skill": "py", "name": "\x9b2J", "priority": 1}),
    "path id with an escape": lambda r: r.update(closest_path="\x1b[31mred"),
    "a newer report": lambda r: r.update(schema_version=3),
    "another taxonomy": lambda r: r["taxonomy"].update(id="other"),
}


@pytest.mark.parametrize("shape", sorted(FOREIGN_REPORTS))
def test_team_skips_a_report_shaped_file_it_cannot_trust_with_exit_3(
    shape: str, mini: LoadedTaxonomy, tmp_path: Path
) -> None:
    report = report_of(mini, tmp_path)
    folder = tmp_path / "group"
    folder.mkdir()
    (folder / "good.json").write_text(json.dumps(report))
    FOREIGN_REPORTS[shape](report)
    (folder / "odd.json").write_text(json.dumps(report))
    for output in ("text", "json", "jsonl"):
        result = skillcheck("team", "--taxonomy", str(MINI), str(folder), "--format", output)
        no_traceback(result)
        assert result.returncode == 3, result.stderr
        assert f"skipped {folder / 'odd.json'}: " in result.stderr
        assert not any(e in result.stdout + result.stderr for e in ESCAPES)
    if shape == "a newer report":
        assert "made by a newer skillcheck (report schema_version 3); upgrade skillcheck" in result.stderr


def test_escape_sequences_in_file_names_never_reach_the_terminal(mini: LoadedTaxonomy, tmp_path: Path) -> None:
    folder = tmp_path / "group"
    folder.mkdir()
    (folder / "\x1b]0;title\x07.json").write_text(json.dumps(stored(mini)))  # no name: the file name stands in
    (folder / "\x1b[2J.json").write_text("{broken")
    result = skillcheck("team", "--taxonomy", str(MINI), str(folder))
    assert result.returncode == 3
    assert not any(e in result.stdout + result.stderr for e in ESCAPES)
    assert "\\x1b]0;title\\x07" in result.stdout
    assert "\\x1b[2J.json" in result.stderr


def test_links_that_loop_or_lead_nowhere_are_listed_and_exit_3(mini: LoadedTaxonomy, tmp_path: Path) -> None:
    folder = tmp_path / "group"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "p.json").write_text(json.dumps(stored(mini)))
    (folder / "sub" / "back-up").symlink_to(folder, target_is_directory=True)
    (folder / "self.json").symlink_to(folder / "self.json")
    (folder / "nowhere.json").symlink_to(tmp_path / "missing.json")
    (folder / "a.json").symlink_to(folder / "b.json")
    (folder / "b.json").symlink_to(folder / "a.json")
    result = skillcheck("team", "--taxonomy", str(MINI), str(folder), "--json")
    assert result.returncode == 3, result.stderr
    summary = json.loads(result.stdout)
    assert summary["people"] == 1
    skipped = {Path(entry["file"]).name: entry["reason"] for entry in summary["skipped"]}
    assert "symbolic link loop" in skipped["back-up"]
    assert set(skipped) == {"back-up", "self.json", "nowhere.json", "a.json", "b.json"}


def test_every_level_of_any_scale_has_its_own_shade_in_the_team_legend(mini: LoadedTaxonomy) -> None:
    import yaml

    from skillcheck.output.render import team_view

    for top in range(1, 10):
        data = yaml.safe_load(MINI.read_text())
        data["levels"] = [{"level": n, "name": f"L{n}", "meaning": f"Level {n}."} for n in range(top + 1)]
        for skill in data["skills"]:
            skill["levels"] = {n: f"Does level {n}." for n in range(1, top + 1)}
            for question in skill["questions"]:
                question["level"] = min(question["level"], top)
        for career in data["paths"]:
            for requirement in career["requires"]:
                requirement["level"] = min(requirement["level"], top)
        taxonomy = Taxonomy.model_validate(data)
        summary = {
            "people": 1,
            "closest": [],
            "readiness": [],
            "lacking": [],
            "members": [{"name": "x", "evidenced": {"py": top}}],
        }
        legend = next(line for line in render(team_view(summary, taxonomy)).splitlines() if "Levels:" in line)
        shades = [part.split("'")[1] for part in legend.split("Levels:")[1].split("  ") if "'" in part]
        assert len(shades) == top + 1 and len(set(shades)) == top + 1, legend
