"""The block classifier: chrome that no phrase names, told by its shape and by its neighbours.

Menus, breadcrumbs, tag lists, teaser lists and footers are worded differently on every
site, but they look alike: short blocks of a few words without a sentence, in runs,
above the headline or below the article, next to blocks the phrase rules removed.  Like
jusText (`justext/core.py`: `classify_paragraphs`, then `revise_paragraph_classification`),
the classifier works in two passes:

1. context-free: every undecided block gets a `Kind` from its own features (`Profile`:
   length in words and characters, stopwords of the document's language, capitalised
   words, sentence punctuation, digits, colons, commas, list markers, URLs and e-mail
   addresses);
2. context: a run of blocks is chrome when its kinds *and* its neighbours say so (a run
   of link labels; short blocks between chrome; blocks above the headline; blocks below
   the article once its chrome has begun).

It removes only what it is confident about: prose is not structure's (but for a lone paragraph
below the article's share bar or footer), and neither is a short sentence, a lead-in ending in a
colon and the list under it, data ("key: value", numbers, bulleted items), or a heading right
above a paragraph.  Every removal names its
pass (`structure.<kind>`) and gives the features that decided.  The thresholds are in
`THRESHOLDS`, one set per mode, measured on the fixtures (docs/classifier.md).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from enum import Enum, StrEnum
from itertools import accumulate, compress, repeat
from operator import is_, is_not
from typing import NamedTuple

from newsclean.document import Block, Document, fold
from newsclean.rules.rule import Category, Rule
from newsclean.verdict import Strength, Verdict

RULE_PREFIX = "structure"


class Mode(StrEnum):
    """How much the cleaner removes beyond direct phrase hits (README: "Modes")."""

    CONSERVATIVE = "conservative"
    BALANCED = "balanced"
    AGGRESSIVE = "aggressive"


class Thresholds(NamedTuple):
    """The classifier's settings for one mode (see docs/classifier.md for the measurements)."""

    cues: bool  # weak cues (several per block, or one next to chrome of its category)
    structure: bool  # the classifier at all
    menu_min_run: int  # blocks in a run of labels (chrome inside the run counts)
    smooth_max_run: int  # short blocks between chrome, at most this many in a row
    smooth_max_words: int  # ... each of at most this many words
    trailer_needs_chrome: bool  # the trailer starts at the first chrome below the last paragraph
    trailer_sentences: bool  # short sentences in the trailer go too
    trailer_gap: int = 0  # 0: the article ends at its last paragraph; N: at the end of the paragraphs with
    # the most text between runs of N or more chrome blocks (teasers' paragraphs below do not end it)
    trailer_prose_words: int = 0  # 0: prose stays in the trailer; N: a lone paragraph (or two) of at most
    # N words in all goes there once a share bar or the footer has begun below the article


THRESHOLDS = {
    Mode.CONSERVATIVE: Thresholds(False, False, 0, 0, 0, True, False),
    Mode.BALANCED: Thresholds(True, True, 5, 5, 10, True, True, 3, 80),
    Mode.AGGRESSIVE: Thresholds(True, True, 3, 8, 14, False, True, 3, 80),
}

# A link label: a few words, no sentence, no "key: value", no number, no comma.
LABEL_MAX_WORDS, LABEL_MAX_CHARS = 4, 40
MENU_MIN_LABELS = 2  # labels in a menu run; the rest of the run may be chrome found by rules
# A row of labels on one line ("News  Sport  Weather", "Accept all | Settings"): separators,
# and how many words a label and a row may have.
_LABEL_SEPARATOR = re.compile(r"\s*[|·•›»▸►▾]\s*|\s+[/>\\–—-]\s+|\s{2,}|\t")
_HAS_SEPARATOR = re.compile(r"[|·•›»▸►▾\t]|\s[/>\\–—-]\s|\s\s")  # the same, cheap to search for
ROW_LABEL_MAX_WORDS, ROW_MAX_WORDS, ROW_MIN_LABELS = 3, 30, 3
# A row whose cells are longer than labels ("January 13, 2020 at 8:45 AM | Categories: Garden |
# View comments") is chrome when every cell is a chrome line of its own and the cells are of at
# least this many categories: a table row of times or dates alone is one category, and stays.
ROW_CELL_CATEGORIES = 2
# One cell of such a row must be a link of the page's own (comments, share, navigation): a date next to an
# amount ("Saturday, March 14, 2026 | £12") reads as metadata and donation, but is an event listing's row.
ROW_CELL_ANCHORS = frozenset({Category.COMMENTS, Category.SHARE, Category.NAVIGATION})
# A credit-only caption line has at most CREDIT_MAX_WORDS words; one sentence of caption text
# above it at most CAPTION_MAX_WORDS (CAPTION_SHORT_WORDS when article prose stands above it).
CREDIT_MAX_WORDS, CAPTION_MAX_WORDS, CAPTION_SHORT_WORDS = 8, 25, 12
CAPTION_MIN_WORDS = 3  # a credit line's own caption before its credit (`_has_caption`)
# A block is prose when it reads like article sentences (structure never removes prose): this many
# words and a sentence end, or PROSE_ALWAYS_WORDS whatever its punctuation, but a run of labels
# that long with fewer stopwords than LABEL_LIST_MAX_STOPWORDS of its words (`is_label_list`).
PROSE_MIN_WORDS, PROSE_ALWAYS_WORDS = 10, 20
LABEL_LIST_MAX_STOPWORDS = 0.05
# A short block that ends like a sentence is one if it has a stopword or this many words.
SENTENCE_MIN_WORDS = 4
# Blocks of a trailer: at most this many words (longer ones are teasers' summaries or text); as many
# as a block that is prose whatever its punctuation (PROSE_ALWAYS_WORDS) falls short of.
TRAILER_MAX_WORDS = 20
# With `trailer_gap`: a group of paragraphs below the article's body ends the article only with
# at least this share of the body's text.
TRAILER_BODY_SHARE = 0.3
# With `trailer_prose_words`: paragraphs below the article go only in runs of at most this many.
TRAILER_PROSE_BLOCKS = 2

