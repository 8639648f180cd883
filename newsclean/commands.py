"""The commands for rules of one's own: `rules` (list, test, show), `learn`, and the options that add rules.

`rule_options` gives a command --rules, --disable, --only and --site, and hands it one
RuleConfig (see newsclean.custom); `learned_rules` is the first pass of `--learn`.
"""

from __future__ import annotations

import difflib
import functools
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import click
from rich.console import Group, RenderableType
from rich.text import Text

from newsclean.batch import DEFAULT_GLOB, DEFAULT_URL_FIELD, CleanOptions
from newsclean.custom import CustomRules, RuleConfig, line_number
from newsclean.document import Document
from newsclean.explain import rules_table
from newsclean.io import STDIN, InputError, atomic_output, decompressed, display_name, open_raw, parse_record
from newsclean.io import read_document as read_text
from newsclean.learn import MIN_DOCS, MIN_SHARE, Learner, LearnOptions, learn_inputs
from newsclean.rules.rule import Rule
from newsclean.rules.ruleset import Hit, RuleSet
from newsclean.terminal import console, error


def rule_files_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--rules FILE (repeatable) as every command takes it, into `rule_files`; only the help differs."""
    return click.option(
        "--rules", "rule_files", multiple=True, type=click.Path(dir_okay=False), metavar="FILE", help=help_text
    )


_RULE_OPTIONS = (
    rule_files_option("Add the rules of a rule file (TOML, as the built-in packs; see the README); repeatable."),
    click.option(
        "--disable",
        multiple=True,
        metavar="RULE|CATEGORY",
        help="Leave out a category, a rule, or the rules whose ids start with RULE and a dot; repeatable.",
    ),
    click.option("--only", multiple=True, metavar="CATEGORY", help="Remove only chrome of this category; repeatable."),
    click.option(
        "--site",
        metavar="DOMAIN",
        help="The site of the documents (JSON Lines: of records without a URL), for rules that are for a site.",
    ),
)


def rule_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Adds --rules, --disable, --only and --site; the command gets `rules: RuleConfig` and `site`."""

    @functools.wraps(command)
    def with_rules(
        *args: Any, rule_files: tuple[str, ...], disable: tuple[str, ...], only: tuple[str, ...], **kwargs: Any
    ) -> Any:
        return command(*args, rules=RuleConfig.from_paths(rule_files, disable, only), **kwargs)

    for option in reversed(_RULE_OPTIONS):
        with_rules = option(with_rules)
    return with_rules


# --- rules ---------------------------------------------------------------------------------------


@click.group(name="rules", invoke_without_command=True)
@rule_files_option("List these rule files' rules too.")
@click.pass_context
def rules_group(ctx: click.Context, rule_files: tuple[str, ...]) -> None:
    """List the rules by category and language (with a command: test or show rules).

    \b
    Examples:
      newsclean rules
      newsclean rules --rules my-rules.toml
      newsclean rules test my-rules.toml article.txt
      newsclean rules show en.newsletter.prompt
    """
    if ctx.invoked_subcommand is None:
        console().print(rules_table(CustomRules(None, RuleConfig.from_paths(rule_files)).rules))


