"""A set of rules compiled for scanning: one factored pattern per scope over the whole document.

Scanning is the hot path.  Instead of testing every rule on every block, each scope's
rules are merged into one prefix-factored pattern that runs over the folded document
once; only the few places it finds are then attributed to a rule.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import regex

from newsclean.document import Document
from newsclean.rules.factor import factor
from newsclean.rules.rule import Category, Rule, Scope, wrap


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule's pattern found in a block; offsets are in the document's text."""

    rule: Rule
    block: int
    start: int
    end: int


# Scopes whose patterns sit at the start of a block, and those that may sit anywhere in it:
# each group is scanned in one pass, and its matches attributed to the group's rules.
ANCHORED = (Scope.LINE, Scope.HEADING, Scope.START)
FLOATING = (Scope.ANYWHERE, Scope.SHORT, Scope.CUE)


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
        self._groups: list[tuple[Any, list[Rule]]] = []
        for scopes, wrapper in ((ANCHORED, Scope.START), (FLOATING, Scope.SHORT)):
            members = [rule for scope in scopes for rule in self.by_scope[scope] if not rule.keywords]
            if wrapper is Scope.SHORT:
                members += [rule for rule in self.rules if rule.keywords]
            if members:
                self._groups.append((compile_pattern(wrap(wrapper, _merged_body(members))), members))

    def categories(self) -> set[Category]:
        return {rule.category for rule in self.rules}

    def scan(self, document: Document) -> dict[Scope, list[Hit]]:
        """Every hit of every scope, in document order; a block's word limit is already applied."""
        folded = document.folded
        blocks = document.blocks
        starts = document.block_starts
        hits: dict[Scope, list[Hit]] = {scope: [] for scope in Scope}
        searched: set[tuple[str, int]] = set()  # (keyword rule, block) pairs already searched
        for scanner, members in self._groups:
            for match in scanner.finditer(folded):
                index = bisect_right(starts, match.start()) - 1
                block = blocks[index]
                scopes_found: set[Scope] = set()
                for rule in members:
                    if rule.scope in scopes_found:
                        continue
                    if rule.scope in _WORD_LIMITED and block.words > rule.max_words:
                        continue
                    if rule.keywords:
                        if (rule.id, index) in searched:
                            continue
                        searched.add((rule.id, index))
                        hit = rule.compiled.search(folded, block.start, block.end)
                    else:
                        hit = rule.compiled.match(folded, match.start(), block.end)
                    if hit is not None:
                        hits[rule.scope].append(Hit(rule, index, hit.start(), hit.end()))
                        scopes_found.add(rule.scope)
        for found in hits.values():
            found.sort(key=lambda hit: hit.start)
        return hits


_WORD_LIMITED = frozenset((Scope.SHORT, Scope.START))


def compile_pattern(source: str) -> Any:
    """Compile with the standard library's `re` where it accepts the pattern, else with `regex`.

    On factored phrase patterns `re` scans 4-5x faster than `regex` (measured on the
    devset); `regex` remains for what only it understands (`\\p{...}`, possessives).
    """
    try:
        return re.compile(source, re.MULTILINE)
    except re.error:
        return regex.compile(source, regex.MULTILINE)


def _merged_body(rules: Sequence[Rule]) -> str:
    """One alternation for the scan: every phrase and keyword in a single factored trie, then patterns.

    A pattern that starts with a word class (`[\\w-]+ is a reporter`) would be tried at
    every line or word; a rule that names literal keywords it cannot match without
    ("reporter") is found through them at almost no cost, and its pattern then runs on
    that block only.
    """
    phrases = [phrase for rule in rules for phrase in (rule.keywords or rule.phrases)]
    patterns = [pattern for rule in rules if not rule.keywords for pattern in rule.patterns]
    parts = ([factor(phrases)] if phrases else []) + patterns
    return "|".join(f"(?:{part})" for part in parts)