_DIGIT = re.compile(r"\d")
_NOT_MERE_LABELS = re.compile(r"[\d,;:=/\\(){}\[\]<>|#$%*+@–—-]")
# A cell of figures only: a time, a date, a score, a count (an amount has its currency: "£5").
_NUMBERS = re.compile(r"[\d:.,/ -]*\d[\d:.,/ -]*")
SENTENCE_BREAK = re.compile(r"[.!?…] +[^\W\d_]")
# Data, not labels: "Region: Napa Valley", "Tel. 030 123" (a key and its value), and the
# bulleted or numbered items that extractors write for in-article lists.  One pattern for
# both: two calls per short block cost 0.1 s on the devset.  A value that opens with a quote is a
# headline quoting someone ('Kohlmann: „Wir gewinnen“'), not data.
_DATA = re.compile(r"\s*(?:(?:[-–—•*▪◦·]|\d{1,3}[.)])\s|[^\W\d_][\w .()/-]{0,30}:\s*(?P<value>(?![\"'„“”«»‚‘’‹›])\S))")
_URL_OR_EMAIL = re.compile(r"https?://|www\.|\b[\w.+-]+@[\w-]+\.\w")
HEADLINE_VALUE_MIN_WORDS = 4  # see _headline_after_colon
# Words that `Classifier.introduces` compares, by their first STEM_CHARS letters.
STEM_CHARS = 5
INTRODUCED_WITHIN = 15  # ... among the paragraph's first words: a subheading names what the paragraph opens with
_STEM_WORD = re.compile(rf"[^\W\d_]{{{STEM_CHARS},}}")


class Cue(NamedTuple):
    """The weak cue a rule found in a block that the cue pass left undecided: its category and its words."""

    category: Category
    words: str


class Kind(Enum):
    """The context-free class of an undecided block, from its own features (`kind_of`)."""

    PROSE = "prose"  # article sentences: structure never removes them
    SENTENCE = "a short sentence"  # a short paragraph, a quote line, a sign-off
    LEAD_IN = "a lead-in"  # ends in a colon: what follows is a list in the article
    DATA = "data"  # "key: value", bulleted or numbered items: tables and lists in the article
    LABEL = "a link label"  # a few words, no sentence, no digits, no comma: menu items, tags
    LABELS = "a run of labels"  # long, no sentence, hardly a stopword: a tag cloud, an archive's months
    SHORT = "a short line"  # anything else short: a teaser title, a name, a heading


# What decided each kind, as a reason states it after the word count.
_KIND_FEATURES = {
    Kind.SENTENCE: "sentence end",
    Kind.LEAD_IN: "ends in a colon",
    Kind.DATA: "key: value or list item",
    Kind.LABEL: "no sentence end, no digits, no comma",
    Kind.LABELS: "no sentence, hardly a stopword",
    Kind.SHORT: "no sentence end",
}


def kind_of(block: Block, stopwords: frozenset[str], folded: str) -> Kind:
    """What a block that is not prose is on its own (a long one is a run of labels): cheap tests first."""
    text = block.text
    data = _DATA.match(text)
    if data is not None and not _headline_after_colon(block, data.start("value")):
        return Kind.DATA
    if block.ends_sentence:
        has_stopword = any(map(stopwords.__contains__, folded[block.start : block.end].split()))
        return Kind.SENTENCE if has_stopword or block.words >= SENTENCE_MIN_WORDS else Kind.SHORT
    if text.rstrip().endswith(":"):
        return Kind.LEAD_IN
    if block.words >= PROSE_ALWAYS_WORDS:
        return Kind.LABELS  # this long and not prose: `is_label_list` said so
    if block.words <= LABEL_MAX_WORDS and len(text) <= LABEL_MAX_CHARS and "," not in text:
        return Kind.SHORT if _DIGIT.search(text) or _URL_OR_EMAIL.search(text) else Kind.LABEL
    return Kind.SHORT


def is_prose(block: Block) -> bool:
    """Long, or a sentence: as the block reads on its own (`is_label_list` takes some long ones back)."""
    return block.words >= PROSE_ALWAYS_WORDS or (block.words >= PROSE_MIN_WORDS and block.ends_sentence)


def is_label_list(block: Block, stopwords: frozenset[str], folded: str) -> bool:
    """A long block of labels run together: a tag cloud, an archive's months, a list of languages.

    Long enough to pass for prose by its length alone, but with no sentence in it and hardly a
    stopword of the document's language (LABEL_LIST_MAX_STOPWORDS of its words): "Aktuelles
    Arbeit Bericht Bildung Creative Commons Demokratie …", "Archive Monat auswählen Dezember
    2019 September 2019 …".  Article sentences have a stopword in every few words.
    """
    if block.words < PROSE_ALWAYS_WORDS or block.ends_sentence or SENTENCE_BREAK.search(block.text) is not None:
        return False
    words = folded[block.start : block.end].split()
    return sum(map(stopwords.__contains__, words)) < LABEL_LIST_MAX_STOPWORDS * len(words)


def _headline_after_colon(block: Block, value_start: int) -> bool:
    """'Phishing: So reduzieren Sie die Angriffsgefahr': a teaser's headline, its topic before the colon.

    Data keeps its value short or figured, or lists it: "Telefon: 040 123", "Region: Napa Valley",
    "Veranstaltungsort: Akademie der Künste, Berlin".  A value of HEADLINE_VALUE_MIN_WORDS words or more
    with no digit, comma, address or sentence end is a headline's second half.  `value_start` is where
    `_DATA` found the value (-1 for a list item).
    """
    if value_start < 0 or block.ends_sentence:
        return False  # a list item (no key, no value), or a sentence
    value = block.text[value_start:]
    return (
        len(value.split()) >= HEADLINE_VALUE_MIN_WORDS
        and _DIGIT.search(value) is None
        and "," not in value
        and _URL_OR_EMAIL.search(value) is None
    )


