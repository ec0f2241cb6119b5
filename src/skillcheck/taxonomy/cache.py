"""A cache of validated taxonomies, keyed by the file's content hash.

Parsing YAML dominates at scale (seconds for ten thousand skills) while reading the same data
back as JSON takes a fraction of that. A cache entry is used only when everything checks out:
its format and skillcheck version match, it was made from a file with the same sha256, and its
payload still has the digest recorded when it was written. Anything else (stale, truncated,
edited, unreadable) is ignored and rebuilt; the cache is an optimisation and never an authority.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from pydantic import ValidationError

from skillcheck import __version__
from skillcheck.files import atomic_write, read_bounded
from skillcheck.gcpause import paused_gc
from skillcheck.taxonomy.models import Taxonomy
from skillcheck.taxonomy.yamlsafe import MAX_BYTES

# 2: strict whole numbers and booleans, blank names refused; an entry made under laxer rules
# may hold a file those rules accepted and these do not, so it must not be served.
CACHE_FORMAT = 2


def default_cache_dir() -> Path:
    """$SKILLCHECK_CACHE_DIR if set, otherwise the platform's user cache directory."""
    configured = os.environ.get("SKILLCHECK_CACHE_DIR")
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return platformdirs.user_cache_path("skillcheck", appauthor=False)


class TaxonomyCache:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, digest: str) -> Path:
        return self.directory / f"taxonomy-{digest}.json"

    def get(self, digest: str) -> Taxonomy | None:
        """The validated taxonomy for a file with this sha256, or None if no sound entry exists."""
        try:
            # A sound entry is about the size of the taxonomy it holds; far past that it is not one.
            raw = read_bounded(self._path(digest), 4 * MAX_BYTES)
        except OSError:
            return None
        header_line, _, payload = raw.partition(b"\n")
        try:
            header = json.loads(header_line)
        except ValueError:
            return None
        expected = {"format": CACHE_FORMAT, "skillcheck": __version__, "hash": digest}
        if not isinstance(header, dict) or any(header.get(k) != v for k, v in expected.items()):
            return None
        if header.get("payload_sha256") != hashlib.sha256(payload).hexdigest():
            return None
        try:
            with paused_gc():
                return Taxonomy.model_validate_json(payload)
        except ValidationError:
            return None

    def put(self, digest: str, taxonomy: Taxonomy) -> None:
        """Store an entry; a cache that cannot be written is simply not used."""
        payload = taxonomy.model_dump_json().encode()
        header = {
            "format": CACHE_FORMAT,
            "skillcheck": __version__,
            "hash": digest,
            "payload_sha256": hashlib.sha256(payload).hexdigest(),
        }
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            atomic_write(self._path(digest), json.dumps(header).encode() + b"\n" + payload)
        except OSError:
            pass
