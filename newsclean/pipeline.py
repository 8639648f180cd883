"""The Cleaner: passes over a document's blocks that turn rule hits into a Result.

The passes run in a fixed order, each reading what the earlier ones decided:

1. direct     phrase, caption and heading hits, block by block (context-free)
2. cues       weak cues: several in one block, or one next to chrome of its category
3. title      the headline, which is neither body nor chrome
4. sections   headings extend over link lists, or over trailing appeals
5. structure  short blocks decided by their position and neighbours (jusText-style)
6. safety     if most of the prose would go, fall back to the direct verdicts only

Every removed block carries the rule that removed it, so any result can be explained.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from enum import IntEnum
from typing import NamedTuple

from newsclean.document import Block, Document, fold
from newsclean.language import LanguageGuesser
from newsclean.result import Removal, Result
from newsclean.rules.packs import load_builtin_packs
from newsclean.rules.rule import Category, Rule, Scope, Section
from newsclean.rules.ruleset import Hit, RuleSet

# A block is prose when it reads like article sentences; structure rules never remove prose.
PROSE_MIN_WORDS = 10
PROSE_ALWAYS_WORDS = 20
# A title has a few words and no final full stop or colon.
TITLE_MIN_WORDS, TITLE_MAX_WORDS, TITLE_PREFERRED_WORDS = 2, 25, 4
# Weak cues remove a block when there are this many distinct ones, at this density.
CUES_NEEDED, WORDS_PER_CUE = 2, 20
# A trailer section (an appeal to the end) needs the article to have started before it,
# and ends where this many prose blocks in a row carry no cue of its category.
TRAILER_MIN_PROSE_BEFORE, TRAILER_RESUME_RUN = 2, 3
# Link lists under a heading: title-like blocks of at most this many words.
LIST_ITEM_MAX_WORDS = 20
# A menu: at least MENU_MIN_RUN blocks in a row (chrome inside the run counts), at least
# MENU_MIN_LABELS of them undecided labels of at most MENU_MAX_WORDS words, no sentence.
MENU_MIN_RUN, MENU_MIN_LABELS, MENU_MAX_WORDS, MENU_MAX_CHARS = 4, 2, 4, 40
# A row of labels on one line ("News  Sport  Weather", "Accept all | Settings"): separators,
# and how many words a label and a row may have.
_LABEL_SEPARATOR = re.compile(r"\s*[|·•›»▸►▾]\s*|\s+[/>\\–—-]\s+|\s{2,}|\t")
_HAS_SEPARATOR = re.compile(r"[|·•›»▸►▾\t]|\s[/>\\–—-]\s|\s\s")  # the same, cheap to search for
_DIGIT = re.compile(r"\d")
LABEL_MAX_WORDS, LABEL_ROW_MAX_WORDS, LABEL_ROW_MIN = 3, 30, 3
# A credit-only caption line has at most CREDIT_MAX_WORDS words; one sentence of caption text
# above it at most CAPTION_MAX_WORDS (CAPTION_SHORT_WORDS when article prose stands above it).
CREDIT_MAX_WORDS, CAPTION_MAX_WORDS, CAPTION_SHORT_WORDS = 8, 25, 12
# Smoothing: at most this many blocks between chrome, each of at most so many words.
# Measured on the devset: longer runs and longer blocks lose article text (lists,
# teasers of the article itself) faster than they remove chrome.
SMOOTH_MAX_RUN, SMOOTH_MAX_WORDS = 5, 10
# Share of the prose characters that, if removed, makes the cleaning fall back.
FALLBACK_PROSE_SHARE = 0.75

_STRUCTURE_RULE = "structure"
FALLBACK_LANGUAGE = "en"  # its pack applies to every document (see Cleaner)
_DIRECT_ORDER = (Scope.LINE, Scope.HEADING, Scope.ANYWHERE, Scope.START, Scope.SHORT)


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


def is_prose(block: Block) -> bool:
    return block.words >= PROSE_ALWAYS_WORDS or (block.words >= PROSE_MIN_WORDS and block.ends_sentence)


def _is_label(label: str) -> bool:
    return len(label.split()) <= LABEL_MAX_WORDS and label[-1:] not in ".!?"


_SENTENCE_BREAK = re.compile(r"[.!?…] +[^\W\d_]")


def _one_sentence(block: Block) -> bool:
    return _SENTENCE_BREAK.search(block.text) is None


def _is_name(block: Block) -> bool:
    """A person's name alone on a line: two to four words, no punctuation but dots and hyphens, no digits."""
    words = block.text.split()
    return 2 <= len(words) <= 4 and all(word.replace(".", "").replace("-", "").isalpha() for word in words)


