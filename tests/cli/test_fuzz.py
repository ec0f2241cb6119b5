"""Every reader of outside input, fuzzed: any input ends in a result or a clear error.

The readers: taxonomy YAML, answers files (YAML and JSON), stored assessments, drafts (and
resuming them), `team` inputs (reports and assessments), and what is typed or piped at a
prompt. Inputs are valid files with a few hostile edits (the edits a person or another tool
makes) and raw bytes. The rule for each: a value comes back, or a SkillcheckError with a
documented exit code; no other exception, no escape sequence in anything shown, and memory
bounded by a constant plus a multiple of the input's size. Time has a hang guard only
(Hypothesis' deadline of 10 s per input); that the cost grows linearly is measured in
benchmarks/bench.py.
"""

from __future__ import annotations

import copy
import io
import json
import tempfile
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from testfiles import MINI

from skillcheck.documents.jsondoc import to_json
from skillcheck.documents.report import build_report
from skillcheck.documents.team import _person, rows, summarise
from skillcheck.errors import ExitCode, SkillcheckError
from skillcheck.measure.flow import QuizStopped, interpret, new_assessment, next_step, run
from skillcheck.measure.quizplan import plan_quiz
from skillcheck.output.formats import FORMATS, Context
from skillcheck.output.terminal import PipeReader
from skillcheck.session import quiz_from_answers
from skillcheck.storage.store import Store, load_assessment
from skillcheck.taxonomy.load import LoadedTaxonomy, load_taxonomy, parse_taxonomy, taken_with_another
from skillcheck.taxonomy.models import Assessment, Check, Rating

FUZZ = settings(
    max_examples=250,
    deadline=timedelta(seconds=10),  # a hang guard only
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
DOCUMENTED = set(ExitCode)
ESCAPES = ("\x1b", "\x9b", "\x07", "\x08", "\x0c", "\x7f", "\u202e")
LOADED: LoadedTaxonomy = load_taxonomy(MINI)
TAXONOMY = LOADED.taxonomy
REF = LOADED.ref

# Text a hostile tester reaches for: escapes, bidi overrides, digits in other scripts, blanks,
# YAML's implicit types, and what looks like markup.
NASTY = [
    "\x1b[2J",
    "\x1b]52;c;ZXZpbA==\x07",
    "\x9b31m",
    "\u202eevil",
    "²",
    "①",
    "３",
    "٣",
    "\u200b",
    "\u00a0",
    "\ufeff",
    "",
    " ",
    "yes",
    "on",
    "~",
    "1.10",
    "12:30",
    "2026-11-26",
    "<<",
    "=",
    "[bold]x[/bold]",
    "<script>",
    "&amp;",
    "a" * 300,
]
texts = st.one_of(st.sampled_from(NASTY), st.text(max_size=30))
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    texts,
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)
# What a hand edit puts in a field, half of the time: the nasty texts, or a value of the wrong
# type or out of bounds.
edits = st.one_of(st.sampled_from([*NASTY, -5, 99, 7, True, False, None, "3", 1.5, 1e308, [], {}]), values)


@st.composite
def _path_in(draw: Callable[..., Any], data: Any) -> tuple[Any, ...]:
    """A path into `data`, walked from the top and stopping at each level with chance 1/3, so
    top-level fields (which every reader uses) are edited as often as deep ones."""
    path: tuple[Any, ...] = ()
    node = data
    while isinstance(node, dict | list) and node:
        key = draw(st.sampled_from(list(node.keys()) if isinstance(node, dict) else range(len(node))))
        path = (*path, key)
        node = node[key]
        if draw(st.integers(0, 2)) == 0:
            break
    return path


def mutated(document: Any) -> st.SearchStrategy[Any]:
    """`document` with one to four hostile edits: a value replaced, a key removed or added, an
    item duplicated (what a hand edit or another tool does)."""

    @st.composite
    def build(draw: Callable[..., Any]) -> Any:
        data = copy.deepcopy(document)
        for _ in range(draw(st.integers(1, 4))):
            path = draw(_path_in(data))
            if not path:
                continue
            parent = data
            for part in path[:-1]:
                parent = parent[part]
            key = path[-1]
            action = draw(st.sampled_from(["replace", "replace", "delete", "add", "duplicate"]))
            if action == "replace":
                parent[key] = draw(edits)
            elif action == "delete":
                del parent[key]
            elif action == "add" and isinstance(parent, dict):
                parent[draw(texts)] = draw(edits)
            elif action == "duplicate" and isinstance(parent, list):
                parent.append(copy.deepcopy(parent[key]))
        return data

    return build()


