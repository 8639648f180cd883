"""A set of rules compiled for scanning: one factored pattern per scope over the whole document.

Scanning is the hot path.  Instead of testing every rule on every block, each scope's
rules are merged into one prefix-factored pattern that runs over the folded document
once; only the few places it finds are then attributed to a rule.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

import regex

from newsclean.document import Block, Document
from newsclean.rules.factor import factor
from newsclean.rules.prefixes import first_chars, line_bound, literal_openings, openings
from newsclean.rules.rule import ANCHORED, DECOR, LEAD_DECOR, PHRASE_GROUPS, Category, Rule, Scope, alternation


class Hit(NamedTuple):
    """A rule's pattern found in a block; offsets are in the document's text."""

    rule: Rule
    block: int
    start: int
    end: int


class RuleSet:
    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        seen: dict[str, Rule] = {}
        for rule in self.rules:
            if rule.id in seen:
                raise ValueError(f"{rule.source}: rule id {rule.id!r} is already used at {seen[rule.id].source}")
            seen[rule.id] = rule
        self.by_id = seen
        self.by_scope: dict[Scope, list[Rule]] = {scope: [] for scope in Scope}
        for rule in self.rules:
            self.by_scope[rule.scope].append(rule)
        anchored = [rule for rule in self.rules if rule.scope in ANCHORED]
        floating = [rule for rule in self.rules if rule.scope not in ANCHORED]
        keywords = {rule.id: scan_keywords(rule) for rule in self.rules}
        keyword_entries = [(word, rule, True) for rule in self.rules for word in keywords[rule.id]]
        self._groups = [
            _AnchoredGroup(
                [(phrase, rule, False) for rule in anchored if not rule.keywords for phrase in rule.phrases],
                [rule for rule in anchored if rule.patterns and not keywords[rule.id]],
            ),
            _Group(
                [(phrase, rule, False) for rule in floating if not rule.keywords for phrase in rule.phrases]
                + keyword_entries,
                [rule for rule in floating if rule.patterns and not keywords[rule.id]],
            ),
        ]
        # Labels repeat across documents ("home", "share", "menu"): remembering the answer
        # took the classifier's label rows from 0.15 s to 0.10 s on a third of the devset.
        self._line_rules = _Joined(self.by_scope[Scope.LINE])
        self.line_rule: Callable[[str], Rule | None] = lru_cache(maxsize=LINE_RULE_CACHE)(self._first_line_rule)

    def _first_line_rule(self, folded: str) -> Rule | None:
        """The first `line` rule that the whole of `folded` (one label, already folded) matches.

        Through the `line` rules joined into one pattern (see _Joined): trying them one by
        one, each compiled on first use, took 1.2 s of the devset's classifier time.
        """
        found = self._line_rules.first(folded, 0, len(folded))
        return found[0] if found is not None else None

    def categories(self) -> set[Category]:
        return {rule.category for rule in self.rules}

    def scan(self, document: Document) -> dict[Scope, list[Hit]]:
        """Every hit of every scope, in document order; a block's word limit is already applied."""
        hits: dict[Scope, list[Hit]] = {scope: [] for scope in Scope}
        for group in self._groups:
            group.scan(document, hits)
        for found in hits.values():
            found.sort(key=lambda hit: hit.start)
        return hits