def describe(kind: Kind, block: Block) -> str:
    """The features that made `kind`, as a reason gives them."""
    return f"{kind.value} ({block.words} words, {_KIND_FEATURES[kind]})"


class Classifier:
    """The structure passes over one document; reads and extends the run's verdicts in place.

    `prose` marks article sentences; `line_rule` finds the `line` rule a label matches
    (for rows of labels on one line).
    """

    def __init__(
        self,
        document: Document,
        verdicts: list[Verdict | None],
        prose: Sequence[bool],
        stopwords: frozenset[str],
        thresholds: Thresholds,
        line_rule: Callable[[str], Rule | None],
    ) -> None:
        self.document = document
        self.blocks = document.blocks
        self.verdicts = verdicts
        self.prose = prose
        self.stopwords = stopwords
        self.thresholds = thresholds
        self.line_rule = line_rule
        self.title: int | None = None
        self.headlines: tuple[int, ...] = ()  # the title and the block that repeats it: never structure's
        self.cues: Mapping[int, Cue] = {}
        self._comment_openings: list[int] = []
        self._kinds: dict[int, Kind] = {}

    def kind(self, index: int) -> Kind:
        if self.prose[index]:
            return Kind.PROSE
        kind = self._kinds.get(index)
        if kind is None:
            kind = self._kinds[index] = kind_of(self.blocks[index], self.stopwords, self.document.folded)
        return kind

    def _set(self, index: int, category: Category, name: str, reason: str) -> None:
        self.verdicts[index] = Verdict(category, f"{RULE_PREFIX}.{name}", reason, Strength.STRUCTURE)

    def _undecided(self, index: int) -> bool:
        """Neither decided by a rule, nor prose, nor a headline: what structure may remove."""
        return self.verdicts[index] is None and not self.prose[index] and index not in self.headlines

    def _candidates(self) -> list[int]:
        """Indices of the blocks without a verdict that are not prose."""
        return self._open_blocks(prose=False)

    def _paragraphs(self) -> list[int]:
        """Indices of the blocks without a verdict that are prose: the article's paragraphs."""
        return self._open_blocks(prose=True)

    def _open_blocks(self, prose: bool) -> list[int]:
        """Indices of the blocks without a verdict, but the headlines, whose prose flag is `prose`; found in C."""
        undecided = map(is_, self.verdicts, repeat(None))
        wanted = self.prose if prose else map(bool.__xor__, self.prose, repeat(True))
        open_blocks = map(bool.__and__, undecided, wanted)
        headlines = self.headlines
        return [index for index in compress(range(len(self.blocks)), open_blocks) if index not in headlines]

    # context-free: rows of labels ----------------------------------------------------
    def label_rows(self) -> None:
        """A line that is a row of short labels: a menu or a button bar flattened onto one line.

        Chrome when at least half of the labels are chrome phrases on their own
        ("Accept all   Manage preferences", "£5  £10  Other"), or when there are three or
        more labels without digits ("News | Sport | Weather", "Home › News › Politics").
        A row of "key:" cells ("| Region: | Napa Valley |") is a table, not labels, and so is
        a row of bare figures ("| 09:30 | 11:30 | 14:30 |"), though a time alone is chrome.
        Cells longer than labels make a row of chrome only when each is a chrome line on
        its own, of ROW_CELL_CATEGORIES categories or more, one of them a link of the page's
        (ROW_CELL_ANCHORS): a post's date, its categories and its comment link; not an event's
        date and its price.
        """
        for index in self._candidates():
            block = self.blocks[index]
            if block.words > ROW_MAX_WORDS or _HAS_SEPARATOR.search(block.text) is None:
                continue
            labels = [label.strip() for label in _LABEL_SEPARATOR.split(block.text) if label.strip()]
            if len(labels) < 2 or all(map(_NUMBERS.fullmatch, labels)):
                continue  # one cell, or a row of a timetable or a table of figures
            if not all(map(is_row_label, labels)):
                self._chrome_cells(index, labels)
                continue
            rules = [rule for rule in map(self.line_rule, map(fold, labels)) if rule is not None]
            if 2 * len(rules) >= len(labels):
                category = Counter(rule.category for rule in rules).most_common(1)[0][0]
                reason = f"a row of {len(labels)} labels, {len(rules)} of them {category} buttons"
            elif len(labels) >= ROW_MIN_LABELS and _DIGIT.search(block.text) is None:
                category, reason = Category.NAVIGATION, f"a row of {len(labels)} short labels, no digits"
            else:
                continue
            self._set(index, category, "label-row", reason)

    def _chrome_cells(self, index: int, cells: list[str]) -> None:
        """A row whose every cell is a chrome line, of at least ROW_CELL_CATEGORIES categories."""
        rules = list(map(self.line_rule, map(fold, cells)))
        if None in rules:
            return
        categories = Counter(rule.category for rule in rules if rule is not None)
        if len(categories) >= ROW_CELL_CATEGORIES and not categories.keys().isdisjoint(ROW_CELL_ANCHORS):
            named = ", ".join(str(category) for category in categories)
            reason = f"a row of {len(cells)} cells, each a chrome line ({named})"
            self._set(index, categories.most_common(1)[0][0], "chrome-row", reason)

    # context -------------------------------------------------------------------------
    def run(self, title: int | None, cues: Mapping[int, Cue], title_repeat: int | None = None) -> None:
        """The context passes, in order: each sees the chrome the earlier ones found.

        `title_repeat` is a block that repeats the title (a page's title element) under a kicker
        or at the end of a breadcrumb, as the article's heading: what stands between the two is
        the page's header and menus, and the heading itself stays.
        """
        self.title, self.cues = title, cues
        self.headlines = tuple(index for index in (title, title_repeat) if index is not None)
        # Rule hits only, decided before these passes and unchanged by them: found once, not per trailer pass.
        self._comment_openings = [
            index
            for index in compress(range(len(self.blocks)), self.verdicts)
            if (verdict := self.verdicts[index]) is not None
            and verdict.category is Category.COMMENTS
            and verdict.rule.endswith(_COMMENTS_OPENING)
        ]
        if title is not None:
            for index in range(title):
                if self._undecided(index):
                    reason = f"above the headline: {describe(self.kind(index), self.blocks[index])}"
                    self._set(index, Category.NAVIGATION, "before-title", reason)
        if title is not None and title_repeat is not None:
            for index in range(title + 1, title_repeat):
                if self._undecided(index):
                    kind = describe(self.kind(index), self.blocks[index])
                    self._set(
                        index,
                        Category.NAVIGATION,
                        "before-headline",
                        f"between the page's title and its headline: {kind}",
                    )
        self._author_boxes()
        self._boxed()
        self._attach()
        self._menus()
        # A block that smoothing or the trailer took may have split a run of labels, which
        # cleaning the output again would then find whole ("Mill Road", a removed "Route 9"
        # between two widgets, "Green Park"): the menu pass looks again while they take any.
        while self._decides(self._smooth, self._trailer) and self._decides(self._menus):
            pass

    def _decides(self, *passes: Callable[[], None]) -> bool:
        """Run the passes; whether they decided any block."""
        before = self.verdicts.count(None)
        for run in passes:
            run()
        return self.verdicts.count(None) != before

    def _author_boxes(self) -> None:
        """A paragraph that opens with the full name of the writer its byline gave: the author box.

        "By Jane Marlow" above the article, "Jane Marlow is a reporter on the Gazette's city
        desk ..." below it: the article's sentences seldom open with its writer's full name.
        A first name alone ("Jake is the co-founder of ...") counts only right under a line
        with the full name, the box's heading ("About Jake Goulding"): a feature by Sarah
        Johnson about Sarah Mitchell says "Sarah says ..." too.  The byline is a short block
        the rules took as metadata or an author's line, or a row of cells with a date
        ("19.03.2019 11:45 | von Inga Buller"; a row of labels alone is a page title as
        often); its names are found once (`_writers`), so a thread of a thousand "Posted by"
        lines costs a look-up per paragraph.
        """
        writers: dict[str, int] = {}  # each writer's full name: the first byline that gives it
        for index, verdict in enumerate(self.verdicts):
            block = self.blocks[index]
            if verdict is not None and block.words <= BYLINE_MAX_WORDS and _is_byline(verdict, block):
                for name in _writers(block.text, self.stopwords):
                    writers.setdefault(name, index)
        if not writers:
            return
        by_first: dict[str, list[str]] = {}
        for full in writers:
            by_first.setdefault(full.split()[0], []).append(full)
        for index in self._paragraphs():
            name = _opening_name(self.blocks[index].text, self.stopwords)
            if name is None:
                continue
            if " " in name:
                byline = writers.get(name)
                if byline is None or byline > index:
                    continue
            else:
                above = self.blocks[index - 1].text if index else ""
                byline = next((writers[full] for full in by_first.get(name, ()) if full in above), None)
                if byline is None or byline > index:
                    continue
            reason = f"opens with the name of the byline {self.blocks[byline].text.strip()!r}"
            self._set(index, Category.AUTHOR_BIO, "author-box", reason)

    def _boxed(self) -> None:
        """One or two short blocks between two rule hits of one box's kind are that box's text.

        "Sign up for the Intelligencer newsletter" / "Daily news about the politics, business,
        and technology shaping our world." / "This site is protected by reCAPTCHA …": a
        newsletter's, an appeal's or an app's box describes itself in words no rule names, and
        a reader's comment stands between its header and its "Reply".
        Only right between two direct hits of the same category (BOXED_CATEGORIES; a cue is
        an article's mention as often), at most BOXED_MAX_BLOCKS blocks of BOXED_MAX_WORDS
        words each, no data among them: an article's paragraph next to a box has the article
        on its other side.
        """
        verdicts, blocks = self.verdicts, self.blocks
        start = 0
        while start < len(blocks):
            if verdicts[start] is not None:
                start += 1
                continue
            end = start
            while end < len(blocks) and verdicts[end] is None:
                end += 1
            run = range(start, end)
            start = end
            if not 0 < run.start < run.stop < len(blocks) or len(run) > BOXED_MAX_BLOCKS:
                continue
            above, below = verdicts[run.start - 1], verdicts[run.stop]
            if above is None or below is None or above.category is not below.category:
                continue
            if above.category not in BOXED_CATEGORIES or not above.strength is below.strength is Strength.DIRECT:
                continue
            if any(index in self.headlines or blocks[index].words > BOXED_MAX_WORDS for index in run):
                continue
            if any(self.kind(index) is Kind.DATA for index in run):
                continue  # "Telefon: 08321 / 61 22 0" under "Ansprechpartner": data stays, as everywhere
            for index in run:
                block, kind = blocks[index], self.kind(index)
                what = f"a paragraph ({block.words} words)" if kind is Kind.PROSE else describe(kind, block)
                self._set(index, above.category, "boxed", f"between two {above.category} blocks: {what}")

    def _attach(self) -> None:
        """Lines that belong to the chrome below them.

        A caption's text often stands on its own line above a credit-only line ("Foto:
        Keystone"); a single sentence there joins the caption when it is caption-short,
        or when chrome or the title frames it from above, so a paragraph above a
        mid-article credit stays.  A credit line with its own caption (`_has_caption`)
        takes nothing from above.
        A bare name above a byline or a biography line is the writer's name.
        """
        blocks = self.blocks
        for index in range(1, len(blocks)):
            verdict, above = self.verdicts[index], blocks[index - 1]
            if verdict is None or self.verdicts[index - 1] is not None or index - 1 in self.headlines:
                continue
            credit = blocks[index]
            if verdict.category is Category.CAPTION and credit.words <= CREDIT_MAX_WORDS and not _has_caption(credit):
                placed = self._framed_from_above(index - 1) or above.words <= CAPTION_SHORT_WORDS
                if placed and above.words <= CAPTION_MAX_WORDS and SENTENCE_BREAK.search(above.text) is None:
                    self._set(index - 1, Category.CAPTION, "caption-above-credit", "caption text above a credit")
            elif verdict.category in (Category.AUTHOR_BIO, Category.METADATA) and _is_name(above):
                self._set(index - 1, verdict.category, "name-above-byline", "a name above a byline or bio")

    def _framed_from_above(self, index: int) -> bool:
        """Above the block: the title, or chrome other than another caption.

        Credit lines that alternate with paragraphs ("Foto: A", paragraph, "Foto: B")
        stand above their pictures, so a paragraph between two of them is article text;
        nor does the document's start frame anything (its first paragraph is article).
        """
        if index - 1 == self.title:
            return True
        if index == 0:
            return False
        verdict = self.verdicts[index - 1]
        return verdict is not None and verdict.category is not Category.CAPTION

    def _menus(self) -> None:
        """Runs of link labels; chrome already found inside a run joins it ("City Hall / Share / Sport").

        Not a menu: a run under a lead-in ("The ferry runs on:"), which is a list in the
        article; and a run's last label right above a paragraph is that paragraph's heading.
        """
        run: list[int] = []
        for index in self._menu_blocks():
            if run and index != run[-1] + 1:
                self._menu(run)
                run = []
            run.append(index)
        if run:
            self._menu(run)

    def _menu_blocks(self) -> list[int]:
        """The blocks that may stand in a menu, in order: chrome, and undecided link labels.

        Most blocks are too long to be a label: telling that from their sizes in one pass,
        before working out any block's kind, took this pass from 0.40 s to 0.33 s on the devset.
        """
        sized = [
            verdict is not None or (block.words <= LABEL_MAX_WORDS and block.end - block.start <= LABEL_MAX_CHARS)
            for block, verdict in zip(self.blocks, self.verdicts, strict=True)
        ]
        return [
            index
            for index in compress(range(len(self.blocks)), sized)
            if index not in self.headlines
            and (self.verdicts[index] is not None or (not self.prose[index] and self.kind(index) is Kind.LABEL))
        ]

    def _menu(self, run: list[int]) -> None:
        """Label the undecided blocks of a run of menu blocks as a menu, if the run is one."""
        if len(run) < self.thresholds.menu_min_run or self._under_lead_in(run[0]):
            return
        items = [i for i in run if self.verdicts[i] is None]
        if items and items[-1] == run[-1] and self.opens_paragraph(run[-1] + 1):
            items.pop()
        if len(items) >= MENU_MIN_LABELS:
            reason = f"one of {len(run)} short items in a row: {{}}"
            for item in items:
                self._set(item, Category.NAVIGATION, "menu", reason.format(describe(Kind.LABEL, self.blocks[item])))

    def _under_lead_in(self, index: int) -> bool:
        """The block above `index` ends in a colon and is article text: a list follows."""
        above = index - 1
        return above >= 0 and self.verdicts[above] is None and self.blocks[above].text.rstrip().endswith(":")

    def opens_paragraph(self, index: int) -> bool:
        return index < len(self.blocks) and self.prose[index] and self.verdicts[index] is None

    def introduces(self, heading: int, paragraph: int) -> bool:
        """The line names what the paragraph below it is about: a subheading, not a link to another article.

        They share a word's stem (its first STEM_CHARS letters, stopwords aside) within the
        paragraph's first INTRODUCED_WITHIN words: "Waiting list for plots" over "The society
        said the waiting list ...".  A related box's last link may share the article's topic,
        but seldom with the opening of the paragraph below it.  A subheading whose paragraph
        names its topic later ("Wat verandert er voor fietsers?" over "Zodra de brug open is,
        wordt de Kanaalweg ... een fietsstraat", the 16th word) is not told apart, and goes.
        """
        folded, stopwords = self.document.folded, self.stopwords
        line, below = self.blocks[heading], self.blocks[paragraph]
        stems = {
            word[:STEM_CHARS] for word in _STEM_WORD.findall(folded, line.start, line.end) if word not in stopwords
        }
        opening = " ".join(folded[below.start : below.end].split(maxsplit=INTRODUCED_WITHIN)[:INTRODUCED_WITHIN])
        return any(word[:STEM_CHARS] in stems for word in _STEM_WORD.findall(opening) if word not in stopwords)

    def _runs(self) -> list[tuple[int, int]]:
        """Maximal runs [start, end) of undecided short blocks."""
        runs: list[tuple[int, int]] = []
        start = previous = None
        for index in self._candidates():
            if previous is None or index != previous + 1:
                if start is not None:
                    runs.append((start, previous + 1))
                start = index
            previous = index
        if start is not None:
            runs.append((start, previous + 1))
        return runs

    def _mere_labels(self, index: int) -> bool:
        """A run of labels with no digit, comma or code's punctuation: a tag cloud, a menu, however long.

        A line of code ("docker run -p 8080:80 ..."), an ingredient list ("500 g Mehl 1 Würfel
        Hefe ...") or a team's line-up ("Neuer – Kimmich, Süle, ...") has no sentence and few
        stopwords either, and stands in articles.
        """
        return self.kind(index) is Kind.LABELS and _NOT_MERE_LABELS.search(self.blocks[index].text) is None

    def _smooth(self) -> None:
        """A short run of short blocks between chrome (or chrome and the end) is chrome.

        Only runs of a few label-sized blocks (or runs of labels, however long) without a
        finished sentence, data or a lead-in: "Be there or be square!" between two widgets is more likely the
        article's last line than a label, and a long run between two widgets is more
        likely a list in the article.
        """
        most, longest = self.thresholds.smooth_max_run, self.thresholds.smooth_max_words
        for start, end in self._runs():
            long = (i for i in range(start, end) if self.blocks[i].words > longest)
            if end - start > most or not all(map(self._mere_labels, long)):
                continue
            kinds = [self.kind(i) for i in range(start, end)]
            if any(kind in _KEPT_BETWEEN_CHROME for kind in kinds):
                continue
            before = self.verdicts[start - 1] if start > 0 else None
            after = self.verdicts[end] if end < len(self.blocks) else None
            if before is None or (after is None and end < len(self.blocks)):
                continue
            category = before.category if after is None or after.category is before.category else Category.NAVIGATION
            for index, kind in zip(range(start, end), kinds, strict=True):
                reason = f"between chrome blocks: {describe(kind, self.blocks[index])}"
                self._set(index, category, "between-chrome", reason)

    def _trailer(self) -> None:
        """Below the article: short lines after its last paragraph, once the chrome under it has begun.

        Pages go on after the article with teasers, tag lists, author boxes and footers;
        the rules find some of that chrome, and the short lines among it ("More from
        the Gazette", a teaser title, "linux, retro, c64") are chrome too.  Short
        sentences, lead-ins and the lists under them, and data stay.  Paragraphs stay
        too, but for lone ones below a share bar or the footer (`_lone_paragraph`).
        """
        paragraphs = self._paragraphs()
        if not paragraphs:
            return
        final = paragraphs[-1]
        last = self._article_end(paragraphs, self.thresholds.trailer_gap) if self.thresholds.trailer_gap else final
        start = last + 1
        if self.thresholds.trailer_needs_chrome:
            start = next(
                (i for i in range(last + 1, len(self.blocks)) if self.verdicts[i] is not None), len(self.blocks)
            )
        if self.thresholds.trailer_prose_words:
            self._trailer_paragraphs(start)
        kept_kinds = _KEPT_IN_TRAILER if not self.thresholds.trailer_sentences else _KEPT_IN_TRAILER - {Kind.SENTENCE}
        listing = False  # under a lead-in, until the next chrome
        for index in range(start, len(self.blocks)):
            if self.verdicts[index] is not None:
                listing = False
                continue
            if index in self.headlines:
                continue
            kind = self.kind(index)
            listing = listing or kind is Kind.LEAD_IN
            long = self.blocks[index].words > TRAILER_MAX_WORDS and not self._mere_labels(index)
            if listing or kind in kept_kinds or long:
                continue
            if index < final and (kind is Kind.SENTENCE or self._leads_to_paragraph(index)):
                continue  # among paragraphs below the body: maybe the article's own closing section
            self._set(
                index,
                Category.FOOTER,
                "trailer",
                f"below the article and its chrome: {describe(kind, self.blocks[index])}",
            )

    def _trailer_paragraphs(self, start: int) -> None:
        """The trailer's lone paragraphs (`_lone_paragraph`), once the page's furniture has closed the article.

        Closed by a share bar or the footer, or by chrome of CLOSING_MIN_CATEGORIES kinds
        (a related box, a newsletter prompt and a menu: sidebars' "about me" and site blurbs
        stand among them).  Below the article and its chrome, a block with one weak cue is
        chrome of the cue's kind, closed or not ("Prüfe Deinen Posteingang, um Dein Abonnement
        zu bestätigen"); in the article, a cue takes two of them or chrome next to it.
        Decided before the trailer's short lines, so that a teaser's title above its summary
        does not look like a subheading of the article's own closing section.
        """
        closing = 0  # a share bar's or the footer's rule hits: from CLOSING_MIN_BLOCKS on, the article is over
        furniture: Counter[Category] = Counter()  # ... or from enough chrome of CLOSING_MIN_CATEGORIES kinds on
        limit = self.thresholds.trailer_prose_words
        below: str | None = None  # what has closed the article, once something has
        for index in range(start, len(self.blocks)):
            verdict = self.verdicts[index]
            if verdict is not None and verdict.strength is not Strength.STRUCTURE:  # the trailer's lines are guesses
                closing += verdict.category in _CLOSING
                if verdict.category is not Category.CAPTION:  # a picture's caption stands in articles too
                    furniture[verdict.category] += 1
                below = _closed_by(closing, furniture)  # the counts only grow: once closed, closed
            if verdict is not None or index in self.headlines:
                continue
            cue, prose = self.cues.get(index), self.prose[index]
            if cue is not None and (below or not prose) and self.blocks[index].words <= limit:
                reason = f"below the article and its chrome: a {cue.category} cue, {cue.words!r}"
                self._set(index, cue.category, "trailer-cue", reason)
            elif below and prose and self._lone_paragraph(index):
                reason = f"a lone paragraph ({self.blocks[index].words} words) below {below}"
                self._set(index, Category.FOOTER, _TRAILER_PROSE, reason)

    def _lone_paragraph(self, index: int) -> bool:
        """With at most TRAILER_PROSE_BLOCKS paragraphs around it and `trailer_prose_words` words in all, under chrome.

        Below the article's share bar or footer, a paragraph on its own is a teaser's
        summary, an author's or a site's description, a cookie or comment-form notice; the
        article's own closing section there would be several paragraphs in a row, or longer.
        The paragraphs above it have been decided already (as lone ones, or not).
        """
        limit = self.thresholds.trailer_prose_words
        words, paragraphs = 0, 0
        above = index - 1
        while above >= 0 and self.prose[above] and self._trailer_prose_or_open(above):
            above -= 1
        if above >= 0 and self.verdicts[above] is None and self.kind(above) in _HEADS_PARAGRAPHS:
            return False  # under kept data or a lead-in ("Deadline: 15 March"): the page's own text goes on
        for neighbour in range(above + 1, len(self.blocks)):
            if not self.prose[neighbour] or not self._trailer_prose_or_open(neighbour):
                break
            words, paragraphs = words + self.blocks[neighbour].words, paragraphs + 1
            if words > limit or paragraphs > TRAILER_PROSE_BLOCKS:
                return False
        return True

    def _trailer_prose_or_open(self, index: int) -> bool:
        verdict = self.verdicts[index]
        return verdict is None or verdict.rule == _TRAILER_PROSE_RULE

    def _leads_to_paragraph(self, index: int) -> bool:
        """No chrome between the block and the next paragraph: a subheading, or a line of its section.

        An article whose closing section follows a box in its middle ("What happens next",
        "Tuesday 3 February, 2pm to 7pm", then a paragraph) keeps it; a teaser's title has
        the teaser list's chrome around it.
        """
        for below in range(index + 1, len(self.blocks)):
            if self.verdicts[below] is not None:
                return False
            if self.opens_paragraph(below):
                return True
        return False

    def _comments_open(self, paragraphs: list[int]) -> int | None:
        """Where readers' comments begin: the section's first opening hit below COMMENTS_MIN_PARAGRAPHS paragraphs."""
        if len(paragraphs) <= COMMENTS_MIN_PARAGRAPHS:
            return None
        after = bisect_right(self._comment_openings, paragraphs[COMMENTS_MIN_PARAGRAPHS - 1])
        return self._comment_openings[after] if after < len(self._comment_openings) else None

    def _article_end(self, paragraphs: list[int], gap: int) -> int:
        """The last paragraph of the article's body, of the `paragraphs` (in order, at least one).

        Paragraphs form groups, split where `gap` or more chrome blocks stand between two of
        them.  The article ends with the last group that has at least TRAILER_BODY_SHARE of
        the largest group's text: a teaser's or an author box's paragraph in the chrome
        below the article does not make the article end there, while an article that a
        long box interrupts (or a cookie policy that precedes it) keeps its second part.
        Readers' comments are often longer than the article: once their section has opened
        (`_comments_open`), the groups below it are not the article's.
        Chrome between two paragraphs is counted from a running count of decided blocks,
        so only paragraphs cost Python: walking every block took 0.4 s of the devset.
        """
        decided = list(accumulate(map(is_not, self.verdicts, repeat(None)), initial=0))
        blocks = self.blocks
        groups: list[tuple[int, int]] = []  # (last paragraph, characters)
        last, size = paragraphs[0], 0
        opened = self._comments_open(paragraphs)
        for index in paragraphs:
            if decided[index] - decided[last] >= gap or (opened is not None and last < opened < index):
                groups.append((last, size))
                size = 0
            size += blocks[index].end - blocks[index].start
            last = index
        groups.append((last, size))
        if opened is not None:
            groups = [group for group in groups if group[0] < opened]
        largest = max(size for _, size in groups)
        return next(end for end, size in reversed(groups) if size >= TRAILER_BODY_SHARE * largest)