def raw_or(documents: st.SearchStrategy[Any]) -> st.SearchStrategy[bytes]:
    """A document as JSON bytes, or raw bytes (now and then cut short or with a stray byte)."""
    encoded = documents.map(lambda d: json.dumps(d, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    cut = st.tuples(encoded, st.integers(0, 10_000)).map(lambda pair: pair[0][: pair[1]])
    return st.one_of(encoded, encoded, encoded, encoded, cut, st.binary(max_size=300))


@contextmanager
def bounded(size: int) -> Iterator[None]:
    """Memory grows no faster than the input: at most 64 MiB plus 2 KiB per input byte."""
    tracemalloc.start()
    try:
        yield
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak <= 64 * 1024 * 1024 + 2048 * size, f"{peak:,} bytes for {size:,} bytes of input"


def clear_error(exc: SkillcheckError) -> None:
    assert exc.exit_code in DOCUMENTED
    assert exc.message.strip()
    assert "Traceback" not in exc.message


def shown(renderable: Any) -> str:
    out = io.StringIO()
    Console(file=out, width=80, color_system=None, force_terminal=False).print(renderable)
    return out.getvalue()


def no_escapes(text: str) -> None:
    assert not any(escape in text for escape in ESCAPES), repr(text[:300])


def every_format(report: Any) -> None:
    for name, chosen in FORMATS["report"].items():
        output = chosen.render(report, Context(warnings=("a warning",)))
        text = output if isinstance(output, str) else shown(output)
        if name != "json":  # JSON escapes control characters itself (\u001b), which is safe
            no_escapes(text)


def the_assessment() -> dict[str, Any]:
    assessment = new_assessment(plan_quiz(TAXONOMY), REF)
    answers = (
        Rating(skill="py", level=2),
        Check(skill="py", question="py-2", level=2, choice="b", correct=True),
        Check(skill="py", question="py-3", level=3, choice="a", correct=False),
        Rating(skill="git", level=1),
        Check(skill="git", question="git-1", level=1, choice=None, correct=False, dont_know=True),
        Rating(skill="stats", level=None),
    )
    done = assessment.model_copy(update={"answers": answers, "taken_at": assessment.started_at, "name": "Ada"})
    return json.loads(done.model_dump_json())


ASSESSMENT = the_assessment()
REPORT = json.loads(to_json(build_report(Assessment.model_validate(ASSESSMENT), TAXONOMY, REF)))


# --- taxonomy YAML -----------------------------------------------------------------------------

MINI_LINES = MINI.read_text().splitlines(keepends=True)
YAML_TOKENS = [*NASTY, "!!binary x", "!!python/object:os.system x", "&a x", "*a", "[", "{", "'", '"', "\t", "0x1F"]


@st.composite
def taxonomy_files(draw: Callable[..., Any]) -> bytes:
    lines = list(MINI_LINES)
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["value", "value", "delete", "duplicate", "tab", "cut"]))
        line = lines[index]
        if action == "value" and ": " in line:
            head = line.split(": ", 1)[0]
            lines[index] = f"{head}: {draw(st.sampled_from(YAML_TOKENS) | texts)}\n"
        elif action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, line)
        elif action == "tab":
            lines[index] = "\t" + line.lstrip(" ")
        elif action == "cut":
            lines[index] = line[: draw(st.integers(0, len(line)))]
        if not lines:
            break
    return "".join(lines).encode("utf-8", "surrogatepass")


@FUZZ
@given(st.one_of(taxonomy_files(), st.binary(max_size=400)))
def test_any_taxonomy_file_loads_or_is_refused_clearly(raw: bytes) -> None:
    with bounded(len(raw)):
        try:
            loaded = parse_taxonomy(raw, "t.yaml")
        except SkillcheckError as exc:
            clear_error(exc)
            return
    plan = plan_quiz(loaded.taxonomy)
    assert next_step(plan, new_assessment(plan, REF)) is not None


# --- answers files -----------------------------------------------------------------------------

skill_keys = st.one_of(st.sampled_from([s.id for s in TAXONOMY.skills]), texts)
question_keys = st.one_of(st.sampled_from([q.id for s in TAXONOMY.skills for q in s.questions]), texts)
answers_data = st.one_of(
    st.fixed_dictionaries(
        {
            "ratings": st.dictionaries(skill_keys, st.one_of(st.integers(-2, 12), scalars), max_size=5),
            "answers": st.dictionaries(question_keys, st.one_of(st.sampled_from("abcdiI"), scalars), max_size=8),
        }
    ),
    values,
)


