"""Rule packs are data: TOML files, one per language (and `common` for every language).

A pack is a list of `[[rule]]` tables; see docs/rule-packs.md for the schema.  Loading
validates every field and names the file and line of anything wrong, because a rule
file is something people edit by hand.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import regex

from newsclean.document import fold
from newsclean.rules.rule import Category, Rule, Scope, Section

E = TypeVar("E", bound=StrEnum)
_FIELDS = {
    "id",
    "category",
    "scope",
    "reason",
    "phrases",
    "patterns",
    "keywords",
    "max_words",
    "section",
    "examples",
    "counter_examples",
    "site",
    "kept_under_lead_in",
    # What `newsclean learn` found, for people reading the file; not used in matching.
    "records",
    "example_record",
}
_PACK_FIELDS = {"language", "description", "stopwords", "rule", "site", "fragments"}
# A fragment's name, and a use of one in a pattern: {{saying}}.  Two braces are no regex
# quantifier, and a name left unknown is an error, not a literal.
_FRAGMENT_NAME = re.compile(r"[a-z][a-z0-9_]*")
_FRAGMENT_USE = re.compile(r"\{\{([^{}]*)\}\}")
# A site is a domain name (it covers its subdomains): no scheme, path or port.
_DOMAIN = re.compile(r"[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)+")


# A [[rule]] header, however spaced, perhaps with a comment after it.
_RULE_HEADER = re.compile(r"\s*\[\[\s*rule\s*\]\]")
# Escapes (\\W, \\p{Lu}, \\N{...}) may have capitals; the rest of a pattern may not.
_ESCAPES = re.compile(r"\\(?:[pPN]\{[^}]*\}|.)")


class PackError(ValueError):
    """A rule pack that cannot be used; the message names the file and line."""


def builtin_pack_text(name: str) -> str:
    return resources.files("newsclean.packs").joinpath(f"{name}.toml").read_text(encoding="utf-8")


def builtin_pack_names() -> list[str]:
    """Every pack shipped in newsclean/packs, `common` (all languages) first."""
    names = sorted(
        f.name.removesuffix(".toml") for f in resources.files("newsclean.packs").iterdir() if f.name.endswith(".toml")
    )
    return sorted(names, key=lambda name: name != "common")


class Pack(NamedTuple):
    """A parsed pack: its language, the stopwords that identify the language, its rules."""

    language: str
    description: str
    stopwords: tuple[str, ...]
    rules: list[Rule]


def load_builtin_packs(names: Iterable[str] | None = None) -> list[Pack]:
    return [
        read_pack(builtin_pack_text(name), f"newsclean/packs/{name}.toml", compile_check=False)
        for name in (builtin_pack_names() if names is None else names)
    ]


def load_builtin(names: Iterable[str] | None = None) -> list[Rule]:
    return [rule for pack in load_builtin_packs(names) for rule in pack.rules]


def load_file(path: Path) -> list[Rule]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PackError(f"{path}: cannot read rule file: {error}") from error
    return parse_pack(text, str(path))


def parse_pack(text: str, source: str) -> list[Rule]:
    return read_pack(text, source).rules


def read_pack(text: str, source: str, *, compile_check: bool = True) -> Pack:
    """A pack's rules, every field checked; errors name the file and line.

    `compile_check=False` skips compiling each pattern to report a bad one by its line:
    the built-in packs are checked by their tests, and compiling their 900-odd patterns
    with `regex` took 1-2 s of every process's start (the scan compiles them anyway).
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"\(at (?:line (\d+), column \d+|end of document)\)$", str(error))
        message = str(error)[: where.start()].strip() if where else str(error)
        line = (where.group(1) or max(len(text.splitlines()), 1)) if where else 1
        raise PackError(f"{source}:{line}: TOML: {message}") from error
    unknown = set(data) - _PACK_FIELDS
    if unknown:
        raise PackError(
            f"{source}:{_key_line(text, min(unknown))}: unknown top-level key(s) {', '.join(sorted(unknown))}; "
            f"known: {', '.join(sorted(_PACK_FIELDS))} (rules are written [[rule]])"
        )
    language = data.get("language")
    if not isinstance(language, str) or not language:
        raise PackError(f'{source}:1: the pack needs a top-level `language = "xx"` (or "*" for every language)')
    tables = data.get("rule", [])
    if not isinstance(tables, list):
        raise PackError(f"{source}: `rule` must be an array of tables, written [[rule]]")
    stopwords = data.get("stopwords", [])
    if not isinstance(stopwords, list) or not all(isinstance(word, str) and word.strip() for word in stopwords):
        raise PackError(f"{source}: `stopwords` must be a list of words")
    sites = _sites(data, lambda message, _key=None: PackError(f"{source}:{_key_line(text, 'site')}: {message}"))
    fragments = _fragments(
        data.get("fragments", {}), lambda key, message: PackError(f"{source}:{_key_line(text, key)}: {message}")
    )
    lines = text.splitlines()
    headers = [number for number, line in enumerate(lines, 1) if _RULE_HEADER.match(line)]
    rules = []
    for n, table in enumerate(tables):
        start = headers[n] if n < len(headers) else 1
        end = headers[n + 1] if n + 1 < len(headers) else len(lines) + 1
        field_line = _field_lines(lines, start, end)
        rules.append(
            _parse_rule(table, language, source, start, sites, field_line, fragments, compile_check=compile_check)
        )
    folded_stopwords = tuple(dict.fromkeys(fold(word).strip() for word in stopwords))
    return Pack(language, str(data.get("description", "")), folded_stopwords, rules)