def _is_byline(verdict: Verdict, block: Block) -> bool:
    if verdict.category in _BYLINE_CATEGORIES:
        return True
    return verdict.rule in _ROW_RULES and _DIGIT.search(block.text) is not None


def _writers(byline: str, stopwords: frozenset[str]) -> set[str]:
    """The full names a byline gives: runs of two to four capitalised words, not after a comma.

    After a comma stand the desk and the place ("By Nada Tawfik, BBC News, New York"); a run
    with an agency's or a desk's word is no person ("By Reuters Staff", "Por Europa Press",
    "Health Editor"), and an interview's line names the person interviewed, not the writer.
    """
    folded = fold(byline)
    if any(word in folded for word in _INTERVIEW_WORDS):
        return set()
    names: set[str] = set()
    run: list[str] = []
    for word in [*byline.replace(",", " , ").split(), ","]:
        if _is_name_word(word) and fold(word) not in _NOT_A_NAME:
            run.append(word)
            continue
        while run and fold(run[0]) in stopwords:  # "By", "Von": the byline's own word
            run.pop(0)
        for length in range(2, OPENING_NAME_MAX_WORDS + 1):
            names.update(" ".join(run[i : i + length]) for i in range(len(run) - length + 1))
        run = []
        if word == ",":
            break  # the desk and the place come after
    return names


