"""A re-measure (`quiz --skill`): the quizzed skills' new answers, every other skill kept as it was."""

from __future__ import annotations

from skillcheck.measure.scoring import assessed_skills
from skillcheck.taxonomy.models import Answer, Assessment, Check, EarlierCheck


def keep_the_rest(update: Assessment, previous: Assessment | None) -> Assessment:
    """A quiz on some skills (`only`), completed with every other skill's answers from `previous`.

    The other skills keep their ratings and checks exactly as they were; the quizzed skills'
    earlier answers move to `replaced`, so the new ones are the only evidence for them while the
    rating tendency stays the one the last full assessment learned (scoring.estimate_assessment),
    along a chain of re-measurements too.
    """
    if not update.only or previous is None:
        return update
    quizzed = set(update.only)
    kept = tuple(answer for answer in previous.answers if answer.skill not in quizzed)
    return update.model_copy(
        update={
            "answers": (*kept, *update.answers),
            "skills": tuple(dict.fromkeys([*assessed_skills(previous), *update.skills])),
            "paths": previous.paths,
            "goal": update.goal or previous.goal,
            "quick": previous.quick or update.quick,
            "name": update.name or previous.name,
            # Re-measured since the last full assessment: this run's skills and any earlier run's.
            "only": tuple(dict.fromkeys([*previous.only, *update.only])),
            "update_of": previous.id,
            "replaced": replaced_by(update.only, previous),
        }
    )


def replaced_by(only: tuple[str, ...], previous: Assessment | None) -> tuple[Answer, ...]:
    """The full assessment's answers a re-measure of `only` sets aside: `previous`'s own, and its
    answers of the skills quizzed now that no earlier run re-measured (those are set aside already)."""
    if not only or previous is None:
        return () if previous is None else previous.replaced
    quizzed = set(only)
    fresh = tuple(a for a in previous.answers if a.skill in quizzed and a.skill not in set(previous.only))
    return (*previous.replaced, *fresh)


def carried_forward(previous: Assessment | None, only: tuple[str, ...] = ()) -> tuple[EarlierCheck, ...]:
    """The earlier checks a new assessment starts from: `previous`'s own, and every check it
    holds of the skills the new one quizzes (all of them in a full retake), dated when
    `previous` was taken. A question carried once is carried once (the newest answer)."""
    if previous is None:
        return ()
    at = previous.taken_at or previous.started_at
    quizzed = set(only)
    new = [
        EarlierCheck(**check.model_dump(), at=at)
        for check in (*previous.answers, *previous.replaced)
        if isinstance(check, Check) and (not quizzed or check.skill in quizzed)
    ]
    merged: dict[str, EarlierCheck] = {}
    for check in (*previous.earlier, *new):
        merged.pop(check.question, None)
        merged[check.question] = check
    return tuple(merged.values())
