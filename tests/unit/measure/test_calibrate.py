"""Item calibration: the fit finds planted faults, and scoring reads fitted items as the model says."""

from __future__ import annotations

import math
import random
from typing import Any

import pytest

from skillcheck.measure import calibrate
from skillcheck.measure.calibrate import (
    PROFILE_START,
    PROFILE_STEP,
    Fit,
    ItemFit,
    ItemInfo,
    Unit,
    fit_and_flag,
    fit_items,
    item_flags,
    level_places,
)
from skillcheck.measure.estimate import SLIP, STEEPNESS, Response, likelihood, response_likelihood

TOP = 4


def _p_right(level: int, real: float, options: int = 4) -> float:
    guess = 1 / options
    knows = 1 / (1 + math.exp(-STEEPNESS * (level + 0.5 - real)))
    return knows * (1 - SLIP) + (1 - knows) * guess


def _cohort(people: int, seed: int) -> tuple[list[ItemInfo], list[Unit], str, str]:
    """Four items per level of one skill; one tagged 3 is really level 1, one level-2 item is keyed wrong."""
    items = [ItemInfo(f"q{level}{k}", "s", level, 4) for level in range(1, TOP + 1) for k in range(4)]
    mistagged, miskeyed = "q30", "q21"
    rng = random.Random(seed)
    units = []
    for number in range(people):
        level = rng.randint(0, TOP)
        answers = []
        for index, item in enumerate(items):
            real = 1 if item.id == mistagged else item.level
            right = rng.random() < _p_right(level, real)
            if item.id == miskeyed:
                # The key names a wrong option: those who know pick the real answer and are marked wrong.
                knows = rng.random() < 1 / (1 + math.exp(-STEEPNESS * (level + 0.5 - real)))
                right = (not knows) and rng.random() < 0.25
            answers.append((index, right))
        units.append(Unit(number, 0, level, tuple(answers)))
    return items, units, mistagged, miskeyed


def test_item_fit_flags_the_planted_mistagged_item_and_the_wrong_key_and_nothing_else() -> None:
    items, units, mistagged, miskeyed = _cohort(300, seed=7)
    fit = fit_items(TOP, items, 1, units)
    flags = item_flags(items, fit.items)
    found = {(items[flag.item].id, flag.kind) for flag in flags}
    assert (mistagged, "level") in found
    assert (miskeyed, "discrimination") in found
    assert {item for item, _ in found} <= {mistagged, miskeyed}
    assert fit.items[items.index(next(i for i in items if i.id == mistagged))].difficulty < 2.0


def test_an_item_with_few_answers_stays_near_its_tag_and_is_called_too_rare_to_judge() -> None:
    items, units, mistagged, _ = _cohort(8, seed=3)
    fit = fit_items(TOP, items, 1, units)
    index = next(i for i, item in enumerate(items) if item.id == mistagged)
    assert abs(fit.items[index].difficulty - 3) < 1.0  # shrunk towards the tag on eight answers
    assert {flag.kind for flag in item_flags(items, fit.items)} == {"rare"}


def test_an_item_read_at_its_tag_with_the_model_slope_gives_the_tag_likelihood() -> None:
    for level in range(1, TOP + 1):
        for outcome in ("right", "wrong", "unknown"):
            tagged = Response(level, 4, outcome)
            fitted = Response(level, 4, outcome, difficulty=float(level), slope=1.0)
            assert response_likelihood(TOP, fitted) == pytest.approx(response_likelihood(TOP, tagged), abs=1e-12)


def test_a_fitted_difficulty_below_the_tag_credits_a_right_answer_to_lower_levels() -> None:
    tagged = likelihood(TOP, [Response(3, 4, "right")])
    easier = likelihood(TOP, [Response(3, 4, "right", difficulty=2.0)])
    assert easier[2] > tagged[2]


