"""The one rule for text and numbers that come from outside the program.

Everything skillcheck reads was written by someone else: taxonomy and answers files, stored
assessments (hand-edited, or made by another tool), report files given to `team`, names found
in a directory, what is typed at a prompt, the environment. Every reader goes through these
functions, so a single rule decides what may reach a terminal and what counts as a number:

- control characters are refused where text is validated (models) and shown escaped where it
  is only quoted (messages), so a name can never clear a screen, retitle a window or write
  the clipboard (OSC 52);
- a name that is blank once Unicode whitespace and invisible characters are taken away is no
  name;
- a number is ASCII digits only: `str.isdigit()` and `int()` also take `²`, `①`, `３` and `٣`.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, and the bidi overrides and isolates:
# each can rewrite what a terminal shows (screen clears, OSC 52 clipboard writes, text that
# reads differently from what it is).
# Lone surrogates too: a file name that is not UTF-8 arrives with each bad byte as one
# (surrogateescape), and written out it would be that raw byte, or no valid UTF-8 at all.
UNSAFE_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# What shows nothing on screen: Unicode whitespace (NBSP, ideographic space, line separators...),
# zero-width spaces and joiners, direction marks, the word joiner and invisible operators, the
# byte order mark, the soft hyphen and the Mongolian vowel separator. A text is blank when it
# holds nothing else: the search stops at the first visible character (removing the invisible
# ones instead copied every text, 640,000 of them in a 32,000-skill taxonomy).
_VISIBLE = re.compile(r"[^\s\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]")
_ASCII_DIGITS = re.compile(r"[0-9]{1,18}")
# Messages quote outside text; a quote this long is cut (a key can be megabytes long).
QUOTE_LIMIT = 120


def unsafe_char(value: str) -> str | None:
    """Why `value` cannot be shown on a terminal as it is, or None if it can."""
    found = UNSAFE_CHARS.search(value)
    if found is None:
        return None
    return (
        f"contains the control character U+{ord(found.group()):04X} at position {found.start()}; "
        "remove it (control characters can rewrite the terminal)"
    )


def is_blank(value: str) -> bool:
    """True when nothing visible is left once whitespace and invisible characters are removed."""
    return _VISIBLE.search(value) is None


def safe_text(value: str) -> str:
    """A pydantic validator: refuse control characters (any text read from outside)."""
    problem = unsafe_char(value)
    if problem is not None:
        raise ValueError(problem)
    return value


def visible_text(value: str) -> str:
    """A pydantic validator for names and prose: no control characters, and not blank."""
    safe_text(value)
    if is_blank(value):
        raise ValueError("is blank: it has only spaces or invisible characters")
    return value


def escaped(text: str) -> str:
    """`text` with every control character written out (`\\x1b`), tabs and newlines kept."""
    return UNSAFE_CHARS.sub(lambda m: _escape(m.group()), text)


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a name that is not UTF-8, as surrogateescape holds it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def shown_path(path: object) -> str:
    """A file's path as skillcheck writes it anywhere (text or JSON): escaped, so a name with
    control characters or bytes that are not UTF-8 is shown, never written raw."""
    return escaped(str(path))


def quoted(value: object) -> str:
    """Outside text as a message quotes it: `'...'`, control characters escaped, long text cut."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > QUOTE_LIMIT:
        text = text[:QUOTE_LIMIT] + "…"
    text = UNSAFE_CHARS.sub(lambda m: _escape(m.group()), text).replace("\n", "\\n").replace("\t", "\\t")
    return f"'{text}'" if isinstance(value, str) else text


def ascii_int(text: str) -> int | None:
    """The number that `text` writes in ASCII digits (no sign, no spaces), or None."""
    return int(text) if _ASCII_DIGITS.fullmatch(text) else None
