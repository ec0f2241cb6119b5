"""Calibration in simulation: cohorts with known mis-tagged items, calibrated, then held-out takers re-scored.

For each of the issue's four conditions (items as tagged; half of the level-3 items really level 2;
half of the level-2 items really level 3; every tag off by -1/0/+1 at random) a cohort of simulated
takers (benchmarks/simulate.py's, mostly honest, some over- and under-rating) runs the real quiz;
the first 100, 300 and 1,000 of them are calibrated (`documents.calibration.calibrate`, what
`skillcheck calibrate` runs), and held-out takers, honest and claiming the top level everywhere,
take the quiz again with the calibration choosing and reading their checks.

    python benchmarks/calibrate_sim.py                  # the run recorded in docs/scoring.md
    python benchmarks/calibrate_sim.py --cohort 300 --heldout 40   # quicker

Printed per condition and cohort size: mis-tagged items flagged, well-tagged items flagged (any
flag but "rare"), items too rarely answered to judge, and for the held-out takers the honest level
error, honest readiness minus what their true levels earn, max-claim minus honest readiness, and how
often the 80% readiness range holds the truth. The "tags" rows score without a calibration.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from simulate import BEHAVIOURS, MODELS, taker, true_readiness_by_path
from skillcheck.documents.calibration import calibrate
from skillcheck.documents.report import build_report
from skillcheck.measure.flow import new_assessment, run
from skillcheck.measure.quizplan import plan_quiz
from skillcheck.measure.scoring import Fitted
from skillcheck.taxonomy.load import load_taxonomy
from skillcheck.taxonomy.models import Assessment, Taxonomy, TaxonomyRef

CONDITIONS = ("as tagged", "half of level-3 really 2", "half of level-2 really 3", "every tag off by -1/0/+1")
# The cohort that is calibrated on: people rate themselves as people do (MEASUREMENT.md), not all honestly.
COHORT_MIX = (("honest", 0.6), ("modest (-1)", 0.2), ("claims +2", 0.15), ("claims top", 0.05))
REF = TaxonomyRef(id="skillcheck-default", version="sim", hash="sim")


def real_levels(taxonomy: Taxonomy, condition: str, rng: random.Random) -> dict[str, int]:
    """Each question's real level under the condition (a question missing from it is as tagged)."""
    top = taxonomy.top_level
    questions = [q for skill in taxonomy.skills for q in skill.questions]
    real = {q.id: q.level for q in questions}
    if condition.startswith("half of level-"):
        tagged, really = (3, 2) if "level-3" in condition else (2, 3)
        at = sorted(q.id for q in questions if q.level == tagged)
        for question_id in rng.sample(at, len(at) // 2):
            real[question_id] = really
    elif condition.startswith("every tag"):
        for q in questions:
            real[q.id] = min(top, max(1, q.level + rng.choice((-1, 0, 1))))
    return real


def take(
    taxonomy: Taxonomy,
    truth: dict[str, int],
    behaviour: str,
    real: dict[str, int],
    rng: random.Random,
    model: str,
    fitted: Fitted | None = None,
) -> Assessment:
    plan = replace(plan_quiz(taxonomy), fitted=fitted)
    assessment = new_assessment(plan, REF, seed=rng.randrange(2**31))
    ask = taker(truth, BEHAVIOURS[behaviour][0], MODELS[model], taxonomy.top_level, rng, real)
    return run(plan, assessment, ask, save=lambda _: None)


def person(taxonomy: Taxonomy, rng: random.Random) -> dict[str, int]:
    return {s.id: rng.randint(0, taxonomy.top_level) for s in taxonomy.skills}


def heldout_figures(
    taxonomy: Taxonomy, real: dict[str, int], fitted: Fitted | None, people: int, seed: str, model: str
) -> dict[str, float]:
    """Honest level error, honest readiness minus truth, max-claim minus honest, 80% range coverage."""
    rng = random.Random(seed)
    errors: list[int] = []
    versus_truth: list[float] = []
    max_claim: list[float] = []
    holds: list[bool] = []
    for _ in range(people):
        truth = person(taxonomy, rng)
        earned = true_readiness_by_path(taxonomy, truth)
        honest = build_report(take(taxonomy, truth, "honest", real, rng, model, fitted), taxonomy, REF, fitted=fitted)
        claims = build_report(
            take(taxonomy, truth, "claims top", real, rng, model, fitted), taxonomy, REF, fitted=fitted
        )
        errors.extend(abs(s["evidenced"] - truth[s["id"]]) for s in honest["skills"])
        honest_mean = statistics.fmean(p["readiness"] for p in honest["paths"])
        versus_truth.append(honest_mean - statistics.fmean(earned.values()))
        max_claim.append(statistics.fmean(p["readiness"] for p in claims["paths"]) - honest_mean)
        holds.extend(
            p["readiness_range"][0] - 0.5 <= earned[p["id"]] <= p["readiness_range"][1] + 0.5 for p in honest["paths"]
        )
    return {
        "level_error": statistics.fmean(errors),
        "readiness_vs_truth": statistics.fmean(versus_truth),
        "max_claim_minus_honest": statistics.fmean(max_claim),
        "worst_max_claim": max(max_claim),
        "range_holds": statistics.fmean(holds),
    }


def run_condition(args: tuple[str, int, tuple[int, ...], int, int, str]) -> list[str]:
    condition, _index, sizes, heldout, seed, model = args
    taxonomy = load_taxonomy(None).taxonomy
    real = real_levels(taxonomy, condition, random.Random(f"{seed}:{condition}:real"))
    mistagged = {qid for qid, level in real.items() if level != _tags(taxonomy)[qid]}
    well = set(real) - mistagged
    rng = random.Random(f"{seed}:{condition}:cohort")
    cohort: list[Assessment] = []
    names = [name for name, _ in COHORT_MIX]
    weights = [share for _, share in COHORT_MIX]
    for _ in range(max(sizes)):
        behaviour = rng.choices(names, weights)[0]
        cohort.append(take(taxonomy, person(taxonomy, rng), behaviour, real, rng, model))
    rows = []
    base = heldout_figures(taxonomy, real, None, heldout, f"{seed}:heldout", model)
    rows.append(_row(condition, "tags", None, base))
    for size in sizes:
        started = time.perf_counter()
        calibration, report = calibrate(cohort[:size], taxonomy, REF)
        seconds = time.perf_counter() - started
        flagged = {flag["question"] for flag in report["flags"] if flag["kind"] != "rare"}
        rare = {flag["question"] for flag in report["flags"] if flag["kind"] == "rare"}
        flags = {
            "mistagged": len(mistagged),
            "mistagged_flagged": len(flagged & mistagged) / len(mistagged) if mistagged else None,
            "well_flagged": len(flagged & well) / len(well),
            "rare": len(rare),
            "seconds": seconds,
        }
        figures = heldout_figures(taxonomy, real, calibration.fitted(), heldout, f"{seed}:heldout", model)
        rows.append(_row(condition, str(size), flags, figures))
    return rows


def _tags(taxonomy: Taxonomy) -> dict[str, int]:
    return {q.id: q.level for skill in taxonomy.skills for q in skill.questions}


def _row(condition: str, size: str, flags: dict[str, float | None] | None, figures: dict[str, float]) -> str:
    if flags is None:
        flagged = "| | | |"
    else:
        mis = flags["mistagged_flagged"]
        share = "" if mis is None else f"{100 * mis:.0f}% of {flags['mistagged']:.0f}"
        flagged = f"| {share} | {100 * (flags['well_flagged'] or 0):.1f}% | {flags['rare']:.0f} |"
    return (
        f"| {condition} | {size} {flagged} {figures['level_error']:.3f} | {figures['readiness_vs_truth']:+.1f} | "
        f"{figures['max_claim_minus_honest']:+.1f} (worst {figures['worst_max_claim']:+.1f}) | "
        f"{100 * figures['range_holds']:.0f}% |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cohort", type=int, nargs="+", default=[100, 300, 1000], help="cohort sizes to calibrate")
    parser.add_argument("--heldout", type=int, default=100, help="held-out takers per condition")
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--model", choices=sorted(MODELS), default="step")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    sizes = tuple(sorted(args.cohort))
    print(
        f"calibration simulation: {args.model} response model, cohorts of {', '.join(map(str, sizes))} "
        f"assessments ({', '.join(f'{int(100 * w)}% {n}' for n, w in COHORT_MIX)}), "
        f"{args.heldout} held-out takers per condition"
    )
    print()
    print(
        "| condition | calibrated on | mis-tagged flagged | well-tagged flagged | too rare to judge | "
        "honest level error | honest readiness minus truth | max-claim minus honest | 80% range holds truth |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    jobs = [(condition, i, sizes, args.heldout, args.seed, args.model) for i, condition in enumerate(CONDITIONS)]
    with ProcessPoolExecutor(args.workers) as pool:
        for rows in pool.map(run_condition, jobs):
            for row in rows:
                print(row, flush=True)


if __name__ == "__main__":
    main()