def test_a_flat_slope_carries_no_evidence() -> None:
    assert likelihood(TOP, [Response(3, 4, "right", difficulty=3.0, slope=0.0)]) == pytest.approx((1.0,) * (TOP + 1))


def test_item_fit_calls_a_cue_where_people_far_below_a_question_answer_it_well_above_chance() -> None:
    items = [ItemInfo(f"q{level}{k}", "s", level, 4) for level in range(1, TOP + 1) for k in range(4)]
    cued = "q41"
    rng = random.Random(11)
    units = []
    for number in range(300):
        level = rng.randint(0, TOP)
        answers = []
        for index, item in enumerate(items):
            # The wording gives the answer away to most who read it, whatever they know.
            p = 0.8 if item.id == cued and level < item.level else _p_right(level, item.level)
            answers.append((index, rng.random() < p))
        units.append(Unit(number, 0, level, tuple(answers)))
    fit = fit_items(TOP, items, 1, units)
    flags = {(items[flag.item].id, flag.kind) for flag in item_flags(items, fit.items)}
    assert (cued, "cue") in flags
    assert {item for item, kind in flags if kind == "cue"} == {cued}


def _fitted_at(peak: float, answers: int = 40) -> ItemFit:
    """An item whose answers point to `peak`, give or take 0.16 (about 40 answers)."""
    grid = [PROFILE_START + PROFILE_STEP * j for j in range(round((TOP + 1.5 - PROFILE_START) / PROFILE_STEP) + 1)]
    return ItemFit(
        peak, 1.0, 0.16, 0.1, answers, answers, answers // 2, 0.3, profile=tuple(-20 * (g - peak) ** 2 for g in grid)
    )


def test_a_level_half_of_whose_items_moved_does_not_drag_the_next_level_into_flags() -> None:
    # The scale bent: the level-3 items fit from 2.2 to 2.9, the level-2 items that are really level 3
    # fit with them (2.7), the rest of level 2 at 2.0. Read against level 3's place, not the tag 3.
    spread = [2.2, 2.3, 2.4, 2.5, 2.5, 2.6, 2.7, 2.8, 2.9]
    items = [ItemInfo(f"q3{k}", "s", 3, 4) for k in range(len(spread))]
    items += [ItemInfo(f"q2{k}", "s", 2, 4) for k in range(8)]
    fits = [_fitted_at(peak) for peak in spread] + [_fitted_at(2.0)] * 4 + [_fitted_at(2.7)] * 4
    places, _, _ = level_places(items, fits)
    assert 2.3 < places[3] < 2.7 and places[2] == pytest.approx(2.0)
    flagged = {items[flag.item].id for flag in item_flags(items, fits) if flag.kind == "level"}
    assert flagged == {"q24", "q25", "q26", "q27"}


def test_a_prior_centred_at_another_level_draws_an_item_s_fitted_difficulty_towards_it() -> None:
    items, units, mistagged, _ = _cohort(40, seed=7)
    index = next(i for i, item in enumerate(items) if item.id == mistagged)
    at_tag = fit_items(TOP, items, 1, units).items[index].difficulty
    at_found = fit_items(TOP, items, 1, units, centres={index: 1.0}).items[index].difficulty
    assert at_found < at_tag


