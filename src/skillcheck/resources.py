"""Files shipped with skillcheck: the taxonomy, the JSON schemas, the scoring notes.

Installed, they live inside the package (pyproject's force-include); in a source checkout, at the
repository's root. One place knows both, so moving a module never moves a file it reads.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]


def packaged_file(relative: str) -> Path:
    """A shipped file by its path in the checkout (`data/skills.yaml`, `schemas/...`, `docs/...`)."""
    packaged = resources.files("skillcheck").joinpath(*relative.split("/"))
    if packaged.is_file():
        return Path(str(packaged))
    return _CHECKOUT.joinpath(*relative.split("/"))


def default_taxonomy_path() -> Path:
    """The shipped taxonomy."""
    return packaged_file("data/skills.yaml")


def schema_file(name: str) -> Path:
    """A checked-in schema (`report`, `history`, `team`, ...): schemas/NAME.schema.json."""
    return packaged_file(f"schemas/{name}.schema.json")


def scoring_doc() -> Path:
    """docs/scoring.md: how the numbers are worked out (`skillcheck explain` prints it)."""
    return packaged_file("docs/scoring.md")
