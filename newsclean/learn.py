"""Learning a site's chrome from a dump: the blocks that repeat across many records of one site.

A site's pages share their chrome word for word ("Get the Gazette app", the footer, the
newsletter box), while its articles rarely share a line.  `Learner` counts, per site,
in how many records each block occurs (folded, as rules match it), and writes a rule
file with one `line` rule per block that occurs in at least `min_docs` records and
`min_share` of the site's records.  Such rules match the whole block, give or take
punctuation, exactly as learned; all of a site's phrases join one factored scan, run
only for that site's records (see newsclean.custom).

Quoted article prose is the trap: a sentence a site repeats in a series of articles.
A block that reads like prose (`structure.is_prose`: long, or ending like a sentence)
is learned only when it occurs in at least PROSE_SHARE of the site's records, where
an article sentence rarely does; and when it mostly sits inside the article, with
prose before and after it in the record (prose the site has not already repeated),
as a series' background paragraph does, only in at least INSIDE_PROSE_SHARE of them.  `include_prose` learns it anyway.

Memory stays bounded however large the dump: per site, blocks are counted by hash
with lossy counting (Manku and Motwani), which forgets, at each bucket of records,
the blocks too rare to ever reach `min_share`, and can only undercount by a known
small share; a block's text is kept once it has been seen twice, and the id of one
record it was seen in.  Past MAX_ENTRIES counted blocks in all, blocks seen once are
forgotten everywhere (which can only make learning miss a block, never add one).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from newsclean.custom import host_of
from newsclean.document import Block, Document
from newsclean.io import READ_ERRORS, InputError, decompressed, display_name, expand_inputs, get_field, open_raw
from newsclean.io import parse_record as parse_line
from newsclean.rules.packs import is_domain
from newsclean.rules.rule import Category, Scope
from newsclean.rules.ruleset import LINE_MAX_WORDS
from newsclean.structure import is_prose

MIN_DOCS, MIN_SHARE = 5, 0.2
PROSE_SHARE = 0.5
# Prose-like blocks that mostly sit between prose blocks: chrome there (a mid-article appeal)
# is on nearly every page, while a series repeats its background in some of its articles.
INSIDE_PROSE_SHARE = 0.8
# Lossy counting's bucket is this many times 1 / min_share records: a block is undercounted by
# at most a tenth of the share asked for.
BUCKETS_PER_SHARE = 10
MAX_ENTRIES = 1_000_000
SKIPPED_SHOWN = 5  # prose-like blocks listed (as comments) per site
_EDGES = re.compile(r"^\W+|\W+$")
_LETTER = re.compile(r"[^\W\d_]")


def block_key(folded: str) -> str:
    """A block as learned rules match it: folded, without punctuation at its ends, spaces collapsed."""
    return " ".join(_EDGES.sub("", folded).split())


def site_name(url: str) -> str | None:
    """The site of a URL for learning: its host without "www." (rules for a domain cover its subdomains).

    None for a host that is not a domain name ("localhost", a malformed URL): a rule's site must be one.
    """
    host = host_of(url)
    return host.removeprefix("www.") if host and is_domain(host) else None


class _Entry:
    """A block counted on one site: records seen (lower bound), lossy counting's error, one record, its text.

    `inside` counts the records in which the block had article prose both before and after it.
    """

    __slots__ = ("count", "delta", "example", "inside", "prose", "text")

    def __init__(self, delta: int, example: str | None, inside: bool) -> None:
        self.count, self.delta, self.example, self.inside = 1, delta, example, int(inside)
        self.text: str | None = None
        self.prose = False


@dataclass(slots=True)
class _Site:
    records: int = 0
    entries: dict[int, _Entry] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LearnedBlock:
    site: str | None
    text: str
    records: int
    site_records: int
    example: str | None
    words: int


class Learner:
    """Counts blocks per site, record by record; `blocks()` gives those to learn, `rule_file()` the rules."""

    def __init__(self, min_docs: int = MIN_DOCS, min_share: float = MIN_SHARE, include_prose: bool = False) -> None:
        self.min_docs, self.min_share, self.include_prose = min_docs, min_share, include_prose
        self.width = math.ceil(BUCKETS_PER_SHARE / min_share) if min_share > 0 else 0
        self.sites: dict[str | None, _Site] = {}
        self.records = 0
        self.entries = 0

    def add(self, text: str, site: str | None = None, record_id: Any = None) -> None:
        """Counts one record's blocks for its site (None: the whole input is one site)."""
        state = self.sites.get(site)
        if state is None:
            state = self.sites[site] = _Site()
        state.records += 1
        self.records += 1
        bucket = math.ceil(state.records / self.width) if self.width else 1
        example = None if record_id is None else str(record_id)
        document = Document(text)
        folded, entries, seen = document.folded, state.entries, set()
        keys = [block_key(folded[block.start : block.end]) for block in document.blocks]
        # The article's prose: prose-like blocks that this site has not already repeated in min_docs records.
        article = [
            block.index
            for block, key in zip(document.blocks, keys, strict=True)
            if is_prose(block) and getattr(entries.get(hash(key)), "count", 0) < self.min_docs
        ]
        first, last = (article[0], article[-1]) if article else (0, 0)
        for block, key in zip(document.blocks, keys, strict=True):
            if not key or key in seen or _LETTER.search(key) is None:
                continue
            seen.add(key)
            inside = first < block.index < last
            entry = entries.get(hash(key))
            if entry is None:
                entries[hash(key)] = _Entry(bucket - 1, example, inside)
                self.entries += 1
                continue
            entry.count += 1
            entry.inside += inside
            if entry.text is None:
                entry.text, entry.prose = _phrase(block), is_prose(block)
        if self.width and state.records % self.width == 0:
            self._forget(state, lambda entry: entry.count + entry.delta <= bucket)
        if self.entries > MAX_ENTRIES:
            for other in self.sites.values():
                self._forget(other, lambda entry: entry.count == 1)

    def _forget(self, state: _Site, rare: Callable[[_Entry], bool]) -> None:
        before = len(state.entries)
        state.entries = {key: entry for key, entry in state.entries.items() if not rare(entry)}
        self.entries -= before - len(state.entries)

    def blocks(self) -> tuple[list[LearnedBlock], list[LearnedBlock]]:
        """The blocks to learn and the prose-like ones left out, by site, most frequent first."""
        learned: list[LearnedBlock] = []
        skipped: list[LearnedBlock] = []
        for site in self.named_sites():
            state = self.sites[site]
            frequent = [
                entry
                for entry in state.entries.values()
                if entry.text is not None
                and entry.count >= self.min_docs
                and entry.count >= self.min_share * state.records
            ]
            for entry in sorted(frequent, key=lambda entry: (-entry.count, entry.text)):
                assert entry.text is not None
                block = LearnedBlock(
                    site, entry.text, entry.count, state.records, entry.example, len(entry.text.split())
                )
                share = INSIDE_PROSE_SHARE if 2 * entry.inside > entry.count else PROSE_SHARE
                quoted = entry.prose and entry.count < share * state.records and not self.include_prose
                (skipped if quoted else learned).append(block)
        return learned, skipped

    def named_sites(self) -> list[str | None]:
        """The sites learned for, by name; records without a site count as one only if no record has one."""
        named = sorted(site for site in self.sites if site is not None)
        return [*named] if named else [None]

    def rule_file(self, command: str = "newsclean learn") -> str:
        """The learned blocks as a rule file (TOML), with what was left out as comments."""
        learned, skipped = self.blocks()
        categories = _categories([block.text for block in learned])
        sites = self.named_sites()
        unnamed = self.sites[None].records if None in self.sites and sites != [None] else 0
        lines = [
            f"# Site chrome learned by `{command}` from {self.records:,} records of {len(self.sites):,} site(s):",
            f"# {len(learned):,} blocks repeated in at least {self.min_docs} records and {self.min_share:.0%} of "
            "their site's records.",
            "# Each rule removes a block that is exactly the phrase (give or take punctuation), on its site only.",
            "# Review, edit or delete rules as you like; `newsclean rules test` checks them on samples.",
            *([f"# {unnamed:,} records without a URL were left out (--site names their site)."] if unnamed else []),
            'language = "*"',
            'description = "Site chrome learned by newsclean learn"',
        ]
        for site in sites:
            own = [block for block in learned if block.site == site]
            left_out = [block for block in skipped if block.site == site]
            records = self.sites[site].records
            lines += ["", f"# --- {site or 'the whole input'}: {records:,} records, {len(own)} blocks learned ---"]
            if left_out:
                lines.append(
                    f"# Left out as quoted article prose ({len(left_out)}; --include-prose learns them), for example:"
                )
                shown = left_out[:SKIPPED_SHOWN]
                lines += [f"#   {block.records} records: {_toml_string(block.text)}" for block in shown]
            for number, block in enumerate(own, 1):
                lines += ["", *_rule_lines(block, number, categories[block.text])]
        return "\n".join(lines) + "\n"


