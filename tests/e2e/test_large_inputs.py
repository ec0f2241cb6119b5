"""Large inputs: work linear in the input and bounded by what the taxonomy allows."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from testfiles import ESCAPES, MINI, ROOT, skillcheck, stored

from skillcheck.storage.store import load_assessment
from skillcheck.taxonomy.load import LoadedTaxonomy
from skillcheck.taxonomy.models import Assessment

# --- large inputs: linear and bounded by what the taxonomy allows --------------------------------


def benchmark_helpers() -> Any:
    """benchmarks/bench.py, whose generator of large assessments the tests share."""
    import importlib.util

    if "skillcheck_bench" in sys.modules:
        return sys.modules["skillcheck_bench"]
    path = ROOT / "benchmarks" / "bench.py"
    sys.path.insert(0, str(path.parent))  # bench.py imports make_taxonomy beside it
    try:
        spec = importlib.util.spec_from_file_location("skillcheck_bench", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["skillcheck_bench"] = module  # dataclasses look their module up by name
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
    return module


def test_a_15_mib_assessment_of_one_check_repeated_is_refused_as_it_is_read(tmp_path: Path) -> None:
    large_assessment = benchmark_helpers().large_assessment

    path = tmp_path / "big.json"
    path.write_bytes(large_assessment(15, repeated=True))
    assert 14 * 1024 * 1024 < path.stat().st_size < 16 * 1024 * 1024
    result = skillcheck("report", "--from", str(path))  # hang guard: 120 s, for what takes about one
    assert result.returncode == 2
    assert "answers the question 'python-1' a second time" in result.stderr


def test_the_work_of_a_report_is_bounded_by_the_taxonomy_not_by_the_file(
    shipped: LoadedTaxonomy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    large_assessment = benchmark_helpers().large_assessment

    from skillcheck.documents.report import build_report
    from skillcheck.measure import scoring

    # What the estimator is handed is the work: count the responses that reach it, per call.
    handed: list[int] = []
    real = scoring.estimate_all

    def counted(top: int, claims: Any, responses: Any, **kwargs: Any) -> Any:
        handed.append(sum(len(r) for r in responses.values()))
        return real(top, claims, responses, **kwargs)

    monkeypatch.setattr(scoring, "estimate_all", counted)
    # Over 20,000 checks of questions the taxonomy lacks, and one check of every real Python question.
    data = json.loads(large_assessment(4, repeated=False))
    python = shipped.taxonomy.skills_by_id["python"]
    data["answers"] += [
        {"kind": "check", "skill": "python", "question": q.id, "level": q.level, "choice": "a", "correct": False}
        for q in python.questions
    ]
    path = tmp_path / "big.json"
    path.write_text(json.dumps(data))
    assessment = load_assessment(path)
    assert len(assessment.checks) > 20_000
    build_report(assessment, shipped.taxonomy, shipped.ref)
    assert handed, "the report did not reach the estimator: the count measures nothing"
    assert max(handed) == len(python.questions)


def test_an_assessment_that_indented_would_pass_the_cap_is_saved_so_that_it_loads(
    mini: LoadedTaxonomy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from skillcheck.storage import store as store_module
    from skillcheck.storage.store import Store

    assessment = Assessment.model_validate(stored(mini))
    compact = len(assessment.model_dump_json()) + 1
    monkeypatch.setattr(store_module, "MAX_DOCUMENT_BYTES", compact + 10)
    saved = Store(tmp_path / "home").save_completed(assessment, from_draft=False)
    assert load_assessment(saved) == assessment
    # A draft leaves out whether each check was right, so it is smaller than the stored file.
    draft = len(assessment.model_dump_json(exclude=store_module._DRAFT_EXCLUDE)) + 1
    monkeypatch.setattr(store_module, "MAX_DOCUMENT_BYTES", draft - 10)
    with pytest.raises(Exception, match="grown past"):
        Store(tmp_path / "home").save_draft(assessment)


def test_file_names_with_escape_sequences_reach_no_output_raw(mini: LoadedTaxonomy, tmp_path: Path) -> None:
    evil = "\x1b]52;c;ZXZpbA==\x07\x1b[2J"
    taxonomy = tmp_path / f"{evil}.yaml"
    taxonomy.write_bytes(MINI.read_bytes())
    unfinished = tmp_path / f"{evil}-draft.json"
    unfinished.write_text(json.dumps({**stored(mini), "taken_at": None}))
    home = Path(os.environ["SKILLCHECK_HOME"])
    (home / "assessments").mkdir(parents=True)
    (home / "assessments" / f"{evil}.json").write_text("{broken")
    runs = [
        skillcheck("validate", str(taxonomy)),
        skillcheck("history", "--taxonomy", str(MINI)),
        skillcheck("report", "--taxonomy", str(MINI), "--from", str(unfinished), "--format", "markdown"),
        skillcheck("report", "--taxonomy", str(MINI), "--from", str(unfinished), "--format", "html"),
        skillcheck("report", "--taxonomy", str(MINI), "--from", str(unfinished)),
    ]
    for result in runs:
        assert result.returncode == 0, result.stderr
        assert not any(e in result.stdout + result.stderr for e in ESCAPES), result.args