class _AnchoredGroup:
    """Rules that match at a block's start, dispatched on the block's lead: its first letter after decoration.

    Trying every anchored pattern at every line start costs more than the rest of the
    scan together; a block that opens with "v" only needs the phrases and patterns that
    can open with "v" (plus those that open with punctuation or a character class).
    """

    def __init__(self, entries: Sequence[tuple[str, Rule, bool]], pattern_rules: Sequence[Rule]) -> None:
        self.by_phrase: dict[str, list[tuple[Rule, bool]]] = {}
        for phrase, rule, search in entries:
            self.by_phrase.setdefault(phrase, []).append((rule, search))
        self._phrases: dict[str, list[str]] = {}
        self._always_phrases: list[str] = []
        for phrase in self.by_phrase:
            if is_word_char(phrase[:1]):
                self._phrases.setdefault(phrase[0], []).append(phrase)
            else:
                self._always_phrases.append(phrase)
        self._patterns: dict[str, list[tuple[str, Rule]]] = {}
        self._always_patterns: list[tuple[str, Rule]] = []
        for rule in pattern_rules:
            for pattern in rule.patterns:
                chars = first_chars(pattern)
                if chars is None or not all(is_word_char(char) for char in chars):
                    self._always_patterns.append((pattern, rule))
                else:
                    for char in chars:
                        self._patterns.setdefault(char, []).append((pattern, rule))
        # Longer blocks cannot match: `start` rules have their word limit, `line` ones LINE_MAX_WORDS.
        starts = [rule.max_words for rule in [*pattern_rules, *(r for _, r, _ in entries)] if rule.scope is Scope.START]
        self.max_words = max([LINE_MAX_WORDS, *starts])
        keys = set(self._phrases) | set(self._patterns)
        always = [pattern for pattern, _ in self._always_patterns]
        # The patterns that can open with anything are compiled once rather than into every
        # lead's patterns: 0.4 s less to compile.
        self._always = _compile_alternation([], always)
        self._decorated = _compile_alternation(self._always_phrases, always, prefix=rf"{LEAD_DECOR}(?!\w)")
        self._leads = {key: self._lead(key) for key in keys}
        self._other_lead = self._lead("")
        self._lines = self._line_scan() if not any(lead.with_regex for lead in self._leads.values()) else None
        self._pattern_rules = _FirstRule(pattern_rules)
        self._line_hits = lru_cache(maxsize=LINE_HITS_CACHE)(self._hits_of_line)

    def _lead(self, key: str) -> _Lead:
        own = self._patterns.get(key, [])
        own_patterns = _compile_alternation([], [pattern for pattern, _ in own])
        phrases, always, decorated = self._phrases.get(key, []), self._always, self._decorated
        # A lead whose patterns need `regex` matches all its phrases and patterns with it, as
        # the one pattern per lead they once formed did (`regex` reads `\w` otherwise).
        with_regex = any(isinstance(part, regex.Pattern) for part in (own_patterns, always))
        if with_regex:
            own_patterns, always = (_with_regex(part) for part in (own_patterns, always))
            decorated = _with_regex(decorated)
        patterns = [part for part in (own_patterns, always) if part is not None]
        return _Lead(_compile_alternation(phrases, [], with_regex), patterns, decorated, with_regex)

    def _line_scan(self) -> Any:
        """One pattern that finds, after every line break of a document, the lines that may match.

        At the lead it tries the phrases, the patterns that can open with any letter, and
        the openings of the others (`prefixes.openings`); failing those, a decorated line's
        shorter decorations as `_scan_block` does.  A line it does not find has no match at
        all, so one match per line runs in C, and only the lines it finds cost Python: 0.2 s
        less on the devset than scanning every block.

        It finds at a line's start what scanning the line alone would only if no pattern
        in it can see past the line's end (`prefixes.line_bound`); None otherwise.
        """
        known: dict[str, tuple[frozenset[str], frozenset[str]] | None] = {}
        strings: set[str] = set()
        classes: set[str] = set()
        anywhere: list[str] = []
        for key, patterned in self._patterns.items():
            for pattern, _ in patterned:
                found = known[pattern] = known[pattern] if pattern in known else openings(pattern)
                strings |= found[0] if found else set()
                classes |= found[1] if found else {re.escape(key)}  # tried where it is bucketed
        always = list(dict.fromkeys(pattern for pattern, _ in self._always_patterns))
        for pattern in always:
            found = openings(pattern)
            if found is None:
                anywhere.append(pattern)
            else:
                strings |= {string for string in found[0] if is_word_char(string[0])}
                classes |= found[1]
        if not all(line_bound(pattern) for pattern in always):
            return None
        words = [phrase_ for phrases in self._phrases.values() for phrase_ in phrases]
        at_lead = [factor(words)] if words else []
        at_lead += [f"(?:{pattern})" for pattern in anywhere]
        at_lead += [factor(strings)] if strings else []
        at_lead += [f"[{''.join(sorted(classes))}]"] if classes else []
        decorated = [factor(self._always_phrases)] if self._always_phrases else []
        decorated += [f"(?:{pattern})" for pattern in always]
        source = rf"\n(?:{LEAD_DECOR}+(?:{'|'.join(at_lead) or '(?!)'})"
        source += rf"|{LEAD_DECOR}(?!\w)(?:{'|'.join(decorated)}))" if decorated else ")"
        try:
            return re.compile(source, re.MULTILINE)
        except re.error:  # patterns' own group names clash
            return None

    def scan(self, document: Document, hits: dict[Scope, list[Hit]]) -> None:
        blocks, folded = document.blocks, document.folded
        if self._lines is None:
            for block in blocks:
                self._add(block, folded, hits)
            return
        if blocks and blocks[0].start == 0:  # the only block without a line break before it
            self._add(blocks[0], folded, hits)
        starts = document.block_starts
        for match in self._lines.finditer(folded):
            start = match.start() + 1
            index = bisect_left(starts, start)
            if index < len(starts) and starts[index] == start:  # not a blank line
                self._add(blocks[index], folded, hits)

    def _add(self, block: Block, folded: str, hits: dict[Scope, list[Hit]]) -> None:
        """The hits of the rules in one block, from what the block's text gave wherever it was seen."""
        if block.words > self.max_words:
            return
        for scope, rule, start, end in self._line_hits(folded[block.start : block.end]):
            hits[scope].append(Hit(rule, block.index, block.start + start, block.start + end))

    def _hits_of_line(self, line: str) -> tuple[tuple[Scope, Rule, int, int], ...]:
        """The hits in one folded line on its own, offsets in it: what matches there depends on nothing else.

        Anchored patterns see nothing before the line's start nor past its end (see
        `_line_scan`), so a line gives the same hits in every document.  Chrome lines repeat
        across a site's pages: on the devset 57% of the lines the line scan finds were seen
        before, and remembering them took a quarter off the anchored scan (in-process A/B).
        """
        block = Block(0, 0, len(line), line, len(line.split()))
        found: dict[Scope, list[Hit]] = {scope: [] for scope in ANCHORED}
        self._scan_block(block, line, found)
        return tuple((scope, hit.rule, hit.start, hit.end) for scope, scoped in found.items() for hit in scoped)

    def _scan_block(self, block: Block, folded: str, hits: dict[Scope, list[Hit]]) -> None:
        """Find a block's first match the way one `^DECOR(?:phrases|patterns)` match would.

        That match is decided at the lead if anything matches there: a phrase first, then a
        pattern.  Only at a shorter decoration can phrases and patterns that open with
        punctuation match, so only a decorated block is tried again.  Most blocks open with
        a letter: looking it up directly saves matching the decoration (a regex call).
        """
        leads = self._leads
        start, end = block.start, block.end
        lead = start if folded[start] in leads else _DECOR_ONLY.match(folded, start, end).end()
        at = leads.get(folded[lead : lead + 1], self._other_lead)  # at the end: no letter, no lead
        match = at.match(folded, lead, end) if lead < end else None
        if match is None and lead != start and at.decorated is not None:
            match = at.decorated.match(folded, start, end)
        if match is None:
            return
        whole = not _quoted(folded, start, lead, end)
        if not _phrase_hits(match, block.index, block, folded, self.by_phrase, hits, set(), whole):
            self._pattern_rules.hits(block.index, block, folded, block.start, hits, whole)


