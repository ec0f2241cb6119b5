"""Write a valid taxonomy with N skills in the real format, for benchmarks.

    python benchmarks/make_taxonomy.py 10000 /tmp/big.yaml

Areas grow with N (one per 500 skills, at least three), every skill gets four level
descriptions, one resource and two questions (levels 1 and 3), about 650 bytes a skill, the
density of a real skills framework; there is one path per 200 skills (at least four, at most
50), each requiring 20 skills.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

LEVELS = [
    ("No exposure", "Has not studied or used this yet."),
    ("Novice", "Knows the basic terms and follows step-by-step instructions."),
    ("Advanced beginner", "Does routine tasks alone with references at hand."),
    ("Competent", "Plans and completes typical tasks independently."),
    ("Proficient", "Handles unfamiliar cases and guides others."),
]


def q(text: str) -> str:
    """A double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def make(n: int, seed: int = 7, *, per_level: int = 0) -> str:
    """The taxonomy's YAML; `per_level` > 0 gives every skill that many questions at each level
    1-4 instead of one at levels 1 and 3 (enough for a full quiz's final round to draw on)."""
    rng = random.Random(seed)
    areas = max(3, n // 500)
    out = [
        f"id: generated-{n}",
        'version: "1"',
        f"name: Generated taxonomy with {n} skills",
        "levels:",
    ]
    for number, (name, meaning) in enumerate(LEVELS):
        out += [f"  - level: {number}", f"    name: {name}", f"    meaning: {meaning}"]
    out.append("areas:")
    for a in range(areas):
        out += [f"  - id: area-{a}", f"    name: Area {a}", f"    description: Skills of kind {a}."]
    out.append("skills:")
    for s in range(n):
        sid = f"skill-{s}"
        out += [
            f"  - id: {sid}",
            f"    name: Skill number {s}",
            f"    area: area-{s % areas}",
            f"    description: What skill {s} is about, in one line of plain words.",
            "    sfia: [PROG]",
            "    levels:",
        ]
        for level in range(1, 5):
            out.append(f"      {level}: Does task {rng.randint(1, 999)} of skill {s} alone.")
        out += [
            "    resources:",
            f"      - {{title: Guide to skill {s}, url: 'https://example.org/s/{s}', why: The basics.}}",
            "    questions:",
        ]
        for level, qid in (
            [(lvl, f"{sid}-{lvl}-{k}") for lvl in range(1, 5) for k in range(per_level)]
            if per_level
            else [(1, f"{sid}-1"), (3, f"{sid}-3")]
        ):
            correct = rng.randrange(4)
            out += [
                f"      - id: {qid}",
                f"        level: {level}",
                f"        prompt: {q(f'Which is right for skill {s}?')}",
                "        options:",
            ]
            for o in range(4):
                out.append(f"          - {{text: Option {o}{', correct: true' if o == correct else ''}}}")
            out.append(f"        explanation: Option {correct} follows.")
    out.append("paths:")
    paths = min(50, max(4, n // 200))
    for p in range(paths):
        out += [f"  - id: path-{p}", f"    name: Path {p}", f"    description: Career path {p}.", "    requires:"]
        for sid in rng.sample(range(n), min(20, n)):
            out.append(f"      - {{skill: skill-{sid}, level: {rng.randint(1, 4)}, weight: {rng.randint(1, 5)}}}")
    return "\n".join(out) + "\n"


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    Path(sys.argv[2]).write_text(make(int(sys.argv[1])), encoding="utf-8")


if __name__ == "__main__":
    main()
