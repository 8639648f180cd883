"""The Cleaner: passes over a document's blocks that turn rule hits into a Result.

The passes run in a fixed order, each reading what the earlier ones decided:

1. direct     phrase, caption and heading hits, block by block (context-free)
2. cues       weak cues: several in one block, or one next to chrome of its category
3. title      the headline, which is neither body nor chrome
4. sections   headings extend over link lists, or over trailing appeals
5. structure  short blocks decided by their position and neighbours (jusText-style)
6. safety     if most of the prose would go, fall back to the direct verdicts only
7. flattened  chrome trimmed from the edges of a page flattened onto one line

Every removed block carries the rule that removed it, so any result can be explained.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from functools import cached_property
from itertools import compress, pairwise, repeat
from operator import is_

from newsclean import flattened
from newsclean.custom import CustomRules, RuleConfig
from newsclean.document import Block, Document
from newsclean.language import LanguageGuesser
from newsclean.result import Removal, Result
from newsclean.rules.rule import Category, Rule, Scope, Section
from newsclean.rules.ruleset import Hit, RuleSet
from newsclean.structure import RULE_PREFIX, THRESHOLDS, Classifier, Cue, Mode, Thresholds, is_label_list, is_prose
from newsclean.verdict import Strength, Trim, Verdict

# The body starts at a paragraph with another this many blocks below it at most (`_Run._body_start`).
BODY_RUN_BLOCKS = 3
# A title has a few words and no final full stop or colon.
TITLE_MIN_WORDS, TITLE_MAX_WORDS, TITLE_PREFERRED_WORDS = 2, 25, 4
# Weak cues remove a block when there are this many distinct ones, at this density.
CUES_NEEDED, WORDS_PER_CUE = 2, 20
# A trailer section (an appeal to the end) needs the article to have started before it,
# and ends where this many prose blocks in a row carry no cue of its category.
TRAILER_MIN_PROSE_BEFORE, TRAILER_RESUME_RUN = 2, 3
# Link lists under a heading: title-like blocks of at most this many words.
LIST_ITEM_MAX_WORDS = 20
# A box section's own text (Section.BOX): paragraphs below its list, at most this many and words in all.
BOX_MAX_PARAGRAPHS, BOX_MAX_WORDS = 2, 150
_GOES_ON = frozenset(".,;")  # a list section ends at a line that ends so
LEAD_IN_MIN_WORDS = 3  # see _Run._release_under_lead_in
# The last word of a lead-in that makes it a reader's comment header ("Max Mustermann sagt:", "Jane Doe says:").
_SAYING = frozenset(
    ("sagt", "schreibt", "meint", "says", "writes", "said", "dit", "écrit", "dice", "escribe", "scrive")
)
# Share of the prose characters that, if removed, makes the cleaning fall back.
FALLBACK_PROSE_SHARE = 0.75

# Where a page's title splits into the headline and the site's name: "Headline | Site", "Site - Headline".
# The title's other parts must be shorter than this share of its longest part, for that to be the headline
# and not the site's name.
HEADLINE_CLEAR_LEAD = 0.75
_TITLE_SEPARATOR = re.compile(r"\s+[|\-:·/]+\s+")  # on folded text, where dashes are "-" and guillemets '"'

FALLBACK_LANGUAGE = "en"  # its pack applies to every document (see Cleaner)
_DIRECT_ORDER = (Scope.LINE, Scope.HEADING, Scope.ANYWHERE, Scope.START, Scope.SHORT)


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
    `config` adds rule files and selects rules (see newsclean.custom); rules for a site
    apply to the documents cleaned with a `site` (a URL or domain) under it.
    `mode` sets how much goes beyond direct phrase hits (see newsclean.structure.Mode).
    """

    def __init__(
        self,
        rules: Iterable[Rule] | None = None,
        *,
        language: str | None = None,
        config: RuleConfig | None = None,
        mode: Mode | str = Mode.BALANCED,
    ) -> None:
        self.custom = CustomRules(rules, config or RuleConfig(), passes=(RULE_PREFIX,))
        self.guesser = LanguageGuesser(self.custom.stopwords)
        self.language = language
        self.mode = Mode(mode)
        self._rulesets: dict[str, RuleSet] = {}
        # The classifier's stopwords: the document's language's, or every language's when it is unknown.
        self._stopwords = {language: frozenset(words) for language, words in self.custom.stopwords.items()}
        self._any_stopwords = frozenset().union(*self._stopwords.values())

    @cached_property
    def ruleset(self) -> RuleSet:
        """Every rule, for documents whose language cannot be told.

        Compiled on first use: it took 1.9 s of the 4.4 s that compiling the built-in packs
        cost, and a run over documents of known languages never scans with it.
        """
        return RuleSet(self.custom.general)

    def prepare(self) -> Cleaner:
        """Compile now what is otherwise compiled on first use (for benchmarks and tests).

        That is the rule set of every language, and each rule's own pattern, which the scan
        needs for keyword rules and to attribute some matches (77 of them on the devset).
        """
        for language in [*self.guesser.languages, None]:
            self.ruleset_for(language)
        for rule in self.custom.general:
            rule.compile()
        return self

    def languages_for(self, language: str | None) -> frozenset[str] | None:
        """The packs (by language) a document in `language` is scanned with; None for all of them."""
        if language is None or language not in self.guesser.languages:
            return None
        return frozenset(("*", language, FALLBACK_LANGUAGE))

    def ruleset_for(self, language: str | None) -> RuleSet:
        wanted = self.languages_for(language)
        if wanted is None:
            return self.ruleset
        if language not in self._rulesets:
            self._rulesets[language] = RuleSet(rule for rule in self.custom.general if rule.language in wanted)
        return self._rulesets[language]

    def clean(
        self,
        text: str,
        *,
        source: str | None = None,
        language: str | None = None,
        site: str | None = None,
        mode: Mode | str | Thresholds | None = None,
    ) -> Result:
        """`mode` may also be a Thresholds of one's own, to measure a setting (benchmarks/thresholds.py)."""
        document = Document(text)
        language = language or self.language or self.guesser.guess(document.folded)
        ruleset = self.ruleset_for(language)
        hits = ruleset.scan(document)
        warnings = self.custom.scan(document, hits, self.languages_for(language), site)
        stopwords = self._stopwords.get(language, self._any_stopwords) if language else self._any_stopwords
        thresholds = mode if isinstance(mode, Thresholds) else THRESHOLDS[Mode(mode or self.mode)]
        run = _Run(document, hits, ruleset, thresholds, stopwords, own_stopwords=language in self._stopwords)
        run.direct()
        run.label_rows()
        run.cues()
        run.find_title()
        run.sections()
        run.structure()
        fallback = run.safety()
        self.custom.selection.drop_excluded(run.verdicts)
        run.trim_flattened(self.custom.selection.allows)
        result = run.result(source, fallback, language)
        if warnings:  # patterns of rule files that ran out of time (see newsclean.custom)
            result.stats["warnings"] = warnings
        return result


