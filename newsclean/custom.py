"""The rules of a run besides the built-in packs: rule files, publisher packs, --disable/--only.

Three things set these rules apart from the built-in ones, which are tested pattern by
pattern:

* a pattern written by hand can backtrack catastrophically, so the patterns of rule
  files never join the merged scan: each runs block by block under the `regex`
  module's time limit (`GuardedPattern`), and one that runs out is reported;
* a rule can be for one site (`site = "example.com"`): site rules are indexed by domain
  and compiled per site on first use, so a record of another site (or without a site)
  costs one dictionary look-up per label of its host name, and nothing else;
* `--disable` and `--only` leave rules out before anything is compiled, and drop the
  verdicts of the structure passes that they exclude.
"""

from __future__ import annotations

import difflib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import regex

from newsclean.document import Block, Document, line_breaks
from newsclean.rules.packs import Pack, PackError, load_builtin_packs, read_pack
from newsclean.rules.rule import Category, Rule, Scope
from newsclean.rules.ruleset import LINE_MAX_WORDS, Hit, RuleSet

# Seconds a pattern of a rule file may spend on one block.  Ordinary patterns take
# microseconds; one that needs a tenth of a second on a line is backtracking.
PATTERN_TIMEOUT = 0.1
# Documents on which a pattern may run out of time before this process stops trying it:
# on a dump of millions of records, a tenth of a second each would stall the run for days.
PATTERN_STRIKES = 3
# Compiled site rule sets kept per process (a small rule set compiles in a few ms).
SITE_CACHE = 512
SITE_PACKS = "sites"  # newsclean/packs/sites/*.toml: publisher packs, each for its sites


