"""Running a quiz against real I/O: the store, the terminal or a pipe, or an answers file.

This is the shell around quiz.py's pure flow: it decides whether to resume, wires the flow's
`save` to the draft on disk, and turns leaving (q, Ctrl-C, end of input) into a message and an
exit code. It never imports typer, so tests can call it directly.
"""

from __future__ import annotations

import json
import secrets
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from skillcheck.errors import ExitCode, SkillcheckError
from skillcheck.invoked import command
from skillcheck.measure.answersfile import answers_from_mapping
from skillcheck.measure.flow import QuizStopped, new_assessment, now_iso, rekeyed, run
from skillcheck.measure.quizplan import QuizPlan, plan_quiz
from skillcheck.measure.remeasure import carried_forward, keep_the_rest, replaced_by
from skillcheck.measure.scoring import fully_assessed
from skillcheck.safetext import escaped, quoted
from skillcheck.storage.store import Store, StoreError, load_assessment
from skillcheck.taxonomy.load import taken_with_another
from skillcheck.taxonomy.models import Assessment, Taxonomy, TaxonomyRef
from skillcheck.wording import counted


def _message(text: str) -> None:
    """A message about the session (not a result): stderr, one paragraph, unwrapped, escaped."""
    sys.stderr.write(escaped(text.rstrip()) + "\n")


def _given(assessment: Assessment | None, plan: QuizPlan) -> int:
    """What a person has entered in a quiz: its answers, and the goal when they chose it at its
    prompt (not with --goal): a quiz stopped just after choosing it is resumed, not asked again."""
    if assessment is None:
        return 0
    return len(assessment.answers) + (assessment.goal is not None and plan.goal is None)


def _resume_hint(store: Store, answered: int, plan: QuizPlan) -> str:
    if answered == 0:
        # Nothing to resume: name the same quiz, options and all, so it starts as this one did.
        options = [f"--path {p}" for p in plan.paths] + [f"--skill {s}" for s in plan.only]
        options += ["--quick"] if plan.quick else []
        options += [f"--goal {plan.goal}"] if plan.goal else []
        return f"Nothing was answered yet. Run `{command(' '.join(['quiz', *options]))}` to start again."
    where = store.draft_path
    return (
        f"Progress saved ({counted(answered, 'answer')}) in {where}. "
        f"Run `{command('quiz')}` to continue where you left off."
    )


def _store_completed(store: Store, completed: Assessment, *, from_draft: bool) -> Path:
    """Store a finished assessment; the goal it records becomes the person's goal."""
    saved = store.save_completed(completed, from_draft=from_draft)
    if completed.goal is not None:
        store.set_goal(completed.goal.path)
    return saved


class _DuplicateKey(Exception):  # noqa: N818 - turned into a SkillcheckError by its one caller
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refused when a key repeats: json keeps the last silently, YAML refuses."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _DuplicateKey(key)
        found[key] = value
    return found


def quiz_from_answers(plan: QuizPlan, ref: TaxonomyRef, store: Store, answers_file: Path) -> tuple[Path, list[str]]:
    """Run the quiz flow on an answers file and store the result like an interactive one.

    Returns where it was stored and warnings for stderr: the questions the flow asked that the
    file leaves blank (they count as skipped), and ratings of skills this quiz does not cover.
    """
    from skillcheck.taxonomy.load import read_file
    from skillcheck.taxonomy.yamlsafe import YamlError, decode, parse

    raw, source = read_file(answers_file, what="an answers file")
    try:
        text = decode(raw, source)
        data = (
            json.loads(text, object_pairs_hook=_unique_keys)
            if answers_file.suffix.lower() == ".json"
            else parse(text, source).data
        )
    except json.JSONDecodeError as exc:
        # json's messages end where the place would go ("Invalid control character at"): name it.
        where = exc.msg.removesuffix(" at")
        raise SkillcheckError(
            f"{source}:{exc.lineno}:{exc.colno}: not valid JSON ({where} at line {exc.lineno}, column {exc.colno})."
        ) from None
    except _DuplicateKey as exc:
        raise SkillcheckError(
            f"{source}: the key {quoted(exc.key)} appears twice in one mapping; keep one (a YAML answers "
            "file is refused the same way)."
        ) from None
    except YamlError as exc:
        raise SkillcheckError(exc.message) from None
    ask = answers_from_mapping(plan, data, source)
    if ask.goal is not None and plan.goal is None:  # --goal wins over the file's goal
        plan = replace(plan, goal=ask.goal)
    completed = run(plan, begin(plan, ref, store), ask, save=None, max_invalid=1)
    _, saved = finish(store, completed)
    warnings: list[str] = []
    covered = {skill.id for skill in plan.skills}
    if outside := sorted(set(ask.ratings) - covered):
        warnings.append(f"{source}: ignored ratings of skills this quiz does not cover: {', '.join(outside)}.")
    if ask.unanswered:
        warnings.append(
            f"{source}: the quiz asked {counted(len(ask.unanswered), 'question')} the file does not answer, "
            f"counted as skipped: {', '.join(ask.unanswered)}. Answer them in the file and run it "
            "again for a fuller estimate."
        )
    return saved, warnings


