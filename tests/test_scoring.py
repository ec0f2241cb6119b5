"""Scoring: evidenced levels, calibration, readiness and gaps (the model in docs/scoring.md)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from skillcheck.models import Check, Taxonomy
from skillcheck.scoring import overall_calibration, score_paths, score_skill, score_skills
from skillcheck.taxonomy import LoadedTaxonomy, default_taxonomy_path, load_taxonomy

TAXONOMY: Taxonomy = load_taxonomy(default_taxonomy_path()).taxonomy
SKILL = TAXONOMY.skills[0]


def check(level: int, correct: bool) -> Check:
    return Check(skill=SKILL.id, question=f"{SKILL.id}-{level}", level=level, choice="a", correct=correct)


def test_a_rating_with_no_checks_stands_but_is_unverified() -> None:
    score = score_skill(SKILL, 3, [])
    assert (score.evidenced, score.verified, score.calibration) == (3, False, "unverified")


def test_a_missed_check_lowers_the_rating_to_the_level_that_passed() -> None:
    score = score_skill(SKILL, 3, [check(3, False), check(2, True)])
    assert (score.evidenced, score.calibration, score.missed_at) == (2, "overconfident", 3)


def test_missing_every_probe_down_to_level_one_gives_zero() -> None:
    score = score_skill(SKILL, 3, [check(3, False), check(2, False), check(1, False)])
    assert score.evidenced == 0


def test_a_passed_stretch_check_marks_underconfidence_without_raising_the_level() -> None:
    score = score_skill(SKILL, 2, [check(2, True), check(3, True)])
    assert (score.evidenced, score.calibration, score.passed_above) == (2, "underconfident", 3)


def test_a_missed_stretch_check_leaves_a_consistent_rating() -> None:
    score = score_skill(SKILL, 2, [check(2, True), check(3, False)])
    assert (score.evidenced, score.calibration) == (2, "consistent")


def test_a_skipped_rating_counts_as_zero() -> None:
    score = score_skill(SKILL, None, [])
    assert (score.evidenced, score.calibration) == (0, "not-rated")


def test_overall_calibration_needs_a_quarter_of_verified_skills_to_lean() -> None:
    over = score_skill(SKILL, 3, [check(3, False), check(2, True)])
    fine = score_skill(SKILL, 2, [check(2, True)])
    assert overall_calibration([over, fine, fine, fine]) == "overconfident"
    assert overall_calibration([over, fine, fine, fine, fine]) == "consistent"
    assert overall_calibration([score_skill(SKILL, 1, [])]) == "unverified"


def test_all_zero_ratings_give_zero_readiness_and_every_requirement_as_a_gap(shipped: LoadedTaxonomy) -> None:
    taxonomy = shipped.taxonomy
    paths = score_paths(taxonomy, {s.id: 0 for s in taxonomy.skills})
    for scored in paths:
        assert scored.readiness == 0
        assert {g.skill.id for g in scored.gaps} == {r.skill for r in scored.path.requires}


def test_top_ratings_with_every_check_passed_give_full_readiness(shipped: LoadedTaxonomy) -> None:
    taxonomy = shipped.taxonomy
    top = taxonomy.top_level
    checks = [
        Check(skill=s.id, question=q.id, level=q.level, choice="a", correct=True)
        for s in taxonomy.skills
        for q in s.questions
        if q.level == top
    ]
    scores = score_skills(taxonomy, {s.id: top for s in taxonomy.skills}, checks)
    paths = score_paths(taxonomy, {k: v.evidenced for k, v in scores.items()})
    assert [p.readiness for p in paths] == [100.0] * len(taxonomy.paths)
    assert all(not p.gaps for p in paths)


def test_gaps_are_ranked_by_weight_times_shortfall(shipped: LoadedTaxonomy) -> None:
    paths = score_paths(shipped.taxonomy, {s.id: 1 for s in shipped.taxonomy.skills})
    for scored in paths:
        priorities = [g.priority for g in scored.gaps]
        assert priorities == sorted(priorities, reverse=True)
        assert all(g.priority == g.weight * (g.required - g.current) for g in scored.gaps)


def test_paths_are_sorted_best_first_and_can_be_narrowed(shipped: LoadedTaxonomy) -> None:
    evidenced = {"sql": 3, "data-modelling": 3, "data-pipelines": 3}
    paths = score_paths(shipped.taxonomy, evidenced)
    assert paths[0].path.id == "data-engineer"
    assert [p.path.id for p in score_paths(shipped.taxonomy, evidenced, ["ml-engineer"])] == ["ml-engineer"]


skill_ids = [s.id for s in TAXONOMY.skills]
levels = st.integers(min_value=0, max_value=TAXONOMY.top_level)
ratings_strategy = st.fixed_dictionaries(dict.fromkeys(skill_ids, levels))
# Check outcomes per skill and level, fixed while ratings change.
outcomes = st.dictionaries(
    st.tuples(st.sampled_from(skill_ids), st.integers(min_value=1, max_value=TAXONOMY.top_level)), st.booleans()
)


def checks_from(outcome: dict[tuple[str, int], bool]) -> list[Check]:
    return [
        Check(skill=sid, question=f"{sid}-{lvl}", level=lvl, choice="a", correct=ok)
        for (sid, lvl), ok in outcome.items()
    ]


def readiness(ratings: dict[str, int], outcome: dict[tuple[str, int], bool]) -> dict[str, float]:
    scores = score_skills(TAXONOMY, ratings, checks_from(outcome))
    return {p.path.id: p.readiness for p in score_paths(TAXONOMY, {k: v.evidenced for k, v in scores.items()})}


@settings(max_examples=200, deadline=None)
@given(ratings_strategy, outcomes)
def test_readiness_is_always_between_0_and_100(ratings: dict[str, int], outcome: dict) -> None:
    assert all(0 <= value <= 100 for value in readiness(ratings, outcome).values())


@settings(max_examples=200, deadline=None)
@given(ratings_strategy, outcomes, st.sampled_from(skill_ids))
def test_raising_one_rating_never_lowers_any_readiness(ratings: dict[str, int], outcome: dict, raised: str) -> None:
    before = readiness(ratings, outcome)
    higher = dict(ratings, **{raised: min(ratings[raised] + 1, TAXONOMY.top_level)})
    after = readiness(higher, outcome)
    assert all(after[p] >= before[p] for p in before)


@settings(max_examples=200, deadline=None)
@given(ratings_strategy, outcomes)
def test_gaps_are_exactly_the_required_skills_below_their_level(ratings: dict[str, int], outcome: dict) -> None:
    scores = score_skills(TAXONOMY, ratings, checks_from(outcome))
    evidenced = {k: v.evidenced for k, v in scores.items()}
    for scored in score_paths(TAXONOMY, evidenced):
        expected = {r.skill for r in scored.path.requires if evidenced[r.skill] < r.level}
        assert {g.skill.id for g in scored.gaps} == expected
        assert all(g.current == evidenced[g.skill.id] for g in scored.gaps)
