"""The scan's attribution of pattern matches to rules: in rule order, held to word limits, any pattern."""

from __future__ import annotations

import pytest

from newsclean.document import Document
from newsclean.rules.rule import Category, Rule, Scope
from newsclean.rules.ruleset import RuleSet

# Patterns that open with a character class have no literal keywords, so the scan finds them
# through its pattern rules, which it joins per scope into one alternation where it can.
STORY = r"\w+ this story"


def _rule(rule_id: str, pattern: str, scope: Scope = Scope.START, max_words: int = 12) -> Rule:
    return Rule(rule_id, Category.SHARE, scope, "test", "*", patterns=(pattern,), max_words=max_words)


def _hits(rules: list[Rule], text: str) -> dict[Scope, list[tuple[str, int]]]:
    found = RuleSet(rules).scan(Document(text))
    return {scope: [(hit.rule.id, hit.block) for hit in hits] for scope, hits in found.items() if hits}


TEXT = "A long opening paragraph of the article, which no rule here matches at all.\nShare this story\n"


def test_the_first_matching_rule_in_order_wins() -> None:
    assert _hits([_rule("first", STORY), _rule("second", STORY)], TEXT) == {Scope.START: [("first", 1)]}
    assert _hits([_rule("second", STORY), _rule("first", STORY)], TEXT) == {Scope.START: [("second", 1)]}


def test_a_rule_over_its_word_limit_lets_the_next_matching_rule_hit() -> None:
    rules = [_rule("too-short", STORY, max_words=2), _rule("no-match", r"\w+ that story"), _rule("fits", STORY)]
    assert _hits(rules, TEXT) == {Scope.START: [("fits", 1)]}


def test_each_scope_gets_its_own_first_rule() -> None:
    rules = [_rule("start", STORY), _rule("line", STORY, Scope.LINE)]
    assert _hits(rules, TEXT) == {Scope.START: [("start", 1)], Scope.LINE: [("line", 1)]}


@pytest.mark.parametrize(
    "pattern",
    [r"(\w+) \1 story", r"(?P<word>\w+) (?P=word) story", r"(?P<verb>\w+) this story"],
    ids=["numbered back-reference", "named back-reference", "named group"],
)
def test_patterns_that_cannot_be_joined_are_tried_one_by_one(pattern: str) -> None:
    text = TEXT.replace("Share this", "Share share" if "(?P<verb>" not in pattern else "Share this")
    rules = [_rule("other", r"\w+ other story"), _rule("own", pattern), _rule("later", r"\w+ \w+ story")]
    assert _hits(rules, text) == {Scope.START: [("own", 1)]}


@pytest.mark.parametrize("back_reference", [False, True], ids=["joined", "one by one"])
def test_line_rule_names_the_first_line_rule_that_a_whole_label_matches(back_reference: bool) -> None:
    """The classifier asks which `line` rule a label is (label rows, flattened lines)."""
    rules = [
        _rule("start", r"\w+ this story"),
        _rule("share", r"(sh)\1are" if back_reference else r"share", Scope.LINE),
        _rule("share-too", r"share", Scope.LINE),
        _rule("tweet", r"tweet", Scope.LINE),
    ]
    line_rule = RuleSet(rules).line_rule
    assert [getattr(line_rule(label), "id", None) for label in ("share", "tweet", "share this", "email")] == [
        "share-too" if back_reference else "share",
        "tweet",
        None,
        None,
    ]


def test_a_line_seen_in_one_document_gets_its_own_offsets_in_the_next() -> None:
    """Anchored hits are remembered per line's text: each document must still get its own spans."""
    ruleset = RuleSet([_rule("story", STORY), _rule("line", r"share this story", Scope.LINE)])
    first, second = Document(TEXT), Document("Short intro.\n\n" + TEXT + "  \u00bb Share this story\n")
    spans = {}
    for document in (first, second, first):
        found = ruleset.scan(document)
        spans[id(document)] = [
            (scope, document.text[hit.start : hit.end], hit.block) for scope, hits in found.items() for hit in hits
        ]
    assert spans[id(first)] == [(Scope.LINE, "Share this story", 1), (Scope.START, "Share this story", 1)]
    assert spans[id(second)] == [
        (Scope.LINE, "Share this story", 2),
        (Scope.LINE, "  \u00bb Share this story", 3),
        (Scope.START, "Share this story", 2),
        (Scope.START, "  \u00bb Share this story", 3),
    ]


@pytest.mark.parametrize(
    "rule",
    [
        Rule("button", Category.COOKIE, Scope.LINE, "test", "*", phrases=("ok",)),
        Rule("button", Category.COOKIE, Scope.LINE, "test", "*", patterns=("o[k]",)),  # the pattern path
        Rule("button", Category.COOKIE, Scope.LINE, "test", "*", phrases=("ok",), keywords=("ok",)),
    ],
    ids=["phrase", "pattern", "keyword"],
)
def test_a_line_between_quotation_marks_is_speech_not_a_button(rule: Rule) -> None:
    # '– „Ok.“' in a dialogue is no "OK" button, in any quotes folding makes straight ones; unquoted it is.
    lines = ["– „Ok.“", '"OK"', "« OK »", "OK", "» OK", "OK!"]
    text = "A long opening paragraph of the article, which no rule here matches at all.\n" + "\n".join(lines) + "\n"
    assert _hits([rule], text) == {Scope.LINE: [("button", 4), ("button", 5), ("button", 6)]}
