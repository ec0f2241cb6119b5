"""Every `--json` document is written one way: one JSON document, keys sorted, UTF-8 as it is."""

from __future__ import annotations

import json
from typing import Any


def to_json(value: Any) -> str:
    """Exactly one JSON document, keys sorted so that output is stable."""
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)
