"""newsclean: strip publisher chrome from scraped article text, explaining every removal.

>>> from newsclean import clean
>>> clean("Share\\nA long enough paragraph of article text that stays as it is.").text
'A long enough paragraph of article text that stays as it is.'
"""

from __future__ import annotations

from functools import lru_cache

from newsclean.pipeline import Cleaner
from newsclean.result import Removal, Result

__version__ = "0.1.0"
__all__ = ["Cleaner", "Removal", "Result", "__version__", "clean"]


@lru_cache(maxsize=1)
def _default_cleaner() -> Cleaner:
    return Cleaner()


def clean(text: str, *, source: str | None = None) -> Result:
    """Clean one document with the built-in rule packs (compiled once per process)."""
    return _default_cleaner().clean(text, source=source)
