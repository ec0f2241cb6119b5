"""Run a question's code the way its `run` block promises, to check the keyed option against it.

Shared by the content tests and the writers' checking script, so both judge an item the same way.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import tempfile

from skillcheck.taxonomy.models import Question

TIMEOUT_S = 30  # a hang guard only: the snippets finish in milliseconds


def normalise(text: str) -> str:
    """Lines stripped, blank lines dropped, joined with '; ', whitespace runs collapsed."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return re.sub(r"\s+", " ", "; ".join(lines))


def _sql_cell(value: object) -> str:
    if value is None:
        return "NULL"
    return repr(value) if isinstance(value, float) else str(value)


def run_sql(script: str) -> str:
    """Run statements in a fresh in-memory SQLite; print the last statement's rows."""
    connection = sqlite3.connect(":memory:")
    rows: list[tuple[object, ...]] = []
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            rows = connection.execute(statement).fetchall()
            statement = ""
    if statement.strip():
        rows = connection.execute(statement).fetchall()
    connection.close()
    return "\n".join(" | ".join(_sql_cell(cell) for cell in row) for row in rows)


def run_question(question: Question) -> str:
    """The stdout of the question's setup and code, as its language runs it."""
    assert question.code is not None and question.run is not None
    setup = question.run.setup or ""
    code = question.code.text
    language = question.code.language
    if language == "sql":
        return run_sql(setup + "\n" + code)
    with tempfile.TemporaryDirectory() as workdir:
        if language == "python":
            command = [sys.executable, "-I", "-c", setup + "\n" + code]
        elif language == "bash":
            command = ["bash", "-c", setup + "\n" + code]
        else:
            raise ValueError(f"cannot run {language}")
        done = subprocess.run(
            command,
            cwd=workdir,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
            env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", "HOME": workdir, "TZ": "UTC"},
        )
        return done.stdout


def keyed_text(question: Question) -> str:
    return question.options[question.correct_index].text