def _fragments(table: object, fail: Callable[[str, str], PackError]) -> dict[str, str]:
    """The pack's `[fragments]`: named pieces of patterns, each of which may use the ones above it.

    A guard that many patterns share ("not when a reporting verb follows": a quote, not the
    page's own call) is written once and used as {{name}}, so that it is changed in one place.
    `fail(key, message)` makes the error for the line that sets `key`.
    """
    if not isinstance(table, dict):
        raise fail("fragments", "`fragments` must be a table of name = 'pattern', written [fragments]")
    fragments: dict[str, str] = {}
    for name, value in table.items():
        if not _FRAGMENT_NAME.fullmatch(name) or not isinstance(value, str) or not value:
            raise fail(name, f"fragment {name!r}: names are lower-case words (a-z, 0-9, _), values non-empty strings")
        fragments[name] = _expand(value, fragments, lambda message, key=name: fail(key, f"fragment {key!r}: {message}"))
    return fragments


def _expand(pattern: str, fragments: dict[str, str], fail: Callable[[str], PackError]) -> str:
    """`pattern` with each {{name}} replaced by that fragment."""

    def fragment(use: re.Match[str]) -> str:
        name = use.group(1)
        if name not in fragments:
            known = ", ".join(fragments) or "none"
            raise fail(f"{{{{{name}}}}} is not in [fragments] before this use (known: {known})")
        return fragments[name]

    return _FRAGMENT_USE.sub(fragment, pattern)