def test_levels_are_judged_again_with_the_items_found_mislevelled_put_at_the_level_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    items, units, mistagged, miskeyed = _cohort(300, seed=7)
    first = fit_items(TOP, items, 1, units)
    centred: list[dict[int, float]] = []

    def spy(*args: Any, centres: dict[int, float] | None = None, **kwargs: Any) -> Fit:
        centred.append(dict(centres or {}))
        return fit_items(*args, centres=centres, **kwargs)

    monkeypatch.setattr(calibrate, "fit_items", spy)
    fit, flags = fit_and_flag(TOP, items, 1, units)
    index = items.index(next(i for i in items if i.id == mistagged))
    assert len(centred) >= 2 and centred[0] == {} and centred[1].get(index) == 1.0
    levelled = {items[flag.item].id: flag.evidence["fitted_level"] for flag in flags if flag.kind == "level"}
    assert levelled.get(mistagged) == 1  # still judged against its tag 3, and found at 1 again
    # Every flag quotes the difficulty the calibration file holds: the first fit's.
    for flag in flags:
        if flag.kind == "level":
            assert flag.evidence["difficulty"] == round(first.items[flag.item].difficulty, 2)
    # The calibration and the other kinds of flag are the first fit's.
    assert fit == first
    others = [(flag.item, flag.kind) for flag in item_flags(items, first.items) if flag.kind != "level"]
    assert [(flag.item, flag.kind) for flag in flags if flag.kind != "level"] == others
    assert (items.index(next(i for i in items if i.id == miskeyed)), "discrimination") in others


def test_with_no_item_found_mislevelled_the_flags_are_the_single_fit_s() -> None:
    items, units, mistagged, miskeyed = _cohort(300, seed=7)
    faulty = {i for i, item in enumerate(items) if item.id in (mistagged, miskeyed)}
    # The faulty items' answers dropped: nothing is left to find.
    kept = [Unit(u.assessment, u.skill, u.claim, tuple(a for a in u.answers if a[0] not in faulty)) for u in units]
    single = fit_items(TOP, items, 1, kept)
    fit, flags = fit_and_flag(TOP, items, 1, kept)
    assert fit == single
    assert {flag.kind for flag in flags} == {"rare"}
    assert [(f.item, f.kind) for f in flags] == [(f.item, f.kind) for f in item_flags(items, single.items)]


def test_an_item_is_not_called_mislevelled_while_its_likeliest_difficulty_is_nearer_its_own_level() -> None:
    grid = [PROFILE_START + PROFILE_STEP * j for j in range(round((TOP + 1.5 - PROFILE_START) / PROFILE_STEP) + 1)]

    def lopsided(peak: float) -> ItemFit:
        # Falls slowly below the peak and steeply above it: far likelier at 2 than at 3 either way.
        profile = tuple(-2 * (peak - g) if g <= peak else -40 * (g - peak) for g in grid)
        return ItemFit(peak, 1.0, 0.1, 0.1, 200, 200, 100, 0.3, profile=profile)

    items = [ItemInfo(f"q{level}{k}", "s", level, 4) for level in (2, 3) for k in range(4)]
    items.append(ItemInfo("q3x", "s", 3, 4))
    fits = [_fitted_at(2.0)] * 4 + [_fitted_at(3.0)] * 4
    assert [items[f.item].id for f in item_flags(items, [*fits, lopsided(2.4)]) if f.kind == "level"] == ["q3x"]
    assert not [f for f in item_flags(items, [*fits, lopsided(2.6)]) if f.kind == "level"]


def test_the_same_ratio_that_flags_an_item_on_forty_answers_does_not_on_four_hundred() -> None:
    # A curve not quite the model's grows every item's ratio with its answers; the bar grows too.
    grid = [PROFILE_START + PROFILE_STEP * j for j in range(round((TOP + 1.5 - PROFILE_START) / PROFILE_STEP) + 1)]
    profile = tuple(-10 * (g - 2.3) ** 2 for g in grid)  # e^4 likelier at level 2's place than at 3's

    def judged(answers: int) -> list[str]:
        items = [ItemInfo(f"q{level}{k}", "s", level, 4) for level in (2, 3) for k in range(4)]
        items.append(ItemInfo("q3x", "s", 3, 4))
        fits = [_fitted_at(2.0)] * 4 + [_fitted_at(3.0)] * 4
        fits.append(ItemFit(2.3, 1.0, 0.1, 0.1, answers, answers, answers // 2, 0.3, profile=profile))
        return [items[f.item].id for f in item_flags(items, fits) if f.kind == "level"]

    assert judged(40) == ["q3x"]
    assert judged(400) == []