class _Lead:
    """What can match in a block whose lead (where its decoration ends) is one letter.

    At the lead, the phrases that open with the letter are tried first, as a phrase wins
    at the same place; then the patterns: those that can open with it, and those that
    can open with anything (shared by all leads).  `decorated` finds what opens with
    punctuation at a shorter decoration.
    """

    def __init__(self, phrases: Any, patterns: Sequence[Any], decorated: Any, with_regex: bool) -> None:
        self.phrases = phrases
        self.patterns = patterns
        self.decorated = decorated
        self.with_regex = with_regex

    def match(self, folded: str, lead: int, end: int) -> Any:
        found = self.phrases.match(folded, lead, end) if self.phrases is not None else None
        for patterns in self.patterns:
            if found is not None:
                break
            found = patterns.match(folded, lead, end)
        return found


def _compile_alternation(
    phrases: Sequence[str], patterns: Sequence[str], with_regex: bool = False, prefix: str = ""
) -> Any:
    """`prefix` then the phrases (factored, as the group PHRASE_GROUPS[0]) or the patterns; None if neither."""
    parts = [f"(?P<{PHRASE_GROUPS[0]}>{factor(phrases)})"] if phrases else []
    parts += [f"(?:{pattern})" for pattern in patterns]
    if not parts:
        return None
    source = f"{prefix}(?:{'|'.join(parts)})"
    return regex.compile(source, regex.MULTILINE) if with_regex else compile_pattern(source)


