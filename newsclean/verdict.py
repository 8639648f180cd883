"""What a pass decides about a block (or a span of one): chrome of a category, by a rule, for a reason."""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple

from newsclean.rules.rule import Category


class Strength(IntEnum):
    """How a verdict was reached; the safety fallback keeps only DIRECT ones."""

    DIRECT = 3
    SECTION = 2
    CUE = 1
    STRUCTURE = 0


class Verdict(NamedTuple):
    category: Category
    rule: str
    reason: str
    strength: Strength


class Trim(NamedTuple):
    """Chrome inside a block that is article text otherwise: `input[start:end]`, at a block's start or end."""

    block: int
    start: int
    end: int
    verdict: Verdict