def _phrase(block: Block) -> str:
    """The block's own text without punctuation at its ends: what the learned rule names."""
    return " ".join(_EDGES.sub("", block.text).split())


def _rule_lines(block: LearnedBlock, number: int, category: Category) -> list[str]:
    slug = (block.site or "input").replace(".", "-")
    where = f"on {block.site}" if block.site else "in the input"
    # A `line` rule matches blocks of up to LINE_MAX_WORDS words; a longer block is matched as the
    # opening of a block no longer than itself, which is the block itself.
    scope = Scope.LINE if block.words <= LINE_MAX_WORDS else Scope.START
    lines = [
        "[[rule]]",
        f'id = "learned.{slug}.{number}"',
        *([f"site = {_toml_string(block.site)}"] if block.site else []),
        f'category = "{category.value}"',
        f'scope = "{scope.value}"',
        *([f"max_words = {block.words}"] if scope is Scope.START else []),
        f'reason = "repeated {where}: in {block.records} of {block.site_records} records"',
        f"phrases = [{_toml_string(block.text)}]",
        f"records = {block.records}",
    ]
    return lines + ([f"example_record = {_toml_string(block.example)}"] if block.example is not None else [])


def _toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, but for DEL, which TOML wants escaped too."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _categories(texts: Iterable[str]) -> dict[str, Category]:
    """The category a built-in rule gives each text, where one names it; `boilerplate` otherwise."""
    from newsclean import _default_cleaner

    ruleset = _default_cleaner().ruleset
    found: dict[str, Category] = {}
    for text in texts:
        hits = ruleset.scan(Document(text))
        named = [hit.rule.category for scope in Scope for hit in hits[scope]]
        found[text] = named[0] if named else Category.BOILERPLATE
    return found