class _Run:
    """The state of one document's cleaning, passed through in order."""

    def __init__(
        self,
        document: Document,
        hits: dict[Scope, list[Hit]],
        ruleset: RuleSet,
        thresholds: Thresholds,
        stopwords: frozenset[str],
        *,
        own_stopwords: bool = False,
    ) -> None:
        self.document = document
        self.ruleset = ruleset
        self.blocks = document.blocks
        self.hits = hits
        self.thresholds = thresholds
        self.verdicts: list[Verdict | None] = [None] * len(self.blocks)
        # A long run of labels (a tag cloud) is not prose, where the document's own stopwords tell:
        # in a language without a pack every long block would look like one.
        folded = document.folded
        self.prose = [
            is_prose(block) and not (own_stopwords and is_label_list(block, stopwords, folded)) for block in self.blocks
        ]
        self.headings: dict[int, Rule] = {}
        self.cue_hits: dict[int, dict[Category, list[Hit]]] = defaultdict(lambda: defaultdict(list))
        self.title: int | None = None
        self.title_repeat: int | None = None  # a kicker or breadcrumb line ending with the title's headline
        self.trims: list[Trim] = []
        self.classifier = Classifier(document, self.verdicts, self.prose, stopwords, thresholds, ruleset.line_rule)

    # 1. direct -----------------------------------------------------------------------
    def direct(self) -> None:
        """Rule hits, block by block; an `anywhere` hit (a caption's credit) takes no page on a line.

        A page flattened onto one line (newsclean.flattened) often ends with a caption, and
        a credit at its end made the whole page go with it.
        """
        under_lead_in: list[int] = []
        for scope in _DIRECT_ORDER:
            for hit in self.hits[scope]:
                if self.verdicts[hit.block] is not None:
                    continue
                if scope is Scope.ANYWHERE and self.blocks[hit.block].words >= flattened.FLAT_MIN_WORDS:
                    continue
                rule = hit.rule
                self.verdicts[hit.block] = Verdict(rule.category, rule.id, rule.reason, Strength.DIRECT)
                if rule.section is not None:  # a heading, or a line that opens a box ("About us")
                    self.headings[hit.block] = rule
                if rule.kept_under_lead_in:
                    under_lead_in.append(hit.block)
        self._release_under_lead_in(sorted(under_lead_in))

    def _release_under_lead_in(self, found: list[int]) -> None:
        """The hits of `kept_under_lead_in` rules that the article introduces, undone: a lead-in's links.

        "Mehr Informationen finden Sie unter:" over a web address: the line is what the article's
        sentence points to.  A lead-in that a rule took ("Sie sind hier:", "Folgen Sie uns auf:")
        is chrome, and so is what it introduces; one of fewer than LEAD_IN_MIN_WORDS words is
        too often a label ("Permanent Link:"), and one that ends in a verb of saying a reader's
        comment header ("Max Mustermann sagt:").  Judged right after the rule hits: a lead-in that
        only the later passes find to be chrome ("Du findest uns auch auf Instagram:") keeps its
        address.
        """
        released: set[int] = set()
        for index in found:
            above = index - 1
            if above < 0 or self.verdicts[above] is not None:
                continue
            if above in released or _is_article_lead_in(self.blocks[above]):
                self.verdicts[index] = None
                released.add(index)

    def label_rows(self) -> None:
        if self.thresholds.structure:
            self.classifier.label_rows()

    # 2. cues -------------------------------------------------------------------------
    def cues(self) -> None:
        for hit in self.hits[Scope.CUE]:
            self.cue_hits[hit.block][hit.rule.category].append(hit)
        if not self.thresholds.cues:
            return  # the hits still tell trailer sections where the article resumes
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
            self._find_repeated_title(first_prose, self._body_start(first_prose))
        elif candidates and all(v is not None for v in self.verdicts[candidates[-1] + 1 : first_prose]):
            # A short headline right above the article; one the extractor broke over lines
            # (a line that goes on in lower case: "Alameda County DA" / "is coddling criminals")
            # starts at the line it continues.
            title = candidates[-1]
            while title - 1 in candidates and self.blocks[title].text.lstrip()[:1].islower():
                title -= 1
            self.title = title

    def _body_start(self, first_prose: int) -> int:
        """The first paragraph with another within BODY_RUN_BLOCKS blocks below it: where the body starts.

        A page's header can hold a sentence of its own ("Wrong language? Change it here"),
        prose above the headline; the article's paragraphs come in a run.
        """
        paragraphs = [i for i in range(first_prose, len(self.blocks)) if self.prose[i] and self.verdicts[i] is None]
        return next((a for a, b in pairwise(paragraphs) if b - a <= BODY_RUN_BLOCKS), first_prose)

    def _find_repeated_title(self, first_prose: int, body_start: int) -> None:
        """The block that repeats the title's headline as the article's heading, above the first prose block.

        Text of a whole page starts with its title element ("Skoda: Der lange Weg zum Strom
        | autohaus.de"); the header and menus follow, then the headline again, alone, under a
        kicker or ending a breadcrumb ("Startseite > Auto > Skoda: Der lange Weg zum Strom").
        The headline is the title's longest part between separators; the site's name, shorter,
        comes back in the logo line and the footer.  When the two are near in length
        (HEADLINE_CLEAR_LEAD), which is which is unknown: a line repeating the longest part
        alone may be the logo's, and the title stays where it is.
        Above the first prose block: below it, a repetition is a teaser of the same story, or
        the footer's.  Of several, the nearest the article is its heading: a "Latest news" box
        in the header lists the story itself first.  A repetition alone wins over one under a
        kicker or ending a breadcrumb, wherever they stand: a breadcrumb below the headline and
        its standfirst repeats it too.  Failing any, a lone paragraph of the
        header ("Wrong language? Change it here") may stand above the headline: between it and
        the body's first run of paragraphs (`_body_start`), the first line that repeats the
        title's first part alone, when that part is the longest too, is the headline (a site's
        name, however long, is the title's last part, and a sidebar's box repeats it above its
        blurb; a "Most read" list below the headline repeats the story too, so the first).
        Repeated alone, it becomes the title; under a kicker or a breadcrumb, the title stays
        and the repetition stays in the body as the heading below which the article starts.
        """
        assert self.title is not None
        folded = self.document.folded
        title = self.blocks[self.title]
        in_order = _TITLE_SEPARATOR.split(folded[title.start : title.end].strip())
        parts = sorted(in_order, key=len, reverse=True)
        headline = parts[0]
        if " " not in headline:
            return
        clear = len(parts) == 1 or len(parts[1]) < HEADLINE_CLEAR_LEAD * len(headline)
        lines = [
            (index, folded[self.blocks[index].start : self.blocks[index].end].strip())
            for index in range(first_prose - 1, self.title, -1)
            if self.verdicts[index] is None and is_title_like(self.blocks[index])
        ]
        alone = next((index for index, text in lines if text == headline), None) if clear else None
        if alone is not None:
            self.title = alone
            return
        kicker = next((index for index, text in lines if text.endswith(" " + headline)), None)
        if kicker is not None:
            self.title_repeat = kicker
            return
        if not clear or headline != in_order[0]:
            return
        for index in range(first_prose + 1, body_start):  # past the header's lone paragraph: the first one
            block = self.blocks[index]
            if (
                self.verdicts[index] is None
                and is_title_like(block)
                and folded[block.start : block.end].strip() == headline
            ):
                self.title = index
                return

    # 4. sections ---------------------------------------------------------------------
    def sections(self) -> None:
        for heading, rule in sorted(self.headings.items()):
            if self.verdicts[heading] is None or self.verdicts[heading].rule != rule.id:
                continue  # swallowed by an earlier section with its own verdict
            if rule.section is Section.LIST:
                self._list_section(heading, rule)
            elif rule.section is Section.BOX:
                self._box_section(heading, rule)
            elif self._prose_before(heading) >= TRAILER_MIN_PROSE_BEFORE:
                self._trailer_section(heading, rule)

    def _section_verdict(self, heading: int, rule: Rule) -> Verdict:
        text = self.blocks[heading].text.strip()
        return Verdict(rule.category, rule.id, f"in the {rule.category} section under {text!r}", Strength.SECTION)

    def _list_section(self, heading: int, rule: Rule) -> int:
        """The short lines under the heading; where the list stopped (the first block it did not take)."""
        verdict = self._section_verdict(heading, rule)
        headlines, items = self._headlines(), 0
        for index in range(heading + 1, len(self.blocks)):
            if self.verdicts[index] is not None:
                continue
            block = self.blocks[index]
            if index in headlines or self.prose[index] or block.words > LIST_ITEM_MAX_WORDS:
                return index
            if block.text.rstrip()[-1:] in _GOES_ON:
                return index  # a sentence, or a line that goes on below ("Lieber Sönke,"): no link's title
            if items and self._resumes_article(index):
                return index
            self.verdicts[index] = verdict
            items += 1
        return len(self.blocks)

    def _box_section(self, heading: int, rule: Rule) -> None:
        """The list under the heading (the writer's name), then the box's own text below the article.

        "Über den Autor" / "Katharina Volkwein" / "Hat das Sammel-Gen von ihrem Opa geerbt, …":
        the paragraphs right below the list, at most BOX_MAX_PARAGRAPHS of BOX_MAX_WORDS words
        in all, when no paragraph follows them, nor a line over one: a review's "Zum Autor"
        section with a subheading ("Unser Fazit") and its paragraph below is the article's.  Only below the article
        (TRAILER_MIN_PROSE_BEFORE paragraphs above the heading): an "Autor" label above the
        article may stand over its first paragraph, and more paragraphs in a row are the
        article going on.
        """
        # A line that opens a box ("Über uns" in the footer) is a link among links as often: the
        # box's text must follow it right away, and the links after it are not the box's list.
        start = self._list_section(heading, rule) if rule.scope is Scope.HEADING else heading + 1
        if self._prose_before(heading) < TRAILER_MIN_PROSE_BEFORE:
            return
        end, words = start, 0
        while end < len(self.blocks) and self.prose[end] and self.verdicts[end] is None:
            end, words = end + 1, words + self.blocks[end].words
        paragraphs = end - start
        below = end < len(self.blocks) and self.verdicts[end] is None
        if below and (self.prose[end] or self.classifier.opens_paragraph(end + 1)):
            return  # a paragraph, or a subheading over one: the box's text goes on, or the article does
        if 0 < paragraphs <= BOX_MAX_PARAGRAPHS and words <= BOX_MAX_WORDS:
            verdict = self._section_verdict(heading, rule)
            for index in range(start, end):
                self.verdicts[index] = verdict

    def _resumes_article(self, index: int) -> bool:
        """The line is the article's subheading after the box: the article goes on below it.

        Another paragraph follows the one below it, and the line names what that one opens
        with (`Classifier.introduces`), or a third paragraph follows.  A teaser's title over
        its summary names it too, but the teaser list or the page's chrome goes on below the
        summary.
        """
        classifier = self.classifier
        return (
            classifier.opens_paragraph(index + 1)
            and classifier.opens_paragraph(index + 2)
            and (classifier.introduces(index, index + 1) or classifier.opens_paragraph(index + 3))
        )

    def _headlines(self) -> tuple[int | None, int | None]:
        """The title and the heading that repeats it: no section takes them."""
        return self.title, self.title_repeat

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
        verdict, headlines = self._section_verdict(heading, rule), self._headlines()
        for index in range(heading + 1, end):
            if self.verdicts[index] is None and index not in headlines:
                self.verdicts[index] = verdict

    def _has_cue(self, index: int, category: Category) -> bool:
        return bool(self.cue_hits.get(index, {}).get(category))

    # 5. structure: see newsclean.structure ----------------------------------------------
    def structure(self) -> None:
        if self.thresholds.structure:
            self.classifier.run(self.title, self._open_cues(), self.title_repeat)

    def _open_cues(self) -> dict[int, Cue]:
        """The blocks the cue pass left undecided, each with its most frequent cue."""
        cues = {}
        for index, by_category in self.cue_hits.items():
            if self.verdicts[index] is None:
                category, hits = max(by_category.items(), key=lambda item: len(item[1]))
                cues[index] = Cue(category, self.document.text[hits[0].start : hits[0].end])
        return cues

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

    # 7. flattened lines: see newsclean.flattened ----------------------------------------
    def trim_flattened(self, allows: Callable[[Category, str], bool]) -> None:
        """Labels off the edges of kept lines; after the safety pass, which judges whole blocks.

        A trim stands after a fallback too: the fallback would otherwise undo it in one pass
        and not in the next, where the body no longer tips the balance.
        """
        if self.thresholds.structure:
            kept = [i for i, verdict in enumerate(self.verdicts) if verdict is None and i != self.title]
            found = flattened.trims(self.document, kept, self.ruleset.line_rule)
            self.trims = [trim for trim in found if allows(trim.verdict.category, trim.verdict.rule)]

    # result --------------------------------------------------------------------------
    def result(self, source: str | None, fallback: str | None, language: str | None) -> Result:
        # Kept and removed blocks are picked out in C, and only removed ones cost Python
        # work: 0.20 s on the devset before, 0.17 s after (assembling the text included).
        title, verdicts = self.title, self.verdicts
        kept = [index for index in compress(range(len(verdicts)), map(is_, verdicts, repeat(None))) if index != title]
        removed = [
            Removal(block.start, block.end, verdict.category.value, verdict.rule, verdict.reason, block.text)
            for block, verdict in compress(zip(self.blocks, verdicts, strict=True), verdicts)
            if block.index != title
        ]
        blocks_removed = len(removed)
        kept_spans: dict[int, tuple[int, int]] = {}
        for trim in self.trims:
            block = self.blocks[trim.block]
            start, end = kept_spans.get(block.index, (block.start, block.end))
            kept_spans[block.index] = (trim.end, end) if trim.start == block.start else (start, trim.start)
            verdict = trim.verdict
            text = self.document.text[trim.start : trim.end]
            removed.append(Removal(trim.start, trim.end, verdict.category.value, verdict.rule, verdict.reason, text))
        if self.trims:
            removed.sort()
        by_category: Counter[str] = Counter()
        for removal in removed:
            by_category[removal.category] += len(removal.text)
        text = self.document.assemble(kept, kept_spans)
        title_block = self.blocks[self.title] if self.title is not None else None
        stats = {
            "chars_in": len(self.document.text),
            "chars_out": len(text),
            "blocks": len(self.blocks),
            "blocks_removed": blocks_removed,
            "spans_trimmed": len(self.trims),
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


def _is_article_lead_in(block: Block) -> bool:
    """A lead-in of the article's own: LEAD_IN_MIN_WORDS words or more ending in a colon, no comment header."""
    text = block.text.rstrip()
    if block.words < LEAD_IN_MIN_WORDS or not text.endswith(":"):
        return False
    last = text[:-1].split()[-1:]
    return not last or last[0].lower() not in _SAYING