def is_title_like(block: Block) -> bool:
    text = block.text.rstrip()
    return TITLE_MIN_WORDS <= block.words <= TITLE_MAX_WORDS and text[-1:] not in ".:;,"


class Cleaner:
    """Compiles the rule packs once; `clean` is then cheap, and keeps no state between documents.

    With the built-in packs, each document is scanned with the rules of its language
    (guessed from the packs' stopwords, or forced with `language`), the language-
    independent rules, and the English pack, whose chrome wording ("Share",
    "Newsletter") turns up on sites in every language.  A document whose language
    cannot be told is scanned with every pack.  Rules passed in are all applied.
    """

    def __init__(self, rules: Iterable[Rule] | None = None, *, language: str | None = None) -> None:
        packs = load_builtin_packs() if rules is None else []
        self.ruleset = RuleSet([rule for pack in packs for rule in pack.rules] if rules is None else rules)
        self.guesser = LanguageGuesser({pack.language: pack.stopwords for pack in packs if pack.stopwords})
        self.language = language
        self._rulesets: dict[str, RuleSet] = {}

    def prepare(self) -> Cleaner:
        """Compile the rule set of every language now rather than on first use (for workers, benchmarks)."""
        for language in self.guesser.languages:
            self.ruleset_for(language)
        return self

    def ruleset_for(self, language: str | None) -> RuleSet:
        if language is None or language not in self.guesser.languages:
            return self.ruleset
        if language not in self._rulesets:
            wanted = {"*", language, FALLBACK_LANGUAGE}
            self._rulesets[language] = RuleSet(rule for rule in self.ruleset.rules if rule.language in wanted)
        return self._rulesets[language]

    def clean(self, text: str, *, source: str | None = None, language: str | None = None) -> Result:
        document = Document(text)
        language = language or self.language or self.guesser.guess(document.folded)
        ruleset = self.ruleset_for(language)
        run = _Run(document, ruleset.scan(document), ruleset)
        run.direct()
        run.label_rows()
        run.cues()
        run.find_title()
        run.sections()
        run.structure()
        fallback = run.safety()
        return run.result(source, fallback, language)


