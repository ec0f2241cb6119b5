"""Where the test fixtures are; importable from every test module (pytest `pythonpath`)."""

from pathlib import Path

from skillcheck.taxonomy.load import LoadedTaxonomy

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.yaml"


def piped(*levels: int) -> str:
    """Piped answers for a whole quiz: each skill's level, then "I don't know" to every check.

    The adaptive quiz asks a varying number of checks; an `i` typed where a rating is expected is
    an invalid answer that is simply asked again, so four per skill always reach the next skill.
    """
    return "".join(f"{level}\n" + "i\n" * 4 for level in levels)


def knows(shipped: LoadedTaxonomy, skill_id: str, level: int) -> dict[str, str]:
    """Every question of a skill answered as someone at `level` would: right up to it, wrong above."""
    skill = shipped.taxonomy.skills_by_id[skill_id]
    return {
        q.id: q.correct_letter if q.level <= level else q.letters[(q.correct_index + 1) % len(q.options)]
        for q in skill.questions
    }
