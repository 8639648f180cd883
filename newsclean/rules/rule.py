"""What a rule is: a category of chrome, a scope that says how its pattern must match, and why."""

from __future__ import annotations

from collections.abc import Sequence
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
    BOILERPLATE = "boilerplate"  # text a site repeats on its pages, of no other kind (`newsclean learn`)


class Scope(StrEnum):
    """How a rule's pattern must sit in a block for the block to count as chrome.

    line      the whole block is the phrase (give or take punctuation and symbols)
    start     the block starts with the phrase and has at most `max_words` words
    short     the phrase occurs in a block of at most `max_words` words
    anywhere  the pattern occurs anywhere, in a block of any length but a page on one line (strong patterns only)
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
    box      the list, then the paragraph or two of a box below the article (an author's note)
    trailer  to the end of the document, unless article prose resumes (see pipeline)
    """

    LIST = "list"
    BOX = "box"
    TRAILER = "trailer"


# Scopes whose patterns sit at the start of a block; the others may sit anywhere in it.
ANCHORED = frozenset((Scope.LINE, Scope.HEADING, Scope.START))

# Punctuation, symbols and spaces that may surround a phrase in a block without changing
# what the block is ("» Read more", "Share:", "• Newsletter •").
DECOR = r"[^\w\n]*"
# At most this much of it before a phrase at a block's start.  Unbounded, a pattern that may
# itself open with spaces or punctuation (` *`, `[\w.'-]+`) was tried at every length of the
# decoration, each time running over the rest: quadratic in the run, 19 s for a line of
# 16,000 spaces before "getty x".  Bounded, the work is linear.  On the development set
# 100 changes no result; 32 missed a few decorated lines.
MAX_LEAD_DECOR = 100
LEAD_DECOR = rf"[^\w\n]{{0,{MAX_LEAD_DECOR}}}"


PHRASE_GROUPS = ("phrase", "punct")


def alternation(phrases: Sequence[str], patterns: Sequence[str], *, anchored: bool, named: bool = False) -> str:
    """The regex source matching any phrase (factored) or pattern, placed as a scope requires.

    Anchored scopes sit at a block's start, after optional decoration.  Floating ones
    must not start inside a word: phrases that begin with a letter get one look-behind
    for the whole group (cheap, measured), phrases that begin with punctuation ("/pa",
    " | ") need none, and patterns carry their own boundaries.  With `named`, the phrase
    tries are the groups PHRASE_GROUPS, so a scan can tell a phrase hit from a pattern hit.
    """
    worded = [phrase for phrase in phrases if anchored or phrase[:1].isalnum() or phrase[:1] == "_"]
    punct = [phrase for phrase in phrases if phrase not in set(worded)]
    tries = [(name, factor(group)) for name, group in zip(PHRASE_GROUPS, (worded, punct), strict=True) if group]
    parts = [f"(?P<{name}>{trie})" if named else f"(?:{trie})" for name, trie in tries]
    if parts and not anchored and worded:
        parts[0] = rf"(?<!\w){parts[0]}"
    body = "|".join(parts + [f"(?:{pattern})" for pattern in patterns])
    return rf"^{LEAD_DECOR}(?:{body})" if anchored else body


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
    sites: tuple[str, ...] = ()  # domains the rule is for (subdomains included); () for every document
    # A line the article's own lead-in introduces ("Mehr Informationen unter:" over a web address) is the
    # article's: the rule does not take it there, nor the lines of such rules right below it (a list of links).
    kept_under_lead_in: bool = False
    _compiled: Any = field(default=None, init=False, repr=False, compare=False)

    def pattern_source(self) -> str:
        """The regex source matching the rule's phrases and patterns where its scope requires."""
        source = alternation(self.phrases, self.patterns, anchored=self.scope in ANCHORED)
        return f"(?:{source}){DECOR}$" if self.scope in (Scope.LINE, Scope.HEADING) else source

    @property
    def compiled(self) -> Any:
        """Compiled on first use: the scan uses merged patterns, and a learned rule file has thousands of rules."""
        return self._compiled if self._compiled is not None else self.compile()

    def compile(self) -> Any:
        from newsclean.rules.ruleset import compile_pattern

        object.__setattr__(self, "_compiled", compile_pattern(self.pattern_source()))
        return self._compiled