class _Run:
    """The state of one document's cleaning, passed through in order."""

    def __init__(self, document: Document, hits: dict[Scope, list[Hit]], ruleset: RuleSet) -> None:
        self.document = document
        self.ruleset = ruleset
        self.blocks = document.blocks
        self.hits = hits
        self.verdicts: list[Verdict | None] = [None] * len(self.blocks)
        self.prose = [is_prose(block) for block in self.blocks]
        self.headings: dict[int, Rule] = {}
        self.cue_hits: dict[int, dict[Category, list[Hit]]] = defaultdict(lambda: defaultdict(list))
        self.title: int | None = None

    # 1. direct -----------------------------------------------------------------------
    def direct(self) -> None:
        for scope in _DIRECT_ORDER:
            for hit in self.hits[scope]:
                if self.verdicts[hit.block] is not None:
                    continue
                rule = hit.rule
                self.verdicts[hit.block] = Verdict(rule.category, rule.id, rule.reason, Strength.DIRECT)
                if scope is Scope.HEADING:
                    self.headings[hit.block] = rule

    def label_rows(self) -> None:
        """A line that is a row of short labels: a menu or a button bar flattened onto one line.

        Chrome when at least half of the labels are chrome phrases on their own
        ("Accept all   Manage preferences", "£5  £10  Other"), or when there are three or
        more labels without digits ("News | Sport | Weather", "Home › News › Politics").
        """
        for index, block in enumerate(self.blocks):
            if self.verdicts[index] is not None or self.prose[index] or block.words > LABEL_ROW_MAX_WORDS:
                continue
            if _HAS_SEPARATOR.search(block.text) is None:
                continue
            labels = [label.strip() for label in _LABEL_SEPARATOR.split(block.text) if label.strip()]
            if len(labels) < 2 or any(not _is_label(label) for label in labels):
                continue
            rules = [rule for rule in map(self.ruleset.line_rule, map(fold, labels)) if rule is not None]
            if 2 * len(rules) >= len(labels):
                category = Counter(rule.category for rule in rules).most_common(1)[0][0]
                reason = f"a row of {len(labels)} labels, {len(rules)} of them {category} buttons"
            elif len(labels) >= LABEL_ROW_MIN and _DIGIT.search(block.text) is None:
                category, reason = Category.NAVIGATION, f"a row of {len(labels)} short labels"
            else:
                continue
            self.verdicts[index] = Verdict(category, f"{_STRUCTURE_RULE}.label-row", reason, Strength.STRUCTURE)

    # 2. cues -------------------------------------------------------------------------
    def cues(self) -> None:
        for hit in self.hits[Scope.CUE]:
            self.cue_hits[hit.block][hit.rule.category].append(hit)
        pending: list[tuple[int, Category, list[Hit]]] = []
        for index, by_category in self.cue_hits.items():
            if self.verdicts[index] is not None:
                continue
            for category, hits in by_category.items():
                distinct = {self.document.folded[h.start : h.end] for h in hits}
                words = self.blocks[index].words
                if len(distinct) >= CUES_NEEDED and len(distinct) * WORDS_PER_CUE >= words:
                    self._set_cue(index, category, hits, f"{len(distinct)} {category} cues")
                    break
            else:
                pending.append((index, *max(by_category.items(), key=lambda item: len(item[1]))))
        # One cue is enough next to chrome of the same category; settle chains both ways.
        changed = True
        while changed:
            changed = False
            for index, category, hits in pending:
                if self.verdicts[index] is None and self._next_to(index, category):
                    self._set_cue(index, category, hits, f"{category} cue next to {category} chrome")
                    changed = True

    def _set_cue(self, index: int, category: Category, hits: list[Hit], why: str) -> None:
        quoted = ", ".join(repr(self.document.text[h.start : h.end]) for h in hits[:3])
        self.verdicts[index] = Verdict(category, hits[0].rule.id, f"{why}: {quoted}", Strength.CUE)

    def _next_to(self, index: int, category: Category) -> bool:
        for neighbour in (index - 1, index + 1):
            if 0 <= neighbour < len(self.blocks):
                verdict = self.verdicts[neighbour]
                if verdict is not None and verdict.category is category:
                    return True
        return False

    # 3. title ------------------------------------------------------------------------
    def find_title(self) -> None:
        """The first title-like block of a few words before the first prose block.

        Picking too early only leaves chrome in; picking too late could drop an
        intro, so the earliest plausible headline wins.  A title needs page furniture
        around it (menus above, a byline, date or caption below): text that opens
        straight with a heading and prose, as good extractors give, starts with an
        in-article heading as often as with a headline, and that heading is body text.
        """
        first_prose = next((i for i, p in enumerate(self.prose) if p and self.verdicts[i] is None), None)
        if first_prose is None:
            return
        if all(verdict is None for verdict in self.verdicts[:first_prose]):
            return
        candidates = [i for i in range(first_prose) if self.verdicts[i] is None and is_title_like(self.blocks[i])]
        preferred = [i for i in candidates if self.blocks[i].words >= TITLE_PREFERRED_WORDS]
        if preferred:
            self.title = preferred[0]
        elif candidates and all(v is not None for v in self.verdicts[candidates[-1] + 1 : first_prose]):
            self.title = candidates[-1]  # a short headline, right above the article

    # 4. sections ---------------------------------------------------------------------
    def sections(self) -> None:
        for heading, rule in sorted(self.headings.items()):
            if self.verdicts[heading] is None or self.verdicts[heading].rule != rule.id:
                continue  # swallowed by an earlier section with its own verdict
            if rule.section is Section.LIST:
                self._list_section(heading, rule)
            elif self._prose_before(heading) >= TRAILER_MIN_PROSE_BEFORE:
                self._trailer_section(heading, rule)

    def _section_verdict(self, heading: int, rule: Rule) -> Verdict:
        text = self.blocks[heading].text.strip()
        return Verdict(rule.category, rule.id, f"in the {rule.category} section under {text!r}", Strength.SECTION)

    def _list_section(self, heading: int, rule: Rule) -> None:
        verdict = self._section_verdict(heading, rule)
        for index in range(heading + 1, len(self.blocks)):
            if self.verdicts[index] is not None:
                continue
            block = self.blocks[index]
            if index == self.title or self.prose[index] or block.words > LIST_ITEM_MAX_WORDS:
                return
            if block.text.rstrip().endswith("."):
                return
            self.verdicts[index] = verdict

    def _prose_before(self, index: int) -> int:
        return sum(1 for i in range(index) if self.prose[i] and self.verdicts[i] is None)

    def _trailer_section(self, heading: int, rule: Rule) -> None:
        end = len(self.blocks)
        run = 0
        for index in range(heading + 1, len(self.blocks)):
            clean_prose = self.prose[index] and self.verdicts[index] is None and not self._has_cue(index, rule.category)
            run = run + 1 if clean_prose else 0
            if run == TRAILER_RESUME_RUN:
                end = index - TRAILER_RESUME_RUN + 1
                break
        verdict = self._section_verdict(heading, rule)
        for index in range(heading + 1, end):
            if self.verdicts[index] is None and index != self.title:
                self.verdicts[index] = verdict

    def _has_cue(self, index: int, category: Category) -> bool:
        return bool(self.cue_hits.get(index, {}).get(category))

    # 5. structure --------------------------------------------------------------------
    def _undecided(self, index: int) -> bool:
        return self.verdicts[index] is None and not self.prose[index] and index != self.title

    def structure(self) -> None:
        if self.title is not None:
            for index in range(self.title):
                if self._undecided(index):
                    self._set_structure(index, Category.NAVIGATION, "before-title", "short block above the headline")
        self._attach()
        self._menus()
        self._smooth()

    def _attach(self) -> None:
        """Lines that belong to the chrome below them.

        A caption's text often stands on its own line above a credit-only line ("Foto:
        Keystone"); a single sentence there joins the caption when it is caption-short,
        or when chrome or the title frames it from above, so a paragraph above a
        mid-article credit stays.
        A bare name above a byline or a biography line is the writer's name.
        """
        for index in range(1, len(self.blocks)):
            verdict, above = self.verdicts[index], self.blocks[index - 1]
            if verdict is None or not self._undecided_line(index - 1):
                continue
            if verdict.category is Category.CAPTION and self.blocks[index].words <= CREDIT_MAX_WORDS:
                placed = self._framed_from_above(index - 1) or above.words <= CAPTION_SHORT_WORDS
                if placed and above.words <= CAPTION_MAX_WORDS and _one_sentence(above):
                    self._set_structure(index - 1, Category.CAPTION, "caption-above-credit", "caption above a credit")
            elif verdict.category in (Category.AUTHOR_BIO, Category.METADATA) and _is_name(above):
                self._set_structure(index - 1, verdict.category, "name-above-byline", "a name above a byline or bio")

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

    def _undecided_line(self, index: int) -> bool:
        return self.verdicts[index] is None and index != self.title

    def _set_structure(self, index: int, category: Category, name: str, reason: str) -> None:
        self.verdicts[index] = Verdict(category, f"{_STRUCTURE_RULE}.{name}", reason, Strength.STRUCTURE)

    def _runs(self) -> list[tuple[int, int]]:
        """Maximal runs [start, end) of undecided short blocks."""
        runs, start = [], None
        for index in range(len(self.blocks) + 1):
            if index < len(self.blocks) and self._undecided(index):
                start = index if start is None else start
            elif start is not None:
                runs.append((start, index))
                start = None
        return runs

    def _menus(self) -> None:
        """Runs of link labels; chrome already found inside a run joins it ("City Hall / Share / Sport")."""
        run: list[int] = []
        for index in range(len(self.blocks) + 1):
            if index < len(self.blocks) and self._in_menu(index):
                run.append(index)
                continue
            items = [i for i in run if self.verdicts[i] is None]
            if len(run) >= MENU_MIN_RUN and len(items) >= MENU_MIN_LABELS:
                for item in items:
                    self._set_structure(item, Category.NAVIGATION, "menu", f"one of {len(run)} short items in a row")
            run = []

    def _in_menu(self, index: int) -> bool:
        if index == self.title:
            return False
        return self.verdicts[index] is not None or (self._undecided(index) and self._menu_item(self.blocks[index]))

    @staticmethod
    def _menu_item(block: Block) -> bool:
        """A link label: a few words, no sentence, no "key: value", no numbers (addresses, specs)."""
        text = block.text
        return (
            block.words <= MENU_MAX_WORDS
            and len(text) <= MENU_MAX_CHARS
            and not block.ends_sentence
            and ":" not in text
            and _DIGIT.search(text) is None
        )

    def _smooth(self) -> None:
        """A short run of short blocks between chrome (or chrome and the end) is chrome.

        Only runs of a few label-sized blocks without a finished sentence: "Be there or
        be square!" between two widgets is more likely the article's last line than a
        label, and a long run between two widgets is more likely a list in the article.
        """
        for start, end in self._runs():
            if end - start > SMOOTH_MAX_RUN or any(
                self.blocks[index].ends_sentence or self.blocks[index].words > SMOOTH_MAX_WORDS
                for index in range(start, end)
            ):
                continue
            before = self.verdicts[start - 1] if start > 0 else None
            after = self.verdicts[end] if end < len(self.blocks) else None
            if before is None or (after is None and end < len(self.blocks)):
                continue
            category = before.category if after is None or after.category is before.category else Category.NAVIGATION
            for index in range(start, end):
                self._set_structure(index, category, "between-chrome", "short block between chrome blocks")

    # 6. safety -----------------------------------------------------------------------
    def safety(self) -> str | None:
        prose_total = prose_removed = indirect = 0
        for block, prose, verdict in zip(self.blocks, self.prose, self.verdicts, strict=True):
            if prose:
                prose_total += len(block.text)
                if verdict is not None:
                    prose_removed += len(block.text)
                    indirect += len(block.text) if verdict.strength is not Strength.DIRECT else 0
        emptied = all(v is not None or i == self.title for i, v in enumerate(self.verdicts))
        # Only what the fallback can undo counts: direct removals stay either way.
        if indirect and prose_removed > FALLBACK_PROSE_SHARE * prose_total:
            reason = f"would remove {prose_removed / prose_total:.0%} of the prose; kept direct removals only"
        elif emptied and any(v is not None and v.strength is not Strength.DIRECT for v in self.verdicts):
            reason = "would remove every block; kept direct removals only"
        else:
            return None
        self.verdicts = [v if v is not None and v.strength is Strength.DIRECT else None for v in self.verdicts]
        return reason

    # result --------------------------------------------------------------------------
    def result(self, source: str | None, fallback: str | None, language: str | None) -> Result:
        removed: list[Removal] = []
        kept: list[int] = []
        by_category: Counter[str] = Counter()
        for index, (block, verdict) in enumerate(zip(self.blocks, self.verdicts, strict=True)):
            if index == self.title:
                continue
            if verdict is None:
                kept.append(index)
                continue
            removed.append(
                Removal(block.start, block.end, verdict.category.value, verdict.rule, verdict.reason, block.text)
            )
            by_category[verdict.category.value] += len(block.text)
        text = self.document.assemble(kept)
        title_block = self.blocks[self.title] if self.title is not None else None
        stats = {
            "chars_in": len(self.document.text),
            "chars_out": len(text),
            "blocks": len(self.blocks),
            "blocks_removed": len(removed),
            "removed_chars": dict(sorted(by_category.items())),
            "fallback": fallback,
            "language": language,
        }
        return Result(
            title=title_block.text if title_block else None,
            text=text,
            removed=tuple(removed),
            stats=stats,
            title_span=(title_block.start, title_block.end) if title_block else None,
            source=source,
            newline=self.document.newline,
        )