@dataclass(frozen=True, slots=True)
class RuleConfig:
    """What a run adds to and takes from the built-in rules; hashable and picklable, so it travels to workers.

    Rule files travel as their text, not their paths, so that a worker on another
    machine (Dask) needs no access to the files.
    """

    files: tuple[tuple[str, str], ...] = ()  # (name for messages, TOML text)
    disable: tuple[str, ...] = ()
    only: tuple[str, ...] = ()

    @classmethod
    def from_paths(cls, paths: Iterable[str], disable: Iterable[str] = (), only: Iterable[str] = ()) -> RuleConfig:
        files = []
        for path in paths:
            try:
                files.append((str(path), Path(path).read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError) as error:
                raise PackError(f"{path}: cannot read rule file: {error}") from error
        return cls(tuple(files), tuple(disable), tuple(only))

    def with_file(self, name: str, text: str) -> RuleConfig:
        return replace(self, files=(*self.files, (name, text)))

    def packs(self) -> list[Pack]:
        return [read_pack(text, name) for name, text in self.files]


def load_site_packs() -> list[Pack]:
    """The publisher packs shipped in newsclean/packs/sites; every rule in them names its sites."""
    folder = resources.files("newsclean.packs").joinpath(SITE_PACKS)
    packs = []
    for entry in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if entry.name.endswith(".toml"):
            source = f"newsclean/packs/{SITE_PACKS}/{entry.name}"
            pack = read_pack(entry.read_text(encoding="utf-8"), source, compile_check=False)
            for rule in pack.rules:
                if not rule.sites:
                    raise PackError(f"{rule.source}: rule {rule.id!r}: a publisher pack's rules need `site`")
            packs.append(pack)
    return packs


# --- sites ---------------------------------------------------------------------------------------


def host_of(site: str) -> str | None:
    """The host name of a URL or bare domain ("https://www.example.com/a", "example.com"), lower case."""
    value = site.strip()
    try:
        host = urlsplit(value if "//" in value else "//" + value).hostname
    except ValueError:  # a malformed URL (an unclosed IPv6 bracket, say) has no usable host
        return None
    return host.rstrip(".") or None if host else None


def domains_of(host: str) -> list[str]:
    """The host and every parent domain above the top level: a.b.example.com, b.example.com, example.com."""
    labels = host.split(".")
    return [".".join(labels[index:]) for index in range(max(len(labels) - 1, 1))]


# --- --disable and --only ------------------------------------------------------------------------


class Selection:
    """--disable NAME (a category, a rule id, or the start of ids up to a dot) and --only CATEGORY.

    A rule id may be given without its language, as its rule file writes it
    (`newsletter.prompt` is en.newsletter.prompt, de.newsletter.prompt, ...).
    Rules left out are never compiled; verdicts that did not come from a rule (the
    structure passes: `structure.menu`, ...) are dropped after the passes by the same test.
    """

    def __init__(
        self,
        disable: Sequence[str],
        only: Sequence[str],
        rules: Iterable[Rule],
        passes: Sequence[str] = (),
    ) -> None:
        categories = [category.value for category in Category]
        unknown = [name for name in only if name not in categories]
        if unknown:
            raise PackError(f"--only {unknown[0]!r}: not a category; one of {', '.join(categories)}")
        self.only = frozenset(Category(name) for name in only)
        self.categories = frozenset(Category(name) for name in disable if name in categories)
        self.prefixes = tuple(name for name in disable if name not in categories)
        rules = list(rules)
        ids = [rule.id for rule in rules]
        self.languages = frozenset(rule.language + "." for rule in rules if rule.language != "*")
        for name in self.prefixes:
            known = any(self._named(rule_id, name) for rule_id in ids) or any(_named(name, done) for done in passes)
            if not known:
                close = difflib.get_close_matches(name, [*ids, *passes, *categories], n=3)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                raise PackError(f"--disable {name!r}: no rule or category of that name{hint}")

    def allows(self, category: Category, rule_id: str) -> bool:
        return (
            (not self.only or category in self.only)
            and category not in self.categories
            and not any(self._named(rule_id, name) for name in self.prefixes)
        )

    def _named(self, rule_id: str, name: str) -> bool:
        language, dot, rest = rule_id.partition(".")
        return _named(rule_id, name) or (language + dot in self.languages and _named(rest, name))

    def drop_excluded(self, verdicts: list[Any]) -> None:
        """Sets to None, in place, the verdicts that --disable or --only exclude."""
        if not (self.only or self.categories or self.prefixes):
            return
        for index, verdict in enumerate(verdicts):
            if verdict is not None and not self.allows(verdict.category, verdict.rule):
                verdicts[index] = None


def _named(rule_id: str, name: str) -> bool:
    return rule_id == name or rule_id.startswith(name + ".")


# --- patterns under a time limit -----------------------------------------------------------------


class GuardedPattern:
    """A rule file's pattern rule, compiled with `regex` and run block by block with a time limit.

    After PATTERN_STRIKES documents on which it ran out of time, the pattern is left
    out for the rest of the process's run (a pattern that backtracks on one page
    backtracks on the many like it).
    """

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.strikes = 0
        self.pattern = regex.compile(rule.pattern_source(), regex.MULTILINE)
        anchored = rule.scope in (Scope.LINE, Scope.HEADING, Scope.START)
        self.max_words = LINE_MAX_WORDS if rule.scope in (Scope.LINE, Scope.HEADING) else rule.max_words
        if rule.scope in (Scope.ANYWHERE, Scope.CUE):
            self.max_words = 0  # no limit
        self._find: Callable[..., Any] = self.pattern.match if anchored else self.pattern.search

    def scan(self, document: Document, found: list[Hit]) -> str | None:
        """Adds the rule's hits to `found`; if the pattern runs out of time, says so and stops there."""
        folded, rule = document.folded, self.rule
        if self.strikes >= PATTERN_STRIKES:
            return None
        for block in document.blocks:
            if self.max_words and block.words > self.max_words:
                continue
            if rule.keywords and not any(folded.find(word, block.start, block.end) >= 0 for word in rule.keywords):
                continue
            try:
                if rule.scope is Scope.CUE:
                    for match in self.pattern.finditer(folded, block.start, block.end, timeout=PATTERN_TIMEOUT):
                        found.append(Hit(rule, block.index, *match.span()))
                elif (match := self._find(folded, block.start, block.end, timeout=PATTERN_TIMEOUT)) is not None:
                    found.append(Hit(rule, block.index, *match.span()))
            except TimeoutError:
                return self._timed_out(document, block)
        return None

    def _timed_out(self, document: Document, block: Block) -> str:
        self.strikes += 1
        line = line_number(document, block)
        rest = "this run" if self.strikes >= PATTERN_STRIKES else "this document"
        return (
            f"rule {self.rule.id} ({self.rule.source}): its pattern ran for more than {PATTERN_TIMEOUT} s on "
            f"line {line} (catastrophic backtracking?) and was not applied to the rest of {rest}"
        )


# --- the rules of a Cleaner ----------------------------------------------------------------------


class CustomRules:
    """All rules of a Cleaner, sorted by how they are run; `scan` adds the hits of the non-merged ones.

    `general` go into the Cleaner's merged scan: the built-in rules (or those passed in)
    and the phrases of rule files.  The patterns of rule files are `guarded`.  Rules with
    a site are kept by domain, compiled per site on first use.
    """

    def __init__(
        self, rules: Iterable[Rule] | None, config: RuleConfig, passes: Sequence[str] = (), *, any_site: bool = False
    ) -> None:
        """`rules` (None: the built-in and publisher packs) are trusted; `any_site` applies site rules everywhere."""
        builtin = load_builtin_packs() + load_site_packs() if rules is None else []
        custom = config.packs()
        trusted = [rule for pack in builtin for rule in pack.rules] if rules is None else list(rules)
        from_files = [rule for pack in custom for rule in pack.rules]
        _check_unique([*trusted, *from_files])
        self.selection = Selection(config.disable, config.only, trusted + from_files, passes)
        self.rules = [rule for rule in trusted + from_files if self._uses(rule)]
        if any_site:
            trusted, from_files = ([replace(rule, sites=()) for rule in group] for group in (trusted, from_files))
        pieces: list[Rule | GuardedPattern] = [rule for rule in trusted if self._uses(rule)]
        for rule in filter(self._uses, from_files):
            pieces += [replace(rule, patterns=())] if rule.phrases else []
            pieces += [GuardedPattern(replace(rule, phrases=()))] if rule.patterns else []
        self.general = [piece for piece in pieces if isinstance(piece, Rule) and not piece.sites]
        self.guarded = [piece for piece in pieces if isinstance(piece, GuardedPattern) and not piece.rule.sites]
        self.by_domain: dict[str, list[Rule | GuardedPattern]] = {}
        for piece in pieces:
            for site in _rule(piece).sites:
                self.by_domain.setdefault(site, []).append(piece)
        self.stopwords: dict[str, tuple[str, ...]] = {}  # a rule file may add a language, or words to one
        for pack in builtin + custom:
            if pack.stopwords:
                known = self.stopwords.get(pack.language, ())
                self.stopwords[pack.language] = tuple(dict.fromkeys(known + pack.stopwords))
        self._sites: OrderedDict[tuple[Any, ...], tuple[RuleSet | None, list[GuardedPattern]]] = OrderedDict()

    def _uses(self, rule: Rule) -> bool:
        return self.selection.allows(rule.category, rule.id)

    @property
    def has_sites(self) -> bool:
        return bool(self.by_domain)

    def scan(
        self, document: Document, hits: dict[Scope, list[Hit]], languages: frozenset[str] | None, site: str | None
    ) -> list[str]:
        """Adds to `hits` what the guarded patterns and the site's rules find; returns what to report."""
        extra: list[Hit] = []
        warnings: list[str] = []
        guarded = self.guarded
        if site is not None and self.by_domain:
            ruleset, site_guarded = self._for_site(site, languages)
            if ruleset is not None:
                extra += [hit for found in ruleset.scan(document).values() for hit in found]
            guarded = guarded + site_guarded
        for pattern in guarded:
            if languages is None or pattern.rule.language in languages:
                warning = pattern.scan(document, extra)
                warnings += [warning] if warning else []
        for scope in {hit.rule.scope for hit in extra}:
            # Before the merged scan's hits at the same place (the sort is stable), so that they explain the removal.
            own = [hit for hit in extra if hit.rule.scope is scope]
            hits[scope] = sorted(own + hits[scope], key=lambda hit: hit.start)
        return warnings

    def _for_site(self, site: str, languages: frozenset[str] | None) -> tuple[RuleSet | None, list[GuardedPattern]]:
        domains = tuple(domain for domain in domains_of(host_of(site) or "") if domain in self.by_domain)
        key = (domains, languages)
        if key in self._sites:
            self._sites.move_to_end(key)
            return self._sites[key]
        pieces = [piece for domain in domains for piece in self.by_domain[domain]]
        pieces = [piece for piece in pieces if languages is None or _rule(piece).language in languages]
        plain = list(dict.fromkeys(piece for piece in pieces if isinstance(piece, Rule)))
        guarded = list(dict.fromkeys(piece for piece in pieces if isinstance(piece, GuardedPattern)))
        self._sites[key] = (RuleSet(plain) if plain else None, guarded)
        if len(self._sites) > SITE_CACHE:
            self._sites.popitem(last=False)
        return self._sites[key]


def line_number(document: Document, block: Block) -> int:
    """The block's line in the input, counting line breaks as the input writes them."""
    return 1 + line_breaks(document.text[: block.start])


def _rule(piece: Rule | GuardedPattern) -> Rule:
    return piece if isinstance(piece, Rule) else piece.rule


def _check_unique(rules: Iterable[Rule]) -> None:
    seen: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in seen:
            raise PackError(f"{rule.source}: rule id {rule.id!r} is already used at {seen[rule.id].source}")
        seen[rule.id] = rule