@rules_group.command(name="test")
@click.argument("rule_file", type=click.Path(dir_okay=False))
@click.argument("samples", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--jsonl", is_flag=True, help="Samples are JSON Lines: each record is a sample.")
@click.option("--text-field", default="text", show_default=True, help="JSON Lines: the field with the text.")
def test_command(rule_file: str, samples: tuple[str, ...], jsonl: bool, text_field: str) -> None:
    """Show which blocks of SAMPLES each rule of RULE_FILE matches, and check the rules' examples.

    Every rule is tried on every sample, whatever its site.  A match is what the rule
    finds on its own: a `cue` needs company to remove a block, a `heading` takes its
    section along (`newsclean explain --rules RULE_FILE SAMPLE` shows the whole result).
    Exit status 1 if an example is not matched, a counter-example is, or a pattern ran
    out of time.

    \b
    Example:
      newsclean rules test my-rules.toml article.txt other.txt
    """
    custom = CustomRules([], RuleConfig.from_paths([rule_file]), any_site=True)
    ruleset = RuleSet(custom.general)
    matches: dict[str, list[Text]] = {rule.id: [] for rule in custom.rules}
    problems = 0
    for name, text in _samples(samples, jsonl, text_field):
        document = Document(text)
        hits, warnings = _hits(custom, ruleset, document)
        for warning in warnings:
            error(f"{name}: {warning}")
        problems += len(warnings)
        for hit in hits:
            block = document.blocks[hit.block]
            matches[hit.rule.id].append(Text(f"  {name}:{line_number(document, block)}  ", style="dim") + block.text)
    parts: list[RenderableType] = []
    for rule in custom.rules:
        parts.append(Text(f"{rule.id}  ", style="bold") + Text(f"{rule.scope} {rule.category}  ({rule.source})"))
        parts += matches[rule.id] or [Text("  no block matched", style="yellow")]
        for failure in _example_failures(custom, ruleset, rule):
            parts.append(Text(f"  ✗ {failure}", style="red"))
            problems += 1
    console().print(Group(*parts))
    sys.exit(1 if problems else 0)


def _hits(custom: CustomRules, ruleset: RuleSet, document: Document) -> tuple[list[Hit], list[str]]:
    """A document's hits of the rules, one per rule and block, in document order."""
    scanned = ruleset.scan(document)
    warnings = custom.scan(document, scanned, None, None)
    unique = {(hit.rule.id, hit.block): hit for found in scanned.values() for hit in found}
    return sorted(unique.values(), key=lambda hit: hit.start), warnings


def _example_failures(custom: CustomRules, ruleset: RuleSet, rule: Rule) -> Iterator[str]:
    for wanted, texts in ((True, rule.examples), (False, rule.counter_examples)):
        for text in texts:
            hits, _ = _hits(custom, ruleset, Document(text))
            if any(hit.rule.id == rule.id for hit in hits) != wanted:
                yield f"{'example not matched' if wanted else 'counter-example matched'}: {text!r}"


def _samples(paths: tuple[str, ...], jsonl: bool, text_field: str) -> Iterator[tuple[str, str]]:
    """(name, text) of each sample: a text file, or with --jsonl each record (FILE:LINE)."""
    for path in paths:
        try:
            if not jsonl:
                yield display_name(path), read_text(path)
                continue
            with open_raw(path) as raw:
                for number, line in enumerate(decompressed(raw), 1):
                    record = parse_record(display_name(path), number, line, text_field)
                    if record.text is not None:
                        yield f"{display_name(path)}:{number}", record.text
        except InputError as problem:
            error(str(problem))


@rules_group.command(name="show")
@click.argument("rule_id")
@rule_files_option("Look in these rule files too.")
def show_command(rule_id: str, rule_files: tuple[str, ...]) -> None:
    """Print the rule RULE_ID (or every rule whose id ends with it) with its examples.

    \b
    Examples:
      newsclean rules show en.newsletter.prompt
      newsclean rules show newsletter.prompt          # in every language
      newsclean rules show --rules site-rules.toml learned.example-com.1
    """
    rules = CustomRules(None, RuleConfig.from_paths(rule_files)).rules
    found = [rule for rule in rules if rule.id == rule_id] or [
        rule for rule in rules if rule.id.endswith("." + rule_id)
    ]
    if not found:
        close = difflib.get_close_matches(rule_id, [rule.id for rule in rules], n=5)
        raise click.UsageError(f"no rule {rule_id!r}" + (f"; did you mean {', '.join(close)}?" if close else ""))
    console().print(Group(*(_describe(rule) for rule in found)))


def _describe(rule: Rule) -> RenderableType:
    fields: list[tuple[str, str]] = [
        ("category", rule.category.value),
        ("scope", rule.scope.value + (f" ({rule.section.value} section)" if rule.section else "")),
        ("language", rule.language),
        ("sites", ", ".join(rule.sites)),
        ("reason", rule.reason),
        ("max words", str(rule.max_words) if rule.scope.value in ("start", "short") else ""),
        ("phrases", "\n".join(rule.phrases)),
        ("patterns", "\n".join(rule.patterns)),
        ("keywords", ", ".join(repr(keyword) for keyword in rule.keywords)),
        ("examples", "\n".join(rule.examples)),
        ("counter-examples", "\n".join(rule.counter_examples)),
    ]
    text = Text(f"{rule.id}", style="bold") + Text(f"  ({rule.source})\n", style="dim")
    for label, value in fields:
        if value:
            indented = value.replace("\n", "\n" + " " * 19)
            text += Text(f"  {label:<17}", style="cyan") + Text(indented + "\n")
    return text


# --- learn ---------------------------------------------------------------------------------------


@click.command(name="learn")
@click.argument("dumps", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    default=STDIN,
    help="Write the rule file here.  [default: standard output]",
)
@click.option("--text-field", default="text", show_default=True, help="The field with the text (a.b for nested).")
@click.option("--id-field", default="id", show_default=True, help="The record's id, named as an example in each rule.")
@click.option(
    "--url-field", default=DEFAULT_URL_FIELD, show_default=True, help="The record's URL, whose host is its site."
)
@click.option("--site", metavar="DOMAIN", help="The site of records without a URL.  [default: their own, unnamed]")
@click.option(
    "--min-docs",
    type=click.IntRange(min=2),
    default=MIN_DOCS,
    show_default=True,
    help="Learn a block seen in at least this many records of its site...",
)
@click.option(
    "--min-share",
    type=click.FloatRange(0, 1),
    default=MIN_SHARE,
    show_default=True,
    help="...and in at least this share of them.",
)
@click.option(
    "--include-prose",
    is_flag=True,
    help="Learn blocks that read like quoted article prose too (long or sentence-like, in under half "
    "of their site's records, or under 80% where they sit between prose).",
)
@click.option("--glob", default=DEFAULT_GLOB["jsonl"], show_default=True, help="Files to take from input folders.")
@click.option("-q", "--quiet", is_flag=True, help="No summary.")
def learn_command(
    dumps: tuple[str, ...],
    output: str,
    text_field: str,
    id_field: str,
    url_field: str,
    site: str | None,
    min_docs: int,
    min_share: float,
    include_prose: bool,
    glob: str,
    quiet: bool,
) -> None:
    """Learn each site's repeated chrome from JSON Lines DUMPS and write it as a rule file.

    A block (line) that repeats in many records of one site is that site's chrome;
    each becomes a rule for the site (the host of --url-field), with how many records
    it was in and an example record.  Then clean with `--rules`.

    \b
    Examples:
      newsclean learn dump.jsonl.zst -o site-rules.toml
      newsclean --jsonl --rules site-rules.toml dump.jsonl.zst -o clean.jsonl.zst
      newsclean learn --site example.com --min-share 0.5 example-pages.jsonl -o example.toml
    """
    learner = Learner(min_docs, min_share, include_prose)
    options = LearnOptions(text_field, id_field or None, url_field or None, site)
    problems = learn_inputs(learner, dumps, glob, options, error)
    text = learner.rule_file().encode("utf-8")
    if output == STDIN:
        sys.stdout.buffer.write(text)
        sys.stdout.buffer.flush()
    else:
        with atomic_output(output) as out:
            out.write(text)
    if not quiet:
        error(_summary(learner))
    sys.exit(1 if problems else 0)


def _summary(learner: Learner) -> str:
    learned, skipped = learner.blocks()
    sites = len({block.site for block in learned})
    left = f"; {len(skipped)} prose-like blocks left out (--include-prose)" if skipped else ""
    return f"learned {len(learned)} blocks on {sites} site(s) from {learner.records:,} records{left}"


def learned_rules(files: tuple[str, ...], glob: str | None, options: CleanOptions, quiet: bool) -> CleanOptions:
    """--learn: learns the inputs' chrome in a first pass; the options to clean them with it in the second."""
    if STDIN in files:
        raise click.UsageError("--learn reads the inputs twice: give files, not standard input")
    learner = Learner()
    settings = LearnOptions(options.text_field, options.id_field, options.url_field or DEFAULT_URL_FIELD, options.site)
    learn_inputs(
        learner, files, glob or DEFAULT_GLOB["jsonl"], settings, lambda message: None
    )  # reported when cleaning
    if not quiet:
        error(_summary(learner) + " (first pass)")
    return replace(options, rules=options.rules.with_file("<learned>", learner.rule_file("newsclean --learn")))