def _field_lines(lines: list[str], start: int, end: int) -> Callable[[str], int]:
    """The line that sets a field of the rule whose table spans lines start to end (the header's, if none)."""

    def line_of(key: str) -> int:
        setting = re.compile(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=")
        return next((number for number in range(start, end) if setting.match(lines[number - 1])), start)

    return line_of


def _key_line(text: str, key: str) -> int:
    """The first line that sets a top-level `key`, so errors can point at it."""
    setting = re.compile(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=")
    return next((number for number, line in enumerate(text.splitlines(), 1) if setting.match(line)), 1)


def is_domain(text: str) -> bool:
    """Whether `text` can be a rule's `site`: a domain name such as "example.com"."""
    return _DOMAIN.fullmatch(text) is not None


def _sites(table: dict[str, Any], fail: Callable[[str, str], PackError]) -> tuple[str, ...]:
    """`site = "example.com"` or a list of them, lower-cased; () when not given."""
    value = table.get("site", [])
    sites = [value] if isinstance(value, str) else value
    if not isinstance(sites, list) or not all(isinstance(site, str) and is_domain(site) for site in sites):
        raise fail(
            f'`site` is {value!r}; a domain such as "example.com" (subdomains included), or a list of them', "site"
        )
    return tuple(dict.fromkeys(site.lower() for site in sites))


def _parse_rule(
    table: dict[str, Any],
    language: str,
    source: str,
    line: int,
    pack_sites: tuple[str, ...] = (),
    field_line: Callable[[str], int] | None = None,
    fragments: dict[str, str] | None = None,
    *,
    compile_check: bool = True,
) -> Rule:
    """One [[rule]] table; errors name the line of the field that is wrong (`field_line`), else the header's."""
    where = f"{source}:{line}"

    def fail(message: str, key: str | None = None) -> PackError:
        at = f"{source}:{field_line(key)}" if key and field_line else where
        return PackError(f"{at}: rule {table.get('id', '?')!r}: {message}")

    unknown = set(table) - _FIELDS
    if unknown:
        first = min(unknown)
        raise fail(f"unknown field(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(_FIELDS))}", first)
    for name in ("id", "category", "scope", "reason"):
        if not isinstance(table.get(name), str) or not table[name]:
            raise fail(f"`{name}` is required and must be a non-empty string", name if name in table else None)
    category = _choice(Category, table["category"], "category", fail)
    scope = _choice(Scope, table["scope"], "scope", fail)
    section = _choice(Section, table["section"], "section", fail) if "section" in table else None
    if scope is Scope.HEADING and section is None:
        raise fail('scope = "heading" needs a `section` (list, box or trailer)', "scope")
    if section is not None and scope not in (Scope.HEADING, Scope.LINE):
        raise fail('`section` (list, box or trailer) goes with scope = "heading" or "line", and only there', "section")
    phrases = _strings(table, "phrases", fail)
    patterns = [
        _expand(pattern, fragments or {}, lambda message: fail(message, "patterns"))
        for pattern in _strings(table, "patterns", fail)
    ]
    if not phrases and not patterns:
        raise fail("needs `phrases` or `patterns`")
    for pattern in patterns:
        try:
            if compile_check:
                regex.compile(pattern)
        except regex.error as error:
            raise fail(f"pattern {pattern!r} does not compile: {error}", "patterns") from error
        letters = _ESCAPES.sub("", pattern)
        if letters != letters.lower():
            raise fail(f"pattern {pattern!r} has capitals; patterns match folded (lower-case) text", "patterns")
    max_words = table.get("max_words", 12)
    if not isinstance(max_words, int) or max_words < 1:
        raise fail("`max_words` must be a positive whole number", "max_words")
    kept_under_lead_in = table.get("kept_under_lead_in", False)
    if not isinstance(kept_under_lead_in, bool):
        raise fail("`kept_under_lead_in` must be true or false", "kept_under_lead_in")
    if not isinstance(table.get("records", 1), int) or not isinstance(table.get("example_record", ""), str):
        raise fail("`records` must be a whole number and `example_record` a string", "records")
    prefix = "" if language == "*" else f"{language}."
    return Rule(
        id=prefix + table["id"],
        category=category,
        scope=scope,
        reason=table["reason"],
        language=language,
        phrases=tuple(dict.fromkeys(" ".join(fold(p).split()) for p in phrases)),
        patterns=tuple(patterns),
        keywords=tuple(dict.fromkeys(fold(k) for k in _strings(table, "keywords", fail))),  # spaces kept: " | "
        max_words=max_words,
        section=section,
        examples=tuple(_strings(table, "examples", fail)),
        counter_examples=tuple(_strings(table, "counter_examples", fail)),
        source=where,
        sites=_sites(table, fail) if "site" in table else pack_sites,
        kept_under_lead_in=kept_under_lead_in,
    )


def _choice(enum: type[E], value: object, name: str, fail: Callable[[str, str], PackError]) -> E:
    try:
        return enum(value)
    except ValueError:
        raise fail(f"`{name}` is {value!r}; one of {', '.join(e.value for e in enum)}", name) from None


def _strings(table: dict[str, Any], name: str, fail: Callable[[str, str], PackError]) -> list[str]:
    value = table.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise fail(f"`{name}` must be a list of non-empty strings", name)
    return value