def _is_name_word(word: str) -> bool:
    return word[:1].isupper() and _NAME_PUNCTUATION.sub("", word).isalpha()


def _opening_name(text: str, stopwords: frozenset[str]) -> str | None:
    """The capitalised words a paragraph opens with, when a word in lower case or a comma follows: its subject.

    A first name alone before a comma is someone spoken to ("Jan, how did ..."), and a
    capitalised stopword opens a sentence ("The", "Die"), so neither is a name.
    """
    name: list[str] = []
    for word in text.split(maxsplit=OPENING_NAME_MAX_WORDS + 1)[: OPENING_NAME_MAX_WORDS + 1]:
        bare = word.rstrip(",")
        if not _is_name_word(bare):
            if not word[:1].islower():
                return None
            break
        name.append(bare)
        if bare != word:
            if len(name) == 1:
                return None
            break
    else:
        return None  # the paragraph is names, or the name goes on too long
    if not name or (len(name) == 1 and (len(name[0]) < NAME_MIN_CHARS or fold(name[0]) in stopwords)):
        return None
    return " ".join(name)


def _has_caption(credit: Block) -> bool:
    """The credit line carries the picture's caption itself ("Pumps at dusk. Photo: Shutterstock").

    A sentence of CAPTION_MIN_WORDS words or more before a sentence break: "Foto: dpa/M. Schutt"
    breaks at an initial.
    """
    found = SENTENCE_BREAK.search(credit.text)
    return found is not None and len(credit.text[: found.start()].split()) >= CAPTION_MIN_WORDS