def _with_regex(compiled: Any) -> Any:
    return None if compiled is None else regex.compile(compiled.pattern, regex.MULTILINE)


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


class _Group:
    """The floating scopes: scan passes over the folded text, and the way back from their matches to rules.

    A match of a phrase trie is attributed by looking the matched phrase up; only a
    match the phrases do not explain is tried against the group's pattern rules.  A
    keyword match sends the keyword's rules over that block once.
    """

    def __init__(self, entries: Sequence[tuple[str, Rule, bool]], pattern_rules: Sequence[Rule]) -> None:
        # phrase or keyword -> (rule, whether to search its block) in rule order
        self.by_phrase: dict[str, list[tuple[Rule, bool]]] = {}
        for phrase, rule, search in entries:
            self.by_phrase.setdefault(phrase, []).append((rule, search))
        self._pattern_rules = _FirstRule(pattern_rules)
        patterns = [pattern for rule in pattern_rules for pattern in rule.patterns]
        # Scanned apart, the word-initial trie and the rest run faster than joined in one
        # alternation (0.62 s against 0.90 s on the devset).
        worded = [phrase for phrase in self.by_phrase if is_word_char(phrase[:1])]
        punct = [phrase for phrase in self.by_phrase if not is_word_char(phrase[:1])]
        trie = f"(?P<{PHRASE_GROUPS[0]}>{factor(worded)})"
        # A word-initial phrase is looked for after each non-word character, which the
        # engine skips to without trying the trie at every position: 0.54 s against 0.62 s
        # for `(?<!\w)` before the trie.  The phrase sits in a look-ahead, so the scan finds
        # overlapping phrases too, which `_word_matches` drops as `finditer` would.
        self._words = compile_pattern(rf"\W(?={trie})") if worded else None
        self._first_word = compile_pattern(trie) if worded else None  # at the text's start
        rest = alternation(punct, patterns, anchored=False, named=True) if punct or patterns else None
        self._rest = compile_pattern(rest) if rest is not None else None

    def scan(self, document: Document, hits: dict[Scope, list[Hit]]) -> None:
        folded = document.folded
        searched: set[tuple[str, int]] = set()  # (keyword rule, block) pairs already searched
        if self._words is not None:
            self._attribute(self._word_matches(folded), document, hits, searched)
        if self._rest is not None:
            rest = ((match, match.start()) for match in self._rest.finditer(folded))
            self._attribute(rest, document, hits, searched)

    def _word_matches(self, folded: str) -> Iterator[tuple[Any, int]]:
        """What `(?<!\\w)` and the word-initial trie would find one after the other, and where."""
        end = 0
        if is_word_char(folded[:1]):
            match = self._first_word.match(folded)
            if match is not None:
                end = match.end()
                yield match, 0
        for match in self._words.finditer(folded):
            start = match.start(PHRASE_GROUPS[0])
            if start >= end:
                end = match.end(PHRASE_GROUPS[0])
                yield match, start

    def _attribute(
        self,
        found: Iterable[tuple[Any, int]],
        document: Document,
        hits: dict[Scope, list[Hit]],
        searched: set[tuple[str, int]],
    ) -> None:
        folded, blocks, starts = document.folded, document.blocks, document.block_starts
        for match, at in found:
            index = bisect_right(starts, at) - 1
            block = blocks[index]
            scopes = _phrase_hits(match, index, block, folded, self.by_phrase, hits, searched)
            if not scopes:
                self._pattern_rules.hits(index, block, folded, at, hits)


