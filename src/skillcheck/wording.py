"""Small pieces of English that several layers write the same way."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """`count` and the noun in the number it takes: "1 answer", "2 answers"."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
