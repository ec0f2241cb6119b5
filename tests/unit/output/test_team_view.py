"""The team's terminal view stays readable, and quick, on a taxonomy of thousands of skills."""

from __future__ import annotations

from testfiles import load_benchmark, render

from skillcheck.output.render import TERMINAL_ROWS, team_view
from skillcheck.taxonomy.load import parse_taxonomy


def test_a_large_taxonomy_lists_the_first_skills_and_says_where_the_rest_are() -> None:
    text = load_benchmark("make_taxonomy").make(TERMINAL_ROWS + 50)
    taxonomy = parse_taxonomy(text.encode(), "big.yaml").taxonomy
    members = [
        {"name": f"p{n}", "file": f"p{n}.json", "closest_path": None, "evidenced": {s.id: 1 for s in taxonomy.skills}}
        for n in range(3)
    ]
    summary = {"people": 3, "closest": [], "readiness": [], "lacking": [], "members": members}
    shown = render(team_view(summary, taxonomy), width=100)
    names = [s.name for s in taxonomy.skills]
    assert names[TERMINAL_ROWS - 1] in shown and names[TERMINAL_ROWS] not in shown
    assert "and 50 more skills" in " ".join(shown.split())