def _phrase_hits(
    match: Any,
    index: int,
    block: Block,
    folded: str,
    by_phrase: dict[str, list[tuple[Rule, bool]]],
    hits: dict[Scope, list[Hit]],
    searched: set[tuple[str, int]],
    whole: bool = True,
) -> set[Scope]:
    """The hits of a phrase match in a block (none for a pattern match); the scopes hit.

    Without `whole`, whole-line rules do not take the block: the anchored scan found it a quotation
    (`_quoted`).  Rules found through keywords are checked where their search hits.
    """
    found: set[Scope] = set()
    name = match.lastgroup if match.lastgroup in PHRASE_GROUPS else None
    if name is None:
        return found
    start, end = match.span(name)
    phrase = folded[start:end]
    phrase = phrase if "  " not in phrase else " ".join(phrase.split())
    for rule, search in by_phrase.get(phrase, ()):
        limited = _KEYWORD_LIMITED if search else _LIMITED
        if rule.scope in found or (block.words > rule.max_words and rule.scope in limited):
            continue
        if not whole and rule.scope in _WHOLE:
            continue
        if search:
            if (rule.id, index) in searched:
                continue
            searched.add((rule.id, index))
            hit = rule.compiled.search(folded, block.start, block.end)
            if hit is not None and rule.scope in _WHOLE and _quoted_block(folded, block):
                hit = None  # a whole-line rule found through its keywords, in the floating scan
            if hit is not None:
                start, end = hit.span()
        elif rule.scope in _WHOLE and _TRAILING_DECOR.fullmatch(folded, end, block.end) is None:
            hit = None
        else:
            hit = match
        if hit is not None:
            hits[rule.scope].append(Hit(rule, index, start, end))
            found.add(rule.scope)
    return found


class _Joined:
    """Some rules in order, joined into one alternation: the first of them that matches at a place.

    Trying the rules one by one took 480,000 `match` calls on the devset, eighteen per
    place.  Joined into one alternation of named groups, each whole rule pattern in its
    own, the engine tries them in order in C, and the group that matched names the rule.
    Where a join is impossible (rule files may use group names or numbered
    back-references, or need `regex`), the rules are tried one by one.
    """

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = list(rules)
        self._pattern = _joined(self.rules)

    def first(self, text: str, at: int, end: int, words: int = 0) -> tuple[Rule, Any] | None:
        """The first rule matching `text[at:end]` there, and its match; with `words`, held to its word limit."""
        start = 0
        if self._pattern is not None:
            match = self._pattern.match(text, at, end)
            if match is None:
                return None
            start = int(match.lastgroup[1:])
            if words <= self.rules[start].max_words:
                return self.rules[start], match
            start += 1  # the rules before it do not match here; the ones after may
        for rule in self.rules[start:]:
            if words <= rule.max_words:
                match = rule.compiled.match(text, at, end)
                if match is not None:
                    return rule, match
        return None


