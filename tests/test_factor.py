"""factor(): many literal phrases as one prefix-factored regex that matches exactly those phrases."""

from __future__ import annotations

import re

import pytest
import regex
from hypothesis import example, given
from hypothesis import strategies as st

from newsclean.rules.factor import factor

# A small alphabet so phrases share prefixes, with spaces and regex metacharacters.
ALPHABET = list("ab ") + list(".*+?()[]{}|\\^$-#&'\"/") + ["é"]
phrases_strategy = st.lists(st.text(alphabet=st.sampled_from(ALPHABET), min_size=1, max_size=6), min_size=1, max_size=8)
candidate_strategy = st.text(alphabet=st.sampled_from([*ALPHABET, "c"]), max_size=8)


def _expansions_match(phrases: list[str], candidate: str) -> bool:
    """The specification, checked without regexes: a phrase matches itself with each space widened to 1+ spaces."""

    def tokens(text: str) -> list[tuple[str, int]]:
        # Runs of spaces become (" ", length); other characters stand alone.
        out: list[tuple[str, int]] = []
        for char in text:
            if char == " " and out and out[-1][0] == " ":
                out[-1] = (" ", out[-1][1] + 1)
            else:
                out.append((char, 1))
        return out

    got = tokens(candidate)
    for phrase in phrases:
        want = tokens(phrase)
        if len(want) == len(got) and all(
            w[0] == g[0] and (w[1] == g[1] if w[0] != " " else g[1] >= w[1]) for w, g in zip(want, got, strict=True)
        ):
            return True
    return False


def _compiled(phrases: list[str]) -> tuple[re.Pattern[str], regex.Pattern[str]]:
    source = f"^(?:{factor(phrases)})$"
    return re.compile(source), regex.compile(source)


def _near_misses(phrase: str) -> list[str]:
    """Strings one edit away from a phrase: the interesting non-members."""
    out = [phrase[:-1], phrase + "a", phrase + " ", " " + phrase, "a" + phrase, phrase.upper()]
    for i in range(len(phrase)):
        out.append(phrase[:i] + phrase[i + 1 :])
        out.append(phrase[:i] + ("b" if phrase[i] != "b" else "a") + phrase[i + 1 :])
    return out


@given(phrases_strategy)
@example(["share", "share this", "sha"])
@example(["a b", "a  b", "ab"])
@example([".", "..", "a.b", "a*"])
def test_every_phrase_fullmatches(phrases: list[str]) -> None:
    for pattern in _compiled(phrases):
        for phrase in phrases:
            assert pattern.fullmatch(phrase), (phrase, pattern.pattern)


@given(phrases_strategy, st.integers(2, 4))
def test_a_space_matches_a_run_of_spaces(phrases: list[str], width: int) -> None:
    for pattern in _compiled(phrases):
        for phrase in phrases:
            if " " in phrase:
                widened = phrase.replace(" ", " " * width)
                assert pattern.fullmatch(widened), (widened, pattern.pattern)


@given(phrases_strategy, st.lists(candidate_strategy, max_size=20))
@example(["share", "share this"], ["shar", "shares", "share th", "sharethis", "share  this", " share"])
@example(["a.b"], ["axb", "a.b", "a..b"])
@example(["a*"], ["", "a", "aa", "a*"])
@example(["(a)"], ["a", "(a)", "()"])
@example(["a\\b"], ["a\\b", "a\b", "ab"])
def test_matches_exactly_the_phrases(phrases: list[str], candidates: list[str]) -> None:
    pool = candidates + [miss for phrase in phrases for miss in _near_misses(phrase)]
    for pattern in _compiled(phrases):
        for candidate in pool:
            assert bool(pattern.fullmatch(candidate)) == _expansions_match(phrases, candidate), (
                phrases,
                candidate,
                pattern.pattern,
            )


@given(phrases_strategy, st.permutations(range(8)))
def test_phrase_order_does_not_matter(phrases: list[str], order: list[int]) -> None:
    shuffled = [phrases[i] for i in order if i < len(phrases)]
    assert factor(shuffled) == factor(phrases)


@given(phrases_strategy)
def test_duplicates_do_not_change_the_pattern(phrases: list[str]) -> None:
    assert factor(phrases + phrases[:2]) == factor(phrases)


def test_shared_prefixes_are_factored() -> None:
    source = factor(["share", "sharing", "shared"])
    # One branch for the common prefix, not three alternatives starting with "s".
    assert source.count("s") == 1
    assert source.startswith("sha")


@pytest.mark.parametrize("phrase", ["", "a"])
def test_single_phrase(phrase: str) -> None:
    pattern = re.compile(f"^(?:{factor([phrase])})$")
    assert pattern.fullmatch(phrase)
    assert not pattern.fullmatch(phrase + "x")


def test_empty_phrase_among_others_makes_the_whole_pattern_optional() -> None:
    pattern = re.compile(f"^(?:{factor(['', 'ab'])})$")
    assert pattern.fullmatch("")
    assert pattern.fullmatch("ab")
    assert not pattern.fullmatch("a")
