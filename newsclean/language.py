"""Cheap, offline language identification from stopword profiles declared in the packs.

Each language pack lists its most frequent function words (`stopwords = [...]`).  The
opening of a document, and of a long one its middle too, is split into words and the stopwords among them are counted;
the language with the most hits wins if it is clearly ahead.  This decides which rule packs scan a document, so
that packs for other languages cost nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

SAMPLE_CHARS = 6000  # past menus and into the article, still cheap to scan
# A page dump can open with more than that of something else: a server's warnings in English
# above a German blog ("Deprecated: Assigning the return value of new ...").  Of a document
# longer than two samples, SAMPLE_CHARS around its middle, where the article stands, count too.
MIN_HITS = 8  # fewer stopwords than this: too little text to tell
MIN_LEAD = 1.5  # the winner must have this many times the runner-up's hits
WORD_MAX_HITS = 10  # hits one stopword can give its language (3 or 5 turned guesses wrong on the devset)


class LanguageGuesser:
    def __init__(self, stopwords: Mapping[str, Sequence[str]]) -> None:
        owners: dict[str, list[str]] = {}
        for language, words in stopwords.items():
            for word in words:
                owners.setdefault(word, []).append(language)
        # A word shared by several languages ("de", "a", "in") tells nothing: leave it out.
        self._language_of = {word: languages[0] for word, languages in owners.items() if len(languages) == 1}
        # Asked twice per document: collecting them from every stopword each time cost
        # 0.1 s of cProfile time on the devset.
        self._languages = frozenset(self._language_of.values())

    @property
    def languages(self) -> frozenset[str]:
        return self._languages

    def guess(self, folded: str) -> str | None:
        """The language of `folded` (text folded as by `newsclean.document.fold`), or None."""
        # Splitting, picking the stopwords out and counting them run in C; only the distinct
        # stopwords (a hundred at most per language) cost Python.  One word counts at most
        # WORD_MAX_HITS times: a menu that repeats "Alle" (German; Italian too) must not
        # outvote the German around it.
        sample = folded[:SAMPLE_CHARS]
        if len(folded) > 2 * SAMPLE_CHARS:
            middle = len(folded) // 2
            sample += " " + folded[middle - SAMPLE_CHARS // 2 : middle + SAMPLE_CHARS // 2]
        words = Counter(filter(self._language_of.__contains__, sample.split()))
        counts: Counter[str] = Counter()
        for word, hits in words.items():
            counts[self._language_of[word]] += min(hits, WORD_MAX_HITS)
        ranked = counts.most_common(2)
        if not ranked or ranked[0][1] < MIN_HITS:
            return None
        if len(ranked) > 1 and ranked[0][1] < MIN_LEAD * ranked[1][1]:
            return None
        return ranked[0][0]
