"""Rich renderings for people: a document with its removals marked, and the rule catalogue."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from newsclean.document import Document, line_breaks
from newsclean.result import Removal, Result
from newsclean.rules.rule import Rule

_STYLE = {"title": "bold cyan", "removed": "red strike"}


def explain(text: str, result: Result) -> RenderableType:
    """Every line of the input, marked as title, kept, or removed with its category and rule.

    A kept line whose edges were trimmed (a flattened page) shows the trimmed parts struck
    through, and their rules.
    """
    removed = {removal.start: removal for removal in result.removed}
    # The trims of each line, found once: a line's own search of every removal made a long
    # document's explanation quadratic.
    document = Document(text)
    trims: dict[int, list[Removal]] = {}
    for removal in result.removed:
        block = document.blocks[bisect_right(document.block_starts, removal.start) - 1]
        if (removal.start, removal.end) != (block.start, block.end):
            trims.setdefault(block.index, []).append(removal)
    table = Table(box=None, show_header=True, pad_edge=False, expand=False)
    table.add_column("line", justify="right", style="dim")
    table.add_column("verdict", no_wrap=True)
    table.add_column("text", overflow="fold")
    number, previous_end = 1, 0
    for block in document.blocks:
        number += line_breaks(text[previous_end : block.start])
        previous_end = block.start
        removal = removed.get(block.start)
        if result.title_span and result.title_span[0] == block.start:
            table.add_row(str(number), Text("title", style=_STYLE["title"]), Text(block.text, style=_STYLE["title"]))
        elif removal is not None and block.index not in trims:
            verdict = Text(f"{removal.category} ", style="red") + Text(removal.rule, style="dim")
            table.add_row(str(number), verdict, Text(block.text, style=_STYLE["removed"]))
        else:
            edges = trims.get(block.index, [])
            table.add_row(str(number), _kept_verdict(edges), _marked(text, block.start, block.end, edges))
    return Group(table, summary(result))


def _kept_verdict(trims: list[Removal]) -> Text:
    verdict = Text("kept", style="green")
    for trim in trims:
        verdict += Text(f"\n{trim.category} ", style="red") + Text(trim.rule, style="dim")
    return verdict


def _marked(text: str, start: int, end: int, trims: list[Removal]) -> Text:
    """The line with its trimmed spans struck through."""
    marked, position = Text(), start
    for trim in trims:
        marked += Text(text[position : trim.start]) + Text(trim.text, style=_STYLE["removed"])
        position = trim.end
    return marked + Text(text[position:end])


def summary(result: Result) -> RenderableType:
    stats = result.stats
    by_category = ", ".join(f"{name} {chars}" for name, chars in stats["removed_chars"].items()) or "nothing"
    lines = [
        f"{stats['blocks_removed']} of {stats['blocks']} blocks removed"
        + (f", {stats['spans_trimmed']} spans trimmed from line edges" if stats.get("spans_trimmed") else "")
        + "; "
        f"{stats['chars_in']} characters in, {stats['chars_out']} out (body).",
        f"Removed characters by category: {by_category}.",
    ]
    if stats["fallback"]:
        lines.append(f"Fallback: {stats['fallback']}.")
    return Text("\n".join(lines), style="bold")


def rules_table(rules: list[Rule]) -> RenderableType:
    table = Table(title="newsclean rules", show_lines=False)
    for column in ("category", "language", "rule", "scope", "entries", "reason"):
        table.add_column(column, no_wrap=column != "reason", overflow="fold")
    for rule in sorted(rules, key=lambda r: (r.category.value, r.language != "*", r.language, r.id)):
        entries = f"{len(rule.phrases)} phrases" if rule.phrases else ""
        if rule.patterns:
            entries += (", " if entries else "") + f"{len(rule.patterns)} patterns"
        scope = rule.scope.value + (f" ({rule.section.value})" if rule.section else "")
        table.add_row(rule.category.value, rule.language, rule.id, scope, entries, rule.reason)
    counts = Counter(rule.language for rule in rules)
    caption = ", ".join(f"{language}: {n}" for language, n in sorted(counts.items()))
    table.caption = f"{len(rules)} rules ({caption})"
    return table
