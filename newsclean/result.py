"""What cleaning returns: the title, the body, and every removal with the rule that made it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple


class Removal(NamedTuple):
    """A removed span of the input: `input[start:end] == text` (offsets in characters)."""

    start: int
    end: int
    category: str
    rule: str
    reason: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "category": self.category,
            "rule": self.rule,
            "reason": self.reason,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Result:
    """The cleaned document.

    `text` is the body without the title, assembled from slices of the input.
    `removed` lists chrome in input order; the title is in `title`/`title_span`,
    being neither body nor chrome.
    """

    title: str | None
    text: str
    removed: tuple[Removal, ...]
    stats: dict[str, Any]
    title_span: tuple[int, int] | None = None
    source: str | None = None
    newline: str = field(default="\n", repr=False)

    def render(self, *, title: bool = True) -> str:
        """The plain-text form the CLI prints: title, a blank line, the body, a final line break."""
        parts = []
        if title and self.title is not None:
            parts.append(self.title + self.newline)
            if self.text:
                parts.append(self.newline)
        if self.text:
            parts.append(self.text + self.newline)
        return "".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "title": self.title,
            "text": self.text,
            "removed": [removal.to_dict() for removal in self.removed],
            "stats": self.stats,
        }