@FUZZ
@given(answers_data, st.sampled_from(["json", "yaml", "bytes"]), st.binary(max_size=200))
def test_any_answers_file_completes_a_quiz_or_is_refused_clearly(data: Any, kind: str, junk: bytes) -> None:
    if kind == "json":
        raw = json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass")
    elif kind == "yaml":
        raw = yaml.safe_dump(data, allow_unicode=True).encode("utf-8", "surrogatepass")
    else:
        raw = junk
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / f"answers.{'json' if kind == 'json' else 'yaml'}"
        path.write_bytes(raw)
        store = Store(Path(work) / "home")
        with bounded(len(raw)):
            try:
                saved, _ = quiz_from_answers(plan_quiz(TAXONOMY), REF, store, path)
            except SkillcheckError as exc:
                clear_error(exc)
                return
        assert load_assessment(saved).complete


# --- stored assessments and drafts -------------------------------------------------------------


def read_stored(raw: bytes, *, draft: bool = False) -> Assessment | None:
    with tempfile.TemporaryDirectory() as work:
        store = Store(Path(work))
        path = store.draft_path if draft else Path(work) / "a.json"
        path.write_bytes(raw)
        with bounded(len(raw)):
            try:
                return store.load_draft() if draft else load_assessment(path)
            except SkillcheckError as exc:
                clear_error(exc)
                return None


@FUZZ
@given(raw_or(mutated(ASSESSMENT)))
def test_any_stored_assessment_is_reported_in_every_format_or_refused_clearly(raw: bytes) -> None:
    assessment = read_stored(raw)
    if assessment is None or taken_with_another(assessment.taxonomy, REF) is not None:
        return
    every_format(build_report(assessment, TAXONOMY, REF))


@FUZZ
@given(raw_or(mutated({**ASSESSMENT, "taken_at": None})), st.lists(texts, max_size=6))
def test_any_draft_resumes_or_is_refused_clearly(raw: bytes, typed: list[str]) -> None:
    draft = read_stored(raw, draft=True)
    if draft is None or taken_with_another(draft.taxonomy, REF) is not None:
        return
    known = {career.id for career in TAXONOMY.paths}
    plan = plan_quiz(TAXONOMY, tuple(p for p in draft.paths if p in known), quick=draft.quick)
    answers = iter([*typed, "q"])
    try:
        run(plan, draft, lambda view: next(answers), lambda _: None, max_invalid=25)
    except QuizStopped:
        pass
    except SkillcheckError as exc:
        clear_error(exc)


# --- team inputs -------------------------------------------------------------------------------


@FUZZ
@given(st.one_of(raw_or(mutated(REPORT)), raw_or(mutated(ASSESSMENT))))
def test_any_team_input_is_a_person_or_a_file_skipped_with_a_reason(raw: bytes) -> None:
    from skillcheck.output.render import team_view

    with bounded(len(raw)):
        person, reason = _person(Path("in\x1b[2J.json"), raw, TAXONOMY, REF)
    if person is None:
        assert reason
        return
    summary = summarise([person], [], TAXONOMY)
    list(rows([person]))
    json.dumps(summary)
    no_escapes(shown(team_view(summary, TAXONOMY)))


# --- typed and piped input ---------------------------------------------------------------------


@FUZZ
@given(st.lists(st.one_of(texts, st.sampled_from(["0", "1", "2", "3", "a", "b", "i", "s", "<", "?"])), max_size=30))
def test_anything_typed_moves_the_quiz_on_asks_again_or_stops_cleanly(typed: list[str]) -> None:
    plan = plan_quiz(TAXONOMY)
    lines = iter(typed)

    def ask(view: Any) -> str:
        interpret(view.step, "x", top_level=TAXONOMY.top_level)  # any step takes any text
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    try:
        done = run(plan, new_assessment(plan, REF), ask, lambda _: None, max_invalid=25)
    except (EOFError, QuizStopped):
        return
    except SkillcheckError as exc:
        clear_error(exc)
        return
    Assessment.model_validate_json(done.model_dump_json())  # what the quiz stores reads back


@FUZZ
@given(st.binary(max_size=600))
def test_any_piped_bytes_move_the_quiz_on_or_stop_cleanly(raw: bytes) -> None:
    plan = plan_quiz(TAXONOMY)
    read = PipeReader(io.BytesIO(raw))
    with bounded(len(raw)):
        try:
            run(plan, new_assessment(plan, REF), lambda view: read(), lambda _: None, max_invalid=25)
        except (EOFError, QuizStopped):
            pass
        except SkillcheckError as exc:
            clear_error(exc)


@pytest.mark.parametrize("size", [1024 * 1024, 8 * 1024 * 1024])
def test_a_long_piped_line_is_read_in_bounded_memory(size: int) -> None:
    read = PipeReader(io.BytesIO(b"x" * size + b"\n2\n"))
    with bounded(0):
        assert read() != "2"
        assert read() == "2"
