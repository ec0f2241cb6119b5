"""The time the quiz states against a simulated reader: is "about N minutes" honest?

A simulated person takes the real quiz flow (benchmarks/simulate.py's takers and response
model); the reader reads every screen actually shown at 200 words a minute, adds 4 s per line
of code and 3 s to answer (measure/pace.py's documented model). The stated time is what the
intro says before the first question. Target: stated within +-20% of the simulated reader.
The last column is how far the time left shown while the quiz runs is off, in minutes (shown
minus what the reader still takes, median), half way through the prompts and at nine tenths.

    python benchmarks/pace.py                  # 60 takers per behaviour and quiz kind
    python benchmarks/pace.py --takers 200
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from simulate import BEHAVIOURS, MODELS, taker
from skillcheck.measure import pace
from skillcheck.measure.flow import StepView, new_assessment, run, stated_minutes, step_seconds
from skillcheck.measure.quizplan import QuizPlan, plan_quiz
from skillcheck.taxonomy.load import load_taxonomy
from skillcheck.taxonomy.models import TaxonomyRef

KINDS = ("full", "quick", "goal only")


# Where in the quiz the time left is compared with what the reader still takes: shares of its prompts.
LEFT_AT = (0.5, 0.9)


def one_take(plan: QuizPlan, behaviour: str, rng: random.Random) -> tuple[float, float, list[float]]:
    """(seconds the simulated reader took, share of the check budget used, minutes the time left
    shown is off at each of LEFT_AT)."""
    taxonomy = plan.taxonomy
    top = taxonomy.top_level
    claim_rule, knows_nothing = BEHAVIOURS[behaviour]
    truth = {s.id: 0 if knows_nothing else rng.randint(0, top) for s in taxonomy.skills}
    taken: list[float] = []
    shown: list[int] = []

    answer = taker(truth, claim_rule, MODELS["smooth"], top, rng)

    def ask(view: StepView) -> str:
        taken.append(step_seconds(plan, view.step))
        shown.append(view.progress.seconds_left)
        return answer(view)

    ref = TaxonomyRef(id=taxonomy.id, version=taxonomy.version, hash="pace")
    done = run(plan, new_assessment(plan, ref, seed=rng.randrange(2**31)), ask, save=lambda _: None)
    off = [(shown[int(at * len(taken))] - sum(taken[int(at * len(taken)) :])) / 60 for at in LEFT_AT]
    return sum(taken), len(done.checks) / plan.check_budget, off


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--takers", type=int, default=60)
    args = parser.parse_args()
    taxonomy = load_taxonomy().taxonomy
    rng = random.Random(20261207)
    print(
        f"Reader: {pace.READING_WORDS_PER_MINUTE} words a minute, {pace.SECONDS_PER_CODE_LINE} s a line of code, "
        f"{pace.SECONDS_TO_ANSWER} s to answer; {args.takers} takers per row (smooth response model)."
    )
    print(
        f"{'quiz':<28} {'behaviour':<14} {'stated':>7} {'reader median':>14} {'p10-p90':>12} "
        f"{'stated/median':>14} {'budget used':>12} {'time left off at 1/2, 9/10':>27}"
    )
    for kind in KINDS:
        plans = (
            [plan_quiz(taxonomy, (career.id,)) for career in taxonomy.paths]
            if kind == "goal only"
            else [plan_quiz(taxonomy, quick=kind == "quick")]
        )
        for plan in plans:
            label = kind if kind != "goal only" else f"goal only: {plan.paths[0]}"
            for behaviour in ("honest", "modest (-1)", "claims +2"):
                runs = [one_take(plan, behaviour, rng) for _ in range(args.takers)]
                minutes = sorted(seconds / 60 for seconds, _, _ in runs)
                median = statistics.median(minutes)
                low, high = minutes[len(minutes) // 10], minutes[(9 * len(minutes)) // 10]
                used = statistics.fmean(share for _, share, _ in runs)
                off = " / ".join(f"{statistics.median(o[i] for _, _, o in runs):+.1f} m" for i in range(len(LEFT_AT)))
                stated = stated_minutes(plan)
                print(
                    f"{label:<28} {behaviour:<14} {stated:>5} m {median:>12.1f} m {low:>5.1f}-{high:<5.1f} "
                    f"{stated / median:>14.2f} {used:>12.2f} {off:>27}"
                )


if __name__ == "__main__":
    main()
