"""Rich renderings of a batch run for people: the progress bar while it runs, the summary after.

Both go to standard error, which leaves standard output to the records.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console, Group, RenderableType
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from newsclean.batch import Progress as ProgressCallback
from newsclean.batch import Stats

MB = 1e6


@contextmanager
def progress_bar(console: Console, total: int | None) -> Iterator[ProgressCallback]:
    """A bar over the input's bytes as stored (so the ETA holds for compressed dumps); it pulses when `total` is None.

    Records, MB and rates count the uncompressed input, which is what a reader of the
    summary compares them with.
    """
    started = time.perf_counter()
    columns = (
        TextColumn("[bold]cleaning"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[records]:>12,} records  {task.fields[megabytes]:>9,.1f} MB"),
        TextColumn("{task.fields[rate]:>8,.0f} records/s  {task.fields[speed]:>6.2f} MB/s"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task("clean", total=total, records=0, megabytes=0.0, rate=0.0, speed=0.0)

        def update(stats: Stats, position: int) -> None:
            seconds = max(time.perf_counter() - started, 1e-9)
            bar.update(
                task,
                completed=position,
                records=stats.records_in,
                megabytes=stats.bytes_in / MB,
                rate=stats.records_in / seconds,
                speed=stats.bytes_in / MB / seconds,
            )

        yield update


def summary(stats: Stats) -> RenderableType:
    """The summary table: records in and out, MB, removals by category and rule, fallbacks, errors."""
    seconds = max(stats.seconds, 1e-9)
    counts = Table(title="newsclean summary", show_header=False, title_justify="default")
    counts.add_column("what")
    counts.add_column("count", justify="right")
    rows = [
        ("records in", stats.records_in),
        ("records out", stats.records_out),
        ("  cleaned", stats.cleaned),
        ("  blank lines, passed through", stats.blank),
        ("  bad, passed through unchanged", stats.passed_through),
        ("skipped (--on-error skip)", stats.skipped),
        ("errors", stats.errors),
        ("fell back to the conservative result", stats.fallbacks),
        ("outputs already complete (--resume)", stats.outputs_resumed),
    ]
    for label, value in rows:
        if value or label in ("records in", "records out", "errors"):
            counts.add_row(label, f"{value:,}")
    counts.add_row("MB in / out", f"{stats.bytes_in / MB:,.1f} / {stats.bytes_out / MB:,.1f}")
    rate = f"{stats.records_in / seconds:,.0f} records/s, {stats.bytes_in / MB / seconds:,.2f} MB/s"
    counts.add_row("time", f"{stats.seconds:,.1f} s, {rate}")
    parts: list[RenderableType] = [counts]
    if stats.removed_chars:
        parts.append(_two_columns("characters removed by category", "category", sorted(stats.removed_chars.items())))
    if stats.rule_chars:
        parts.append(_two_columns("rules that removed most", "rule", stats.top_rules()))
    return Group(*parts)


def _two_columns(title: str, name: str, rows: list[tuple[str, int]]) -> Table:
    table = Table(title=title, title_justify="default", min_width=len(title))  # a title that wraps leaves a space
    table.add_column(name)
    table.add_column("characters", justify="right")
    for label, value in rows:
        table.add_row(label, f"{value:,}")
    return table
