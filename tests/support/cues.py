"""How much a test-wise guesser who knows nothing gains from the form of the options.

Each strategy returns, per item, the probability that it picks the key (ties split evenly), so
a bank's hit rate is exact rather than sampled. Chance is 1/4 with four options. The content
tests hold every strategy's bank-wide rate near chance (tests/test_content.py), and
benchmarks/simulate.py uses the same strategies for its option-cue guesser.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Sequence

from skillcheck.taxonomy.models import Question

# Options that are about the answer rather than an answer: people learn to avoid (or to pick) them.
META = re.compile(
    r"^(none\b|neither\b|both\b|no output|nothing\b|it depends|it raises|raises\b|an? \w*error\b|error\b|"
    r"the (code|program|query|script) (fails|raises|errors)|\w+error\b|\w+exception\b)",
    re.IGNORECASE,
)
# Pro-social vocabulary, fixed before the judgement items were read: a guesser who picks the option
# that sounds most cooperative.
PROSOCIAL = (
    "discuss", "talk", "agree", "together", "collaborat", "share", "ask", "listen", "explain", "help",
    "team", "respect", "thank", "openly", "constructive", "feedback", "acknowledg", "apologi", "transparen",
    "involve", "align", "clarif", "support", "invite", "pair", "meet", "calm", "empath", "understand",
)  # fmt: skip


def _pick(question: Question, chosen: Sequence[int]) -> float:
    """The chance of the key when guessing uniformly among `chosen` (all options if none)."""
    pool = list(chosen) or list(range(len(question.options)))
    return pool.count(question.correct_index) / len(pool)


def _lengths(question: Question) -> list[int]:
    return [len(option.text) for option in question.options]


def nth_longest(n: int) -> Callable[[Question], float]:
    """Pick the option whose length rank is n (1 = longest); ties share the rank."""

    def strategy(question: Question) -> float:
        ordered = sorted(set(_lengths(question)), reverse=True)
        if len(ordered) < n:
            return _pick(question, [])
        target = ordered[n - 1]
        return _pick(question, [i for i, length in enumerate(_lengths(question)) if length == target])

    return strategy


def drop_extremes(question: Question) -> float:
    """Drop a unique longest and a unique shortest option; guess among the rest."""
    lengths = _lengths(question)
    dropped = {lengths.index(value) for value in (max(lengths), min(lengths)) if lengths.count(value) == 1}
    return _pick(question, [i for i in range(len(lengths)) if i not in dropped])


def numbers(question: Question) -> list[float] | None:
    values = []
    for option in question.options:
        if not re.fullmatch(r"\s*[-+]?\$?[0-9][0-9,_]*(\.[0-9]+)?\s*%?\s*", option.text):
            return None
        values.append(float(re.sub(r"[^0-9.+-]", "", option.text)))
    return values


def numeric_middle(question: Question) -> float:
    """Where every option is a number, pick one of the two middle values."""
    values = numbers(question)
    if values is None or len(values) != 4:
        return _pick(question, [])
    ordered = sorted(range(4), key=lambda i: values[i])
    return _pick(question, ordered[1:3])


def avoid_meta(question: Question) -> float:
    """Never pick "None", "Both", "It raises an error" and the like."""
    return _pick(question, [i for i, o in enumerate(question.options) if not META.match(o.text.strip())])


def pick_meta(question: Question) -> float:
    """Always pick "None", "Both", "It raises an error" and the like where one is offered."""
    return _pick(question, [i for i, o in enumerate(question.options) if META.match(o.text.strip())])


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z][a-z0-9_]{3,}", text.casefold()))


def echo_stem(question: Question) -> float:
    """Pick the option that repeats most of the stem's words."""
    stem = _words(question.prompt)
    overlap = [len(stem & _words(option.text)) for option in question.options]
    return _pick(question, [i for i, value in enumerate(overlap) if value == max(overlap)])


def most_similar(question: Question) -> float:
    """Pick the option that shares most words with the others (the convergence cue: distractors
    written as variations of the key share its words). Found by a red-team trial: 33% right over
    3,730 answers, where a know-nothing is asked level-1 questions most."""
    words = [set(re.findall(r"[a-z0-9_]+", option.text.casefold())) for option in question.options]
    scores = [
        sum(len(mine & theirs) / (len(mine | theirs) or 1) for j, theirs in enumerate(words) if j != i)
        for i, mine in enumerate(words)
    ]
    return _pick(question, [i for i, value in enumerate(scores) if value == max(scores)])


def most_prosocial(question: Question) -> float:
    """Pick the option that sounds most cooperative."""
    scores = [sum(option.text.casefold().count(word) for word in PROSOCIAL) for option in question.options]
    return _pick(question, [i for i, value in enumerate(scores) if value == max(scores)])


STRATEGIES: dict[str, Callable[[Question], float]] = {
    "longest": nth_longest(1),
    "second-longest": nth_longest(2),
    "third-longest": nth_longest(3),
    "shortest": nth_longest(4),
    "drop-extremes": drop_extremes,
    "numeric-middle": numeric_middle,
    "avoid-meta": avoid_meta,
    "pick-meta": pick_meta,
    "echo-stem": echo_stem,
    "most-similar": most_similar,
}


def hit_rate(strategy: Callable[[Question], float], questions: Sequence[Question]) -> float:
    return sum(strategy(q) for q in questions) / len(questions)


# --- similarity across the bank ------------------------------------------------------------------


def _tokens(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9_]+", " ", text.casefold()).split()


def item_text(question: Question) -> str:
    """What a reader could carry from one item to another: stem, code, key and explanation."""
    code = question.code.text if question.code else ""
    return " ".join([question.prompt, code, question.options[question.correct_index].text, question.explanation])


def tfidf(texts: dict[str, str]) -> dict[str, dict[str, float]]:
    """Unigrams and bigrams, weighted by inverse document frequency, each vector of length 1."""
    grams: dict[str, list[str]] = {}
    for key, text in texts.items():
        words = _tokens(text)
        grams[key] = words + [f"{a} {b}" for a, b in itertools.pairwise(words)]
    frequency: dict[str, int] = {}
    for items in grams.values():
        for gram in set(items):
            frequency[gram] = frequency.get(gram, 0) + 1
    vectors: dict[str, dict[str, float]] = {}
    for key, items in grams.items():
        counts: dict[str, float] = {}
        for gram in items:
            counts[gram] = counts.get(gram, 0.0) + 1.0
        weights = {g: (1 + math.log(c)) * math.log((1 + len(texts)) / (1 + frequency[g])) for g, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors[key] = {g: w / norm for g, w in weights.items()}
    return vectors


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(gram, 0.0) for gram, weight in a.items())
