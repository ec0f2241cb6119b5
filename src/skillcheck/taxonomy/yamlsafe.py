"""A guarded YAML reader: builds plain data from the parser's event stream in one pass.

Building from events, rather than letting PyYAML compose and construct, is what makes the
guards hold before anything large exists: an alias is refused when it is seen (so no
"billion laughs" expansion can reach json, pydantic or str()), nesting and node counts are
bounded while counting, duplicate keys are caught with their line, and no recursion happens
in Python (PyYAML's pure-Python composer recurses and raises RecursionError on deep input).
The same code runs on the C parser when PyYAML has libyaml and on the pure-Python one if not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from skillcheck.errors import SkillcheckError
from skillcheck.gcpause import paused_gc

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# Documented in README.md, "Limits and safety".
MAX_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 32
MAX_NODES = 5_000_000

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_CONTAINER_TAGS = {None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}

KeyPath = tuple[str | int, ...]


class YamlError(SkillcheckError):
    """The file is not YAML that skillcheck will read; the message says where and why."""


@dataclass
class Document:
    """Plain data from a YAML file and the line (1-based) where each value starts."""

    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)
    # How each scalar was written (its text, and whether it was quoted), by path; a mapping key
    # under its path plus "[key]". Kept with the lines, for messages about what YAML read.
    written: dict[KeyPath, tuple[str, bool]] = field(default_factory=dict)

    def value_at(self, path: KeyPath) -> tuple[bool, Any]:
        """(found, the value at `path`); a key's path ends in "[key]" and its value is the key."""
        if path and path[-1] == "[key]":
            return len(path) >= 2, path[-2] if len(path) >= 2 else None
        value = self.data
        for part in path:
            try:
                value = value[part]
            except (KeyError, IndexError, TypeError):
                return False, None
        return True, value

    def line_of(self, path: KeyPath) -> int | None:
        """The line of the deepest value on `path` that the file has (for errors at a path)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None


_resolver = Resolver()
_constructor = SafeConstructor()
_NO_KEY = object()


def _scalar(event: yaml.ScalarEvent, source: str) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        if not event.implicit[0]:  # quoted: always a string
            return event.value
        # PyYAML's resolver is untyped; it returns the implicit tag of a plain scalar.
        tag = _resolver.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
    if tag == _STR:
        return event.value
    if tag not in _SCALAR_TAGS:
        if event.tag is None:
            # Resolved, not written: a plain `2026-11-26` (timestamp), `=` (value) or `<<` (merge
            # key) is read as the text it is; only a tag in the file is refused.
            return event.value
        raise _unsafe_tag(tag, event, source)
    marks: Any = (event.start_mark, event.end_mark)  # the C parser's marks are another class
    node = yaml.ScalarNode(tag, event.value, marks[0], marks[1], event.style)
    constructor: Callable[[SafeConstructor, yaml.ScalarNode], Any] = _constructor.yaml_constructors[tag]
    return constructor(_constructor, node)


def _line(event: Any) -> int:
    mark = event.start_mark
    return int(mark.line) + 1 if mark is not None else 1


def _where(source: str, event: yaml.Event) -> str:
    return f"{source}:{_line(event)}"


def _unsafe_tag(tag: str, event: yaml.Event, source: str) -> YamlError:
    return YamlError(
        f"{_where(source, event)}: the tag {tag!r} is not allowed. skillcheck reads YAML with "
        "the safe loader and accepts only plain strings, numbers, booleans, null, lists and "
        "mappings; remove the tag."
    )


def parse(text: str, source: str, *, track_lines: bool = True) -> Document:
    """Read one YAML document from `text`, refusing aliases, deep nesting and duplicate keys.

    `source` names the file in messages. With `track_lines` off the line map stays empty,
    which saves time on large files whose lines are only needed when reporting errors.
    """
    loader = _Loader(text)
    try:
        with paused_gc():
            return _build(loader, source, track_lines=track_lines)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = exc.problem or exc.context or "not valid YAML"
        raise YamlError(f"{source}{line}: not valid YAML: {problem}.{_tab_hint(text, mark)}") from None
    except yaml.reader.ReaderError as exc:
        # The reader names a character offset; people look for a line.
        before = text[: exc.position]
        line_number, column = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        raise YamlError(
            f"{source}:{line_number}: the control character U+{code:04X} (column {column}) is not allowed "
            "in YAML text; remove it."
        ) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"{source}: not valid YAML: {exc}.") from None
    except RecursionError:
        raise YamlError(f"{source}: nested too deeply (the limit is {MAX_DEPTH} levels).") from None
    finally:
        loader.dispose()


def _tab_hint(text: str, mark: Any) -> str:
    """A sentence about tabs when the line YAML stopped at indents with one."""
    if mark is None:
        return ""
    lines = text.splitlines()
    line = lines[mark.line] if 0 <= mark.line < len(lines) else ""
    if "\t" not in line[: len(line) - len(line.lstrip())]:
        return ""
    return f" Line {mark.line + 1} is indented with a tab; YAML indents with spaces only."


def _build(loader: Any, source: str, *, track_lines: bool) -> Document:
    lines: dict[KeyPath, int] = {}
    written: dict[KeyPath, tuple[str, bool]] = {}
    # Each frame: [container, its path, the pending mapping key or _NO_KEY, key line].
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    nodes = 0

    def place(value: Any, event: yaml.Event) -> KeyPath | None:
        """Put a finished value into its parent; returns the path it got (for containers)."""
        nonlocal root
        if not stack:
            root = value
            return ()
        frame = stack[-1]
        parent, parent_path = frame[0], frame[1]
        if isinstance(parent, list):
            path: KeyPath = (*parent_path, len(parent))
            parent.append(value)
            if track_lines:
                # A container's line is where it starts (set at its start event), not its end.
                lines.setdefault(path, _line(event))
            return path
        if frame[2] is _NO_KEY:
            if isinstance(value, (dict, list)):
                raise YamlError(f"{_where(source, event)}: a mapping key must be a plain value.")
            if value in parent:
                raise YamlError(
                    f"{_where(source, event)}: duplicate key {value!r}; each key may appear "
                    "only once in a mapping (YAML would silently keep the last one)."
                )
            frame[2] = value
            frame[3] = _line(event)
            if track_lines and isinstance(event, yaml.ScalarEvent):
                written[(*parent_path, value, "[key]")] = (event.value, event.style in ("'", '"'))
            return None
        key = frame[2]
        parent[key] = value
        frame[2] = _NO_KEY
        path = (*parent_path, key)
        if track_lines:
            lines[path] = frame[3]
        return path

    def child_path() -> KeyPath:
        if not stack:
            return ()
        frame = stack[-1]
        parent = frame[0]
        return (*frame[1], len(parent) if isinstance(parent, list) else frame[2])

    while True:
        event = loader.get_event()
        if event is None or isinstance(event, yaml.StreamEndEvent):
            break
        if isinstance(event, yaml.ScalarEvent):
            nodes += 1
            at = place(_scalar(event, source), event)
            if track_lines and at is not None:
                written[at] = (event.value, event.style in ("'", '"'))
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            nodes += 1
            if event.tag not in _CONTAINER_TAGS:
                raise _unsafe_tag(str(event.tag), event, source)
            if len(stack) >= MAX_DEPTH:
                raise YamlError(
                    f"{_where(source, event)}: nested more than {MAX_DEPTH} levels deep; "
                    "a taxonomy never needs that many."
                )
            if stack and not isinstance(stack[-1][0], list) and stack[-1][2] is _NO_KEY:
                raise YamlError(f"{_where(source, event)}: a mapping key must be a plain value.")
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            path = child_path()
            if track_lines:
                lines[path] = _line(event)
            stack.append([container, path, _NO_KEY, _line(event)])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            container = stack.pop()[0]
            place(container, event)
        elif isinstance(event, yaml.AliasEvent):
            raise YamlError(
                f"{_where(source, event)}: YAML aliases (*{event.anchor}) are not allowed: "
                "they let a small file expand to gigabytes. Write the value out in full."
            )
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise YamlError(f"{_where(source, event)}: only one YAML document is allowed per file.")
        if nodes > MAX_NODES:
            raise YamlError(f"{source}: more than {MAX_NODES:,} values; the file is too large to be a taxonomy.")
    return Document(root, lines, written)


def decode(raw: bytes, source: str) -> str:
    """UTF-8 text from file bytes (a BOM is allowed), or a clear error saying where it breaks."""
    if len(raw) > MAX_BYTES:
        raise YamlError(f"{source}: {len(raw):,} bytes is over the {MAX_BYTES // (1024 * 1024)} MiB limit for a file.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(f"{source}:{line}: not UTF-8 text (byte {exc.start}); save the file as UTF-8.") from None