def _closed_by(closing: int, furniture: Counter[Category]) -> str | None:
    """What closes the article, given the share and footer hits and the furniture below it so far."""
    if closing >= CLOSING_MIN_BLOCKS:
        return "a share bar or the footer"
    if len(furniture) >= CLOSING_MIN_CATEGORIES and furniture.total() >= FURNITURE_MIN_BLOCKS:
        return f"{furniture.total()} chrome blocks of {len(furniture)} kinds ({', '.join(sorted(furniture))})"
    return None


COMMENTS_MIN_PARAGRAPHS = 5  # paragraphs above a comment section's opening, for it to be below the article
# The rules whose hits open a comment section: its count, its thread's title, the blog platform's form, a
# comment's header.  A comment button ("Reply", "Comentar") stands in share bars above articles too.
_COMMENTS_OPENING = ("comments.counter", "comments.thread", "comments.platform", "comments.byline")


# Chrome that closes an article: below it, no more of the article's prose comes. A related box, an
# appeal or an advert may stand in the article's middle; a share bar that far down, or the footer, not.
# It takes CLOSING_MIN_BLOCKS rule hits of these categories (a bar's two buttons, the footer's two links):
# one "Share" may be an image's button in the article's middle, one "Partner" a section's heading.
_CLOSING = frozenset((Category.SHARE, Category.FOOTER))
CLOSING_MIN_BLOCKS = 2
# Or FURNITURE_MIN_BLOCKS rule hits of CLOSING_MIN_CATEGORIES categories or more, captions aside (a related
# box, a newsletter prompt, a menu): a box of teasers, or an advert, a share button and a "Read more" may
# stand in the article's middle; the page's furniture of three kinds and five blocks, not.  Measured on the
# devset: 3 kinds +39 chrome strings, 3 kinds in 5 blocks +32, neither losing article text, but the first
# takes the closing section after a mid-article "Advertisement / Share / Read more"; any 5 blocks,
# whatever their kinds, +70 but lost the last paragraph after a related box.
CLOSING_MIN_CATEGORIES, FURNITURE_MIN_BLOCKS = 3, 5
# Boxes that describe themselves between their rule hits (`Classifier._boxed`), and how long that text is.
# Not related boxes, advert markers or share buttons: "Lesen Sie auch: …", "Advertisement" and an image's
# "Share" stand every few paragraphs in some articles, a short paragraph between two.
BOXED_CATEGORIES = frozenset(
    (
        Category.NEWSLETTER,
        Category.DONATION,
        Category.APP_PROMO,
        Category.PAYWALL,
        Category.COOKIE,
        Category.COMMENTS,
        Category.FOOTER,
    )
)
BOXED_MAX_WORDS, BOXED_MAX_BLOCKS = 20, 2
# Author boxes (`Classifier._author_boxes`): bylines are short blocks of these categories or rows of cells.
_BYLINE_CATEGORIES = frozenset((Category.METADATA, Category.AUTHOR_BIO))
_ROW_RULES = frozenset((f"{RULE_PREFIX}.label-row", f"{RULE_PREFIX}.chrome-row"))
BYLINE_MAX_WORDS = 15
# A byline's words that are no person's name: agencies, desks and staff ("Reuters Staff", "Europa Press").
_NOT_A_NAME = frozenset(
    (
        "press",
        "presse",
        "prensa",
        "staff",
        "news",
        "agency",
        "agence",
        "agencia",
        "agentur",
        "redaktion",
        "redacción",
        "rédaction",
        "redazione",
        "redactie",
        "redakcja",
        "редакция",
        "desk",
        "team",
        "correspondent",
        "editor",
        "reporter",
        "reuters",
        "afp",
        "dpa",
        "ap",
        "efe",
        "ansa",
        "apa",
        "sda",
        "kna",
        "epd",
        "cnn",
        "bbc",
    )
)
# An interview's line names the person interviewed ("Interview: Anna Schmidt"), whose name opens the intro.
_INTERVIEW_WORDS = ("interview", "gespräch", "protokoll", "entrevista", "entretien", "intervista", "wywiad", "интервью")
OPENING_NAME_MAX_WORDS, NAME_MIN_CHARS = 4, 3
_NAME_PUNCTUATION = re.compile(r"[.'’-]")
_TRAILER_PROSE = "trailer-prose"  # the pass's name; its verdicts' rule id below
_TRAILER_PROSE_RULE = f"{RULE_PREFIX}.{_TRAILER_PROSE}"
_HEADS_PARAGRAPHS = frozenset((Kind.DATA, Kind.LEAD_IN))
_KEPT_BETWEEN_CHROME = frozenset((Kind.SENTENCE, Kind.LEAD_IN, Kind.DATA))
_KEPT_IN_TRAILER = frozenset((Kind.PROSE, Kind.SENTENCE, Kind.LEAD_IN, Kind.DATA))


def is_row_label(label: str) -> bool:
    return len(label.split()) <= ROW_LABEL_MAX_WORDS and label[-1:] not in ".!?:"


def _is_name(block: Block) -> bool:
    """A person's name alone on a line: two to four words, no punctuation but dots and hyphens, no digits."""
    words = block.text.split()
    return 2 <= len(words) <= 4 and all(word.replace(".", "").replace("-", "").isalpha() for word in words)
