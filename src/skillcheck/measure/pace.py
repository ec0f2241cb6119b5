"""How long a quiz takes a person: a reading model of each screen, then the person's own pace.

The model reads the words a prompt shows at READING_WORDS_PER_MINUTE, adds time to trace each
line of code, and a few seconds to decide and type. Once answers come in, the time each one
took (measured by the session, kept in the assessment) scales the model to this person. Pure:
the clock is passed in by the caller. docs/scoring.md ("How long the quiz takes") has the basis.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from statistics import fmean

from skillcheck.taxonomy.models import Pace, Question, Skill, Taxonomy

READING_WORDS_PER_MINUTE = 200  # an unhurried adult reading technical prose on a screen
SECONDS_PER_CODE_LINE = 4  # tracing what a line does, on top of reading it
SECONDS_TO_ANSWER = 3  # deciding and typing once the screen is read
# The words of the prompt line and the keys' reminder on every screen.
WORDS_OF_CHROME = 12
# The model's seconds a person's measured pace must outweigh: about three prompts' worth.
PACE_PRIOR_SECONDS = 75.0
# The share of the check budget a quiz uses on average (a skill's checks stop once a level is
# likely, and the final round once every level is clear): 0.7-0.9 of a full quiz's, and a quick
# quiz uses all of its few (benchmarks/pace.py).
USED_SHARE = {False: 0.8, True: 1.0}
# ... and, for the time left while a full quiz runs, of each of its parts: the skill-by-skill pass
# uses nearly all of its share, the final round 0.1-0.5 of its own (honest takers the least).
MAIN_USED_SHARE = 0.95
FINAL_USED_SHARE = 0.35
# A prompt left open longer than this was a break, not reading: counted at this much.
LONGEST_PROMPT_SECONDS = 300.0


def words(text: str) -> int:
    return len(re.findall(r"\S+", text))


def rating_seconds(skill: Skill, taxonomy: Taxonomy) -> float:
    """Reading a skill's name, description and every level's description, then choosing."""
    shown = [skill.name, skill.description]
    for level in taxonomy.levels:
        shown += [level.name, level.meaning if level.level == 0 else skill.levels.get(level.level, "")]
    return _seconds(sum(words(text) for text in shown) + WORDS_OF_CHROME, 0)


def check_seconds(question: Question) -> float:
    """Reading a check's stem and options and tracing its code, then answering."""
    shown = words(question.prompt) + sum(words(option.text) for option in question.options)
    lines = len(question.code.text.strip().splitlines()) if question.code is not None else 0
    return _seconds(shown + WORDS_OF_CHROME, lines)


def goal_seconds(taxonomy: Taxonomy) -> float:
    return _seconds(sum(words(career.name) for career in taxonomy.paths) + 40 + WORDS_OF_CHROME, 0)


def _seconds(word_count: int, code_lines: int) -> float:
    return word_count * 60 / READING_WORDS_PER_MINUTE + code_lines * SECONDS_PER_CODE_LINE + SECONDS_TO_ANSWER


def mean_check_seconds(skills: Iterable[Skill]) -> float:
    """What one check of these skills takes on average, over their questions."""
    times = [check_seconds(q) for skill in skills for q in skill.questions]
    return fmean(times) if times else _seconds(60, 0)


def factor(pace: Pace | None) -> float:
    """How much slower (above 1) or faster than the model this person reads, from their answers."""
    if pace is None:
        return 1.0
    return (pace.seconds + PACE_PRIOR_SECONDS) / (pace.expected + PACE_PRIOR_SECONDS)


def record(pace: Pace | None, elapsed: float, expected: float) -> Pace:
    """`pace` with one more answered prompt: how long it took, and how long the model expected."""
    before = pace or Pace()
    taken = min(max(elapsed, 0.0), LONGEST_PROMPT_SECONDS)
    return Pace(seconds=before.seconds + taken, expected=before.expected + expected, prompts=before.prompts + 1)