class _FirstRule:
    """Which of some pattern rules match at a place: per scope, the first in order (see _Joined)."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        by_scope: dict[Scope, list[Rule]] = {}
        for rule in rules:
            by_scope.setdefault(rule.scope, []).append(rule)
        self._scopes = [(scope, _Joined(members)) for scope, members in by_scope.items()]

    def hits(
        self, index: int, block: Block, folded: str, at: int, hits: dict[Scope, list[Hit]], whole: bool = True
    ) -> None:
        """The hits of the rules matching at `at`, one per scope, each held to its word limit (whole-line ones
        only with `whole`)."""
        for scope, joined in self._scopes:
            if not whole and scope in _WHOLE:
                continue
            found = joined.first(folded, at, block.end, block.words if scope in _LIMITED else 0)
            if found is not None:
                rule, match = found
                hits[scope].append(Hit(rule, index, match.start(), match.end()))


# What a rule's own pattern may contain that joining it with others would change.
_NOT_JOINABLE = re.compile(r"\\(?:[1-9]|g)|\(\?P[<=]")


def _joined(rules: Sequence[Rule]) -> Any:
    """`(?P<r0>rule 0)|(?P<r1>rule 1)|...`, compiled with `re`; None where it cannot be."""
    sources = [rule.pattern_source() for rule in rules]
    if any(_NOT_JOINABLE.search(source) for source in sources):
        return None
    try:
        return re.compile("|".join(f"(?P<r{i}>{source})" for i, source in enumerate(sources)), re.MULTILINE)
    except re.error:
        return None


_WHOLE = frozenset((Scope.LINE, Scope.HEADING))
# A `line` or `heading` rule matches blocks of at most this many words (unless a `start`
# rule's limit is higher): a 40-word block is not a button.
LINE_MAX_WORDS = 40
LINE_RULE_CACHE = 1 << 16  # labels whose `line` rule a rule set remembers
LINE_HITS_CACHE = 1 << 15  # lines whose anchored hits a rule set remembers (a few MB)
_DECOR_ONLY = re.compile(LEAD_DECOR)  # where a block's lead is
_TRAILING_DECOR = re.compile(DECOR)


def _quoted_block(folded: str, block: Block) -> bool:
    """`_quoted` for a block whose lead the caller has not found."""
    return _quoted(folded, block.start, _DECOR_ONLY.match(folded, block.start, block.end).end(), block.end)


def _quoted(folded: str, start: int, lead: int, end: int) -> bool:
    """A line between quotation marks is speech, not a button: '– „Ok.“' in a dialogue is no "OK".

    Whole-line rules do not take it.  `lead` is where the line's decoration ends, as the scan found
    it.  Folding makes every double quote, guillemets included, a straight one.  Linear in the line:
    a regex for "decoration, quote, ..., quote, decoration" backtracked quadratically over a line of
    16,000 '» ' (test_hostile).
    """
    if '"' not in folded[start:lead]:
        return False
    tail = end
    while tail > lead and not (folded[tail - 1].isalnum() or folded[tail - 1] == "_"):
        tail -= 1
    return '"' in folded[tail:end]


def scan_keywords(rule: Rule) -> tuple[str, ...]:
    """The words that send a rule's patterns over a block: declared, or the patterns' literal openings.

    A rule whose patterns all open with literal text needs no declared keywords; one
    with a pattern that opens with a class (`\\d+ min`) is tried at every line start
    (anchored scopes) unless it declares them.
    """
    if rule.keywords:
        return rule.keywords
    if not rule.patterns:
        return ()
    openings: set[str] = set()
    for pattern in rule.patterns:
        found = literal_openings(pattern)
        if found is None:
            return ()
        openings |= found
    return tuple(sorted(openings))


# Scopes whose rules fire only in blocks of at most `max_words` words.  A rule found through
# keywords is held to it in every scope but `anywhere` and `cue`, so a frequent keyword
# does not send its pattern over long prose it could never match as a whole line.
_LIMITED = frozenset((Scope.SHORT, Scope.START))
_KEYWORD_LIMITED = frozenset((Scope.SHORT, Scope.START, Scope.LINE, Scope.HEADING))


def compile_pattern(source: str) -> Any:
    """Compile with the standard library's `re` where it accepts the pattern, else with `regex`.

    On factored phrase patterns `re` scans 4-5x faster than `regex` (measured on the
    devset); `regex` remains for what only it understands (`\\p{...}`, possessives).
    """
    try:
        return re.compile(source, re.MULTILINE)
    except re.error:
        return regex.compile(source, regex.MULTILINE)