def _latest_like(store: Store, ref: TaxonomyRef, *, warn: str) -> tuple[Assessment | None, str | None]:
    """The latest readable stored assessment taken with this taxonomy (another taxonomy's answers
    mean nothing here), or None and why not; the latest is the last one stored. A later file that
    cannot be read is passed over with a warning that ends with `warn` (what that costs)."""
    files = store.completed()
    if not files:
        return None, "No earlier assessment to keep the other skills from."
    for path in reversed(files):
        try:
            previous = load_assessment(path, advise=False)  # the quiz is being taken: no advice to take it
        except StoreError as exc:
            # Said, never silent: its checks are not carried forward and its keys not retired.
            _message(f"skillcheck: warning: {exc.message} {warn}")
            continue
        if taken_with_another(previous.taxonomy, ref) is None:
            return previous, None
    return None, f"No earlier readable assessment with the taxonomy '{ref.id}' to keep the other skills from."


def begin(
    plan: QuizPlan,
    ref: TaxonomyRef,
    store: Store,
    *,
    seed: int | None = None,
    clock: Callable[[], str] = now_iso,
) -> Assessment:
    """A new assessment that starts from what earlier checks showed: their evidence carries
    forward and their questions are not asked again (docs/scoring.md). `clock` stamps when it
    began, which sets how far earlier evidence is widened (a simulation passes its own)."""
    previous, _ = _latest_like(
        store, ref, warn="Its answers are not carried into this quiz: it starts from the assessment stored before it."
    )
    fresh = new_assessment(plan, ref, seed=seed, earlier=carried_forward(previous, plan.only), clock=clock)
    # A re-measure knows from the start which ratings it sets aside, so its checks are chosen
    # against the rating the tendency was fitted on (estimate.rerated_prior), as the report reads them.
    return fresh.model_copy(update={"replaced": replaced_by(plan.only, previous)}) if plan.only else fresh


def finish(store: Store, completed: Assessment) -> tuple[Assessment, Path]:
    """Store a completed quiz (a re-measure completed with the rest): what was stored, and where."""
    whole = _with_the_rest(store, completed)
    return whole, _store_completed(store, whole, from_draft=False)


def _with_the_rest(store: Store, completed: Assessment) -> Assessment:
    """A quiz --skill assessment, completed with the other skills from the latest assessment
    taken with the same taxonomy.

    Without a readable earlier assessment it is stored as it is, covering only its own skills:
    the answers just given are never dropped.
    """
    if not completed.only:
        return completed
    previous, missing = _latest_like(
        store, completed.taxonomy, warn="The skills this quiz did not ask about are kept from the one stored before it."
    )
    if previous is None:
        _message(f"{missing} This assessment covers only {', '.join(completed.only)}.")
        return completed
    return keep_the_rest(completed, previous)


def _still_there(draft: Assessment, taxonomy: Taxonomy) -> tuple[str, ...]:
    """A resumed quiz --skill asks about the skills it named that the taxonomy still has."""
    known = {skill.id for skill in taxonomy.skills}
    return tuple(skill_id for skill_id in draft.only if skill_id in known)


