"""The cache of validated taxonomies is used only when sound; anything else is rebuilt."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from testfiles import MINI

from skillcheck.taxonomy.cache import TaxonomyCache
from skillcheck.taxonomy.load import TaxonomyError, load_taxonomy


@pytest.fixture
def cache(tmp_path: Path) -> TaxonomyCache:
    return TaxonomyCache(tmp_path / "cache")


def entry(cache: TaxonomyCache) -> Path:
    (only,) = cache.directory.glob("taxonomy-*.json")
    return only


def test_a_second_load_comes_from_the_cache_and_equals_the_first(cache: TaxonomyCache) -> None:
    first = load_taxonomy(MINI, cache=cache)
    assert cache.get(first.hash) == first.taxonomy
    second = load_taxonomy(MINI, cache=cache)
    assert second.taxonomy == first.taxonomy and second.hash == first.hash


def test_a_changed_file_is_validated_again_not_served_stale(cache: TaxonomyCache, tmp_path: Path) -> None:
    copy = tmp_path / "t.yaml"
    copy.write_text(MINI.read_text())
    load_taxonomy(copy, cache=cache)
    copy.write_text(MINI.read_text().replace("name: Python\n", "name: Python 3\n"))
    assert load_taxonomy(copy, cache=cache).taxonomy.skills[0].name == "Python 3"
    copy.write_text(MINI.read_text().replace("skill: git, level: 2", "skill: gitt, level: 2"))
    with pytest.raises(TaxonomyError, match="unknown skill 'gitt'"):
        load_taxonomy(copy, cache=cache)


def test_a_corrupt_entry_is_ignored_and_rebuilt(cache: TaxonomyCache) -> None:
    loaded = load_taxonomy(MINI, cache=cache)
    path = entry(cache)
    path.write_bytes(path.read_bytes()[:-40])
    assert cache.get(loaded.hash) is None
    assert load_taxonomy(MINI, cache=cache).taxonomy == loaded.taxonomy
    assert cache.get(loaded.hash) == loaded.taxonomy


def test_an_edited_entry_with_a_valid_shape_is_not_trusted(cache: TaxonomyCache) -> None:
    loaded = load_taxonomy(MINI, cache=cache)
    path = entry(cache)
    header, _, payload = path.read_bytes().partition(b"\n")
    path.write_bytes(header + b"\n" + payload.replace(b"Python", b"Pythom"))
    assert cache.get(loaded.hash) is None
    assert load_taxonomy(MINI, cache=cache).taxonomy.skills[0].name == "Python"


def test_an_entry_for_another_taxonomy_is_never_used(cache: TaxonomyCache, tmp_path: Path) -> None:
    loaded = load_taxonomy(MINI, cache=cache)
    other = tmp_path / "other.yaml"
    other.write_text(MINI.read_text().replace("id: mini", "id: other"))
    other_hash = load_taxonomy(other, cache=cache).hash
    # Put the mini taxonomy's entry under the other file's name: the recorded hash gives it away.
    entry_for_mini = cache.directory / f"taxonomy-{loaded.hash}.json"
    (cache.directory / f"taxonomy-{other_hash}.json").write_bytes(entry_for_mini.read_bytes())
    assert cache.get(other_hash) is None
    assert load_taxonomy(other, cache=cache).taxonomy.id == "other"


def test_an_entry_from_another_version_of_skillcheck_is_ignored(cache: TaxonomyCache) -> None:
    loaded = load_taxonomy(MINI, cache=cache)
    path = entry(cache)
    header, _, payload = path.read_bytes().partition(b"\n")
    changed = dict(json.loads(header), skillcheck="0.0.0")
    path.write_bytes(json.dumps(changed).encode() + b"\n" + payload)
    assert cache.get(loaded.hash) is None


def test_an_unwritable_cache_is_simply_not_used(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = TaxonomyCache(blocker / "cache")
    assert load_taxonomy(MINI, cache=cache).taxonomy.id == "mini"