# --- reading dumps ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LearnOptions:
    text_field: str = "text"
    id_field: str | None = "id"
    url_field: str | None = "url"
    site: str | None = None  # the site of records without a URL; None: they form one site of their own


def learn_inputs(
    learner: Learner, paths: Iterable[str], glob: str, options: LearnOptions, report: Callable[[str], None]
) -> int:
    """Adds every record of the JSON Lines inputs (folders walked for `glob`) to `learner`.

    Returns how many lines or inputs could not be read; each is reported as "FILE:LINE: reason".
    """
    problems = 0
    fallback = site_name(options.site) if options.site else None  # --site may be a URL too
    for name, record in _records(expand_inputs(tuple(paths), glob), options, report):
        if record is None:
            problems += 1
            continue
        text, data = record
        url = get_field(data, options.url_field) if options.url_field else None
        site = site_name(url) if isinstance(url, str) and url.strip() else None
        record_id = get_field(data, options.id_field) if options.id_field else None
        learner.add(text, site or fallback, record_id if record_id is not None else name)
    return problems


def _records(
    inputs: Iterable[tuple[str, str]], options: LearnOptions, report: Callable[[str], None]
) -> Iterator[tuple[str, tuple[str, dict[str, Any]] | None]]:
    """(FILE:LINE, (text, record)) for each good record; None (reported) for each bad line or input."""
    for path, _ in inputs:
        name = display_name(path)
        try:
            raw = open_raw(path)
        except InputError as problem:
            report(str(problem))
            yield name, None
            continue
        with raw:
            try:
                for number, line in enumerate(decompressed(raw), 1):
                    record = parse_line(name, number, line, options.text_field)
                    if record.error is not None:
                        report(f"{name}:{number}: {record.error} (not learned from)")
                        yield f"{name}:{number}", None
                    elif record.text is not None and record.data is not None:
                        yield f"{name}:{number}", (record.text, record.data)
            except READ_ERRORS as problem:
                report(f"{name}: cannot read: {problem}")
                yield name, None
