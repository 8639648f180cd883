"""What a rule is: a category of chrome, a scope that says how its pattern must match, and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from newsclean.rules.factor import factor


class Category(StrEnum):
    DONATION = "donation"
    NEWSLETTER = "newsletter"
    RELATED = "related"
    SHARE = "share"
    CAPTION = "caption"
    COOKIE = "cookie"
    ADVERTISEMENT = "advertisement"
    COMMENTS = "comments"
    PAYWALL = "paywall"
    NAVIGATION = "navigation"
    FOOTER = "footer"
    APP_PROMO = "app-promo"
    AUTHOR_BIO = "author-bio"
    METADATA = "metadata"


class Scope(StrEnum):
    """How a rule's pattern must sit in a block for the block to count as chrome.

    line      the whole block is the phrase (give or take punctuation and symbols)
    start     the block starts with the phrase and has at most `max_words` words
    short     the phrase occurs in a block of at most `max_words` words
    anywhere  the pattern occurs anywhere, in a block of any length (strong patterns only)
    cue       weak evidence: a block needs several cues, or one next to chrome of its category
    heading   the whole block is a heading that opens a chrome section (see `Section`)
    """

    LINE = "line"
    START = "start"
    SHORT = "short"
    ANYWHERE = "anywhere"
    CUE = "cue"
    HEADING = "heading"


class Section(StrEnum):
    """How far a heading's section reaches.

    list     over the following short, title-like blocks (a list of links)
    trailer  to the end of the document, unless article prose resumes (see pipeline)
    """

    LIST = "list"
    TRAILER = "trailer"


# Punctuation, symbols and spaces that may surround a phrase in a block without changing
# what the block is ("» Read more", "Share:", "• Newsletter •").
DECOR = r"[^\w\n]*"


def wrap(scope: Scope, body: str) -> str:
    """The regex source for `body` (a pattern over folded text) placed as the scope requires."""
    if scope in (Scope.LINE, Scope.HEADING):
        return rf"^{DECOR}(?:{body}){DECOR}$"
    if scope is Scope.START:
        return rf"^{DECOR}(?:{body})"
    return rf"(?<!\w)(?:{body})"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    category: Category
    scope: Scope
    reason: str
    language: str
    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    max_words: int = 12
    section: Section | None = None
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()
    source: str = ""
    compiled: Any = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        from newsclean.rules.ruleset import compile_pattern

        object.__setattr__(self, "compiled", compile_pattern(wrap(self.scope, self.body())))

    def body(self) -> str:
        """The rule's phrases (factored) and patterns as one alternation, unwrapped."""
        parts = ([factor(self.phrases)] if self.phrases else []) + list(self.patterns)
        return "|".join(f"(?:{part})" for part in parts)
