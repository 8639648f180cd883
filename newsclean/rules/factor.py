"""Compile many literal phrases into one prefix-factored regular expression.

A plain alternation `a|b|c|…` of hundreds of phrases makes the engine try every
branch at every position.  Factored into a trie (`sha(?:re|ring)|…`), each position
costs one branch per distinct next character, which is what keeps scanning all the
packs at once fast (see benchmarks/speed.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import regex

_Trie = dict[str, "_Trie"]
_END = ""


def factor(phrases: Iterable[str]) -> str:
    """A regex source matching exactly the given phrases; a space matches a run of spaces.

    No phrases give a pattern that matches nothing (not the empty string).
    """
    trie: _Trie = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[_END] = {}
    return _emit(trie) if trie else "(?!)"


@cache  # escaping each character anew took a third of compiling the packs
def _atom(char: str) -> str:
    return " +" if char == " " else regex.escape(char)


def _emit(node: _Trie) -> str:
    optional = _END in node
    branches = [_atom(char) + _emit(child) for char, child in sorted(node.items()) if char != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if optional:
        return f"(?:{body})?"
    return body
