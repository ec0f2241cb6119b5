"""The report document: what it says of each answer is what the person saw."""

from __future__ import annotations

import html

import pytest
from testfiles import render

from skillcheck.documents.report import build_report
from skillcheck.measure.flow import new_assessment
from skillcheck.measure.quizplan import plan_quiz
from skillcheck.output.formats import FORMATS, Context
from skillcheck.taxonomy.load import LoadedTaxonomy
from skillcheck.taxonomy.models import Rating


def missed_as_typed(shipped: LoadedTaxonomy, typed: str, seed: int) -> tuple[dict, str, str]:
    """A person shown python-1's options shuffled by `seed` types `typed`, a wrong option."""
    skill = shipped.taxonomy.skills_by_id["python"]
    question = skill.questions[0]
    order = question.shown_order(seed)
    choice = question.parse_shown(typed, order)
    assert choice is not None
    assessment = new_assessment(plan_quiz(shipped.taxonomy, skill_ids=["python"]), shipped.ref, seed=seed)
    check = question.answered("python", choice)
    done = assessment.model_copy(
        update={"answers": (Rating(skill="python", level=1), check), "taken_at": assessment.started_at}
    )
    report = build_report(done, shipped.taxonomy, shipped.ref)
    shown_key = question.shown_letter(question.correct_letter, order)
    assert shown_key is not None
    return report, choice, shown_key


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_a_missed_answer_is_named_by_the_letter_the_person_saw_and_typed(shipped: LoadedTaxonomy, seed: int) -> None:
    question = shipped.taxonomy.skills_by_id["python"].questions[0]
    order = question.shown_order(seed)
    typed = next(letter for letter in "abcd" if question.parse_shown(letter, order) != question.correct_letter)
    report, choice, shown_key = missed_as_typed(shipped, typed, seed)
    (missed,) = report["missed"]
    assert missed["your_answer"].startswith(f"{typed}) ")
    assert missed["correct_answer"].startswith(f"{shown_key}) ")
    # Scripts also get the letters as the taxonomy file writes them (what an answers file uses).
    assert missed["file_letters"] == {"yours": choice, "correct": question.correct_letter}
    for name, chosen in FORMATS["report"].items():
        if name == "json":
            continue
        output = chosen.render(report, Context(details=True))
        text = html.unescape(output if isinstance(output, str) else render(output, width=200))
        assert f"{typed}) " in text.split("Your answer")[1][:20], name


def test_the_shuffle_moves_letters_so_the_check_above_can_fail(shipped: LoadedTaxonomy) -> None:
    """Some seed shows python-1's options in another order than the file's."""
    question = shipped.taxonomy.skills_by_id["python"].questions[0]
    assert any(question.shown_order(seed) != tuple(range(4)) for seed in range(1, 7))