def interactive_quiz(plan: QuizPlan, ref: TaxonomyRef, store: Store, *, restart: bool) -> ExitCode:
    """The quiz at a terminal, or one answer per line from a pipe. Returns how it ended."""
    from skillcheck.documents.report import when
    from skillcheck.output import streams
    from skillcheck.output.prompts import intro
    from skillcheck.output.terminal import MAX_INVALID_PIPED, PipeReader, ask_yes_no, make_ask, terminal_reader

    console = streams.console()
    is_tty = sys.stdin.isatty()
    read = terminal_reader(console) if is_tty else PipeReader(sys.stdin.buffer)
    echo = not is_tty
    taxonomy = plan.taxonomy

    with store.quiz_lock():
        store.remove_stray_temp_files()
        assessment: Assessment | None = None
        # --restart sets the draft aside before reading it: a damaged draft must not block it.
        if restart and (moved := store.set_draft_aside()) is not None:
            _message(f"Started over; the unfinished assessment was kept in {moved}.")
        draft = store.load_draft()
        if draft is not None and (other := taken_with_another(draft.taxonomy, ref)) is not None:
            raise SkillcheckError(
                f"{store.draft_path}: the unfinished quiz cannot be resumed here: {other} "
                f"Or `{command('quiz --restart')}` sets it aside (into abandoned/, nothing is deleted) and starts anew."
            )
        answered = _given(draft, plan)
        last = draft  # the latest state on disk, for the message if the person leaves
        try:
            if draft is not None and answered:
                changed = " (the taxonomy has changed since; answers still apply where skills remain)"
                question = (
                    f"You have an unfinished assessment from {when(draft.started_at)} with "
                    f"{counted(answered, 'answer')}"
                    f"{changed if draft.taxonomy.hash != ref.hash else ''}. Resume it? [Y/n, q to leave]"
                )
                resume = ask_yes_no(console, read, question, echo=echo)
                if resume is None:
                    raise QuizStopped(draft)
                if resume:
                    only = _still_there(draft, taxonomy)
                    # Paths removed from the taxonomy since are dropped, not an error half-way in.
                    kept = tuple(p for p in draft.paths if p in taxonomy.path_ids)
                    plan = plan_quiz(taxonomy, kept, quick=draft.quick, skill_ids=only, fitted=plan.fitted)
                    skills = tuple(skill.id for skill in plan.skills)
                    resumed = draft.model_copy(update={"taxonomy": ref, "skills": skills, "only": plan.only})
                    assessment = rekeyed(resumed, taxonomy)
                else:
                    moved = store.set_draft_aside()
                    _message(f"Starting a new assessment; the unfinished one was kept in {moved}.")
            if assessment is None:
                assessment = begin(plan, ref, store)
            store.save_draft(assessment)
            last = assessment
            console.print(intro(plan, resumed_answers=_given(assessment, plan)))

            def save(updated: Assessment) -> None:
                nonlocal last
                store.save_draft(updated)
                last = updated

            ask = make_ask(console, taxonomy, read, echo=echo)
            completed = run(
                plan,
                assessment,
                ask,
                save,
                max_invalid=None if is_tty else MAX_INVALID_PIPED,
                timer=time.monotonic if is_tty else None,  # a person's pace; piped input has none
                draw=lambda: secrets.randbelow(2**63),  # --quick's sample: unknown until every rating is in
            )
        except QuizStopped as stopped:
            _message(_resume_hint(store, _given(stopped.assessment, plan), plan))
            return ExitCode.OK
        except KeyboardInterrupt:
            _message("\nInterrupted. " + _resume_hint(store, _given(last, plan), plan))
            return ExitCode.INTERRUPTED
        except EOFError:
            _message("\nEnd of input. " + _resume_hint(store, _given(last, plan), plan))
            return ExitCode.INTERRUPTED
        completed = _with_the_rest(store, completed)
        saved = _store_completed(store, completed, from_draft=True)

    from skillcheck.documents.report import build_report
    from skillcheck.output.view import measure_rest, not_assessed

    result = build_report(completed, taxonomy, ref, fitted=plan.fitted)
    console.print()
    goal = next((p for p in result["paths"] if completed.goal and p["id"] == completed.goal.path), None)
    if goal is not None and not fully_assessed(goal["assessed"], goal["required"]):
        console.print(
            f"Done. Your goal, {goal['name']}: only {goal['assessed']} of its {goal['required']} skills were "
            f"assessed; {measure_rest(goal['id'], not_assessed(goal))} measures the rest.",
            markup=False,
        )
    elif goal is not None:
        hours = f", about {goal['hours_to_meet']:,} hours of study to go" if goal.get("hours_to_meet") else ""
        console.print(
            f"Done. Your goal, {goal['name']}: {goal['requirements_met']} of {len(goal['requires'])} "
            f"requirements likely met{hours}.",
            markup=False,
        )
    elif result["paths"]:
        best = result["paths"][0]
        if not fully_assessed(best["assessed"], best["required"]):
            console.print("Done. No career path is fully assessed: skills were skipped.", markup=False)
        else:
            console.print(f"Done. Closest path: {best['name']}, {best['readiness']:.0f}% ready.", markup=False)
    # A path is never broken, and never shown raw: SKILLCHECK_HOME can hold any character.
    console.print(f"Assessment saved to {escaped(str(saved))}", markup=False, soft_wrap=True)
    console.print(f"See the gaps and what to learn next: {command('report')}", markup=False)
    return ExitCode.OK
