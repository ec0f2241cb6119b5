"""Where the test fixtures are; importable from every test module (pytest `pythonpath`)."""

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.yaml"
