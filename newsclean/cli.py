"""The command line: parses arguments, reads inputs, calls the library, writes results.

The CLI never decides what is chrome; it only moves documents in and out of `Cleaner`.
"""

from __future__ import annotations

import io
import json
import os
import signal
import sys
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from pathlib import Path
from typing import IO, Any

import click
from click.core import ParameterSource

from newsclean import __version__
from newsclean.batch import (
    DEFAULT_GLOB,
    BatchFailed,
    BatchJob,
    CleanOptions,
    EngineUnavailable,
    Kind,
    builtin_or_new_cleaner,
    input_size,
    open_engine,
    run,
)
from newsclean.commands import learn_command, learned_rules, rule_options, rules_group
from newsclean.config import load_defaults
from newsclean.custom import CustomRules, RuleConfig
from newsclean.explain import explain
from newsclean.io import STDIN, DecodeErrors, InputError, atomic_output, display_name, dumps_line, read_document
from newsclean.pipeline import Cleaner
from newsclean.report import progress_bar, summary
from newsclean.rules.packs import PackError, builtin_pack_names
from newsclean.structure import Mode
from newsclean.terminal import console as _console
from newsclean.terminal import error as _error

EXIT_OK, EXIT_INPUT_ERROR, EXIT_USAGE = 0, 1, 2
EXIT_WRITE_ERROR = 1  # the output could not be written (a full disk); none is left that looks complete

_MAIN_HELP = """Strip publisher chrome from scraped article text.

\b
Examples:
  newsclean article.txt                 clean text: title, blank line, body
  cat article.txt | newsclean           the same, from standard input
  newsclean --format json a.txt b.txt   one JSON object per document, with removals
  newsclean --jsonl dump.jsonl.gz       JSON Lines in, JSON Lines out (field "text")
  newsclean --jsonl dump.jsonl.zst -o clean.jsonl.zst --stats stats.json
  newsclean pages/ --output-dir clean/  a tree of .txt files, mirrored
  newsclean explain article.txt         show every removal with its rule
  newsclean rules                       list the built-in rules

Without a command, `newsclean [OPTIONS] FILE...` runs `newsclean clean`.
Exit status: 0 all inputs cleaned, 1 some inputs could not be read, 2 usage error.
"""


class DefaultGroup(click.Group):
    """A group whose default command is `clean`, so `newsclean FILE` needs no verb."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            args = ["clean", *args]
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        """Runs the command; a closed pipe, Ctrl-C and a failed write end it in one line at most.

        Handled here because Click would turn the first two into status 1 (and "Aborted!"):
        a closed pipe (`| head`) ends quietly with 141 and Ctrl-C with 130, as the shell's
        own commands do.  A write that fails (a full disk) is named in one line, status 1;
        output files are then left unwritten (`atomic_output`).  Reading errors never get
        here: they are InputErrors, reported with their file and line.  A rule file or
        selection that cannot be used is named in one line, status 2 (a usage error).
        """
        try:
            return super().invoke(ctx)
        except PackError as error:
            _error(str(error))
            ctx.exit(EXIT_USAGE)
        except BrokenPipeError:
            _drop_stdout()
            ctx.exit(128 + signal.SIGPIPE)
        except KeyboardInterrupt:
            ctx.exit(128 + signal.SIGINT)
        except OSError as error:
            _drop_stdout()
            _error(f"{error.filename or 'standard output'}: cannot write: {error.strerror or error}")
            ctx.exit(EXIT_WRITE_ERROR)


def _drop_stdout() -> None:
    """Points stdout at /dev/null, so that what is still buffered cannot fail again at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _stdout() -> IO[bytes]:
    """Standard output for bytes, always buffered: flush the one object written to.

    Under PYTHONUNBUFFERED (or `python -u`) `sys.stdout.buffer` is the raw file, whose
    write may write only part of its bytes without an error (to a pipe, when a signal
    arrives mid-write); a buffered writer writes them all or raises.
    """
    out = sys.stdout.buffer
    if isinstance(out, io.RawIOBase):
        return open(out.fileno(), "wb", closefd=False)  # fd 1 stays open for sys.stdout
    return out


@click.group(cls=DefaultGroup, help=_MAIN_HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsclean")
@click.pass_context
def cli(ctx: click.Context) -> None:
    ctx.default_map = load_defaults(cli, Path.cwd())  # newsclean.toml or pyproject.toml: see newsclean.config


def _pack_languages() -> list[str]:
    return [name for name in builtin_pack_names() if name != "common"]


_CLEANING_OPTIONS = (
    click.option(
        "--mode",
        type=click.Choice([mode.value for mode in Mode]),
        default=Mode.BALANCED.value,
        show_default=True,
        help="How much goes: conservative (only what the rule packs name), balanced, aggressive "
        "(shorter menus, longer runs between chrome, short sentences below the article); see the README.",
    ),
    click.option(
        "--lang",
        "language",
        type=click.Choice(_pack_languages()),
        help="Clean with this language's pack instead of the one guessed for each document.  "
        "[default: guessed per document]",
    ),
)


def cleaning_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Adds --mode and --lang, which every command that cleans takes the same way."""
    for option in reversed(_CLEANING_OPTIONS):
        command = option(command)
    return command


# Options that only batch runs (--jsonl, --output-dir) use; text documents reject them.
_BATCH_OPTIONS = (
    "output",
    "glob",
    "jobs",
    "engine",
    "scheduler",
    "quiet",
    "stats_file",
    "on_error",
    "resume",
    "id_field",
    "url_field",
    "output_field",
    "annotate",
    "learn",
)


@cli.command(name="clean")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=True, allow_dash=True))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: the clean article; json: one object per document with title, text, removed spans, stats.",
)
@click.option("--no-title", is_flag=True, help="Leave the headline out of text output.")
@click.option(
    "--errors",
    type=click.Choice(["strict", "replace"]),
    default="strict",
    show_default=True,
    help="Bytes that are not UTF-8 text (or NUL bytes): report the input (or record) as unreadable, "
    "or read them as U+FFFD and go on.",
)
@click.option("--jsonl", is_flag=True, help="Inputs are JSON Lines records; output is the same records, cleaned.")
@click.option(
    "--text-field", default="text", show_default=True, help="JSON Lines: the field with the text (a.b for nested)."
)
@click.option(
    "--title-field",
    default="title",
    show_default=True,
    help="JSON Lines: where to put the headline (never overwrites a field the record has); '' for none.",
)
@click.option("--output-field", help="JSON Lines: write the clean text here and keep the original text field.")
@click.option("--id-field", help="JSON Lines: the record's id (a.b for nested), named in messages and the stats.")
@click.option(
    "--url-field",
    help="JSON Lines: the record's URL (a.b for nested), whose site selects rules for it; named in the stats.  "
    "[default: url]",
)
@click.option(
    "--learn",
    is_flag=True,
    help="JSON Lines: learn each site's repeated chrome from the inputs first (as `newsclean learn`), then clean.",
)
@click.option(
    "--annotate", is_flag=True, help='JSON Lines: add the removed spans and stats under "newsclean" in each record.'
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="JSON Lines: write here, compressed by extension (.gz .bz2 .xz .zst), complete or not at all.",
)
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False),
    help="Write each input file (text or JSON Lines) to the same relative path in this folder.",
)
@click.option(
    "--glob",
    help=f"Files to take from input folders, matched from the right. [default: {DEFAULT_GLOB['text']}, "
    f"with --jsonl {DEFAULT_GLOB['jsonl']}]",
)
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes. [default: the machine's cores]")
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Where to clean: worker processes here, or a Dask cluster (pip install 'newsclean[dask]').",
)
@click.option("--scheduler", help="Dask: the scheduler's address; a local cluster when not given.")
@click.option(
    "--on-error",
    type=click.Choice(["keep", "skip", "fail"]),
    default="keep",
    show_default=True,
    help="A bad record or unreadable input: pass it through unchanged, drop it, or stop. Always reported.",
)
@click.option("--resume", is_flag=True, help="Skip outputs that are already complete (from an interrupted run).")
@click.option("--stats", "stats_file", type=click.Path(dir_okay=False), help="Write the run's summary here as JSON.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary (errors are still reported).")
@rule_options
@cleaning_options
@click.pass_context
def clean_command(
    ctx: click.Context,
    files: tuple[str, ...],
    output_format: str,
    no_title: bool,
    errors: DecodeErrors,
    jsonl: bool,
    text_field: str,
    title_field: str,
    output_dir: str | None,
    rules: RuleConfig,
    site: str | None,
    mode: str,
    language: str | None,
    **batch: Any,
) -> None:
    """Clean articles from FILES (or standard input, also as "-").

    \b
    With --jsonl or --output-dir, FILES are cleaned as a batch: folders are walked
    for --glob, records are cleaned by --jobs worker processes, a progress bar and a
    summary go to standard error.

    \b
    Examples:
      newsclean clean article.txt
      newsclean clean --no-title - < article.txt
      newsclean clean --jsonl --text-field body.text dump.jsonl > clean.jsonl
      newsclean clean --jsonl dump.jsonl.gz -o clean.jsonl.gz --jobs 8 --stats stats.json
      newsclean clean --jsonl shards/ --output-dir clean/ --resume
      newsclean clean pages/ --glob '*.txt' --output-dir clean-pages/
      newsclean clean --jsonl --rules site-rules.toml --disable navigation dump.jsonl
      newsclean clean --jsonl --learn dump.jsonl.gz -o clean.jsonl.gz
    """
    if not files:
        if sys.stdin.isatty():
            raise click.UsageError("no input: give FILE arguments, or pipe text to standard input")
        files = (STDIN,)
    given = [name for name in _BATCH_OPTIONS if ctx.get_parameter_source(name) is ParameterSource.COMMANDLINE]
    if jsonl or output_dir:
        if not jsonl and output_format != "text":
            raise click.UsageError("--output-dir writes text files; --format json is for single documents")
        options = CleanOptions(
            text_field=text_field,
            title_field=title_field or None,
            output_field=batch.pop("output_field"),
            id_field=batch.pop("id_field"),
            url_field=batch.pop("url_field"),
            annotate=batch.pop("annotate"),
            on_error=batch.pop("on_error"),
            title=not no_title,
            errors=errors,
            rules=rules,
            site=site,
            language=language,
            mode=Mode(mode),
        )
        if rules != RuleConfig():
            CustomRules(None, rules)  # a broken rule file or selection stops the run here, not in every worker
        if batch.pop("learn"):
            options = learned_rules(files, batch["glob"], options, batch["quiet"])
        _clean_batch(files, "jsonl" if jsonl else "text", options, output_dir, **batch)
    if given:
        flags = ", ".join("--" + name.replace("_file", "").replace("_", "-") for name in given)
        raise click.UsageError(f"{flags}: for batch runs only (--jsonl, or text files with --output-dir)")
    out = _stdout()
    cleaner = builtin_or_new_cleaner(rules)
    choices = CleanOptions(errors=errors, site=site, language=language, mode=Mode(mode))
    failures = _clean_documents(cleaner, files, out, output_format, not no_title, choices)
    out.flush()
    sys.exit(EXIT_INPUT_ERROR if failures else EXIT_OK)


def _clean_documents(
    cleaner: Cleaner,
    files: Iterable[str],
    out: IO[bytes],
    output_format: str,
    title: bool,
    choices: CleanOptions,
) -> int:
    """Cleans each file as `choices` say (its decoding, site, language and mode); the count that failed."""
    failures = 0
    for path in files:
        try:
            text = read_document(path, choices.errors)
        except InputError as error:
            _error(str(error))
            failures += 1
            continue
        source = display_name(path)
        result = cleaner.clean(text, source=source, site=choices.site, language=choices.language, mode=choices.mode)
        for warning in result.stats.get("warnings", ()):
            _error(f"{display_name(path)}: {warning}")
        rendered = dumps_line(result.to_dict()) if output_format == "json" else result.render(title=title)
        out.write(rendered.encode("utf-8"))
    return failures


def _clean_batch(
    files: tuple[str, ...],
    kind: Kind,
    options: CleanOptions,
    output_dir: str | None,
    *,
    output: str | None,
    glob: str | None,
    jobs: int | None,
    engine: str,
    scheduler: str | None,
    resume: bool,
    stats_file: str | None,
    quiet: bool,
) -> None:
    """Runs a batch job; exits 1 if any record or input could not be cleaned (all were still accounted for)."""
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler is for --engine dask")
    try:
        job = BatchJob(files, kind, options, output=output, output_dir=output_dir, glob=glob, resume=resume)
        cluster = open_engine(engine, jobs or os.cpu_count() or 1, scheduler)
    except (ValueError, EngineUnavailable) as error:
        raise click.UsageError(str(error)) from error
    console = _console(stderr=True)
    show_progress = not quiet and sys.stderr.isatty()

    def report(message: str) -> None:
        """Messages go above a live progress bar, not through it."""
        console.print(f"newsclean: {message}", markup=False, highlight=False, soft_wrap=True)

    failed = False
    stdout = _stdout()
    with cluster, progress_bar(console, input_size(job)) if show_progress else nullcontext() as progress:
        try:
            stats = run(job, cluster, report=report if show_progress else _error, progress=progress, stdout=stdout)
        except BatchFailed as failure:
            stats, failed = failure.stats, True
    stdout.flush()
    if stats_file:
        with atomic_output(stats_file) as out:
            out.write(json.dumps(stats.to_dict(), indent=2, ensure_ascii=False).encode("utf-8") + b"\n")
    if not quiet:
        console.print(summary(stats))
    sys.exit(EXIT_INPUT_ERROR if failed or stats.errors else EXIT_OK)


@cli.command(name="explain")
@click.argument("file", type=click.Path(allow_dash=True))
@rule_options
@cleaning_options
def explain_command(file: str, rules: RuleConfig, site: str | None, mode: str, language: str | None) -> None:
    """Show FILE with every removed line marked by its category and rule.

    \b
    Examples:
      newsclean explain article.txt
      newsclean explain --rules my-rules.toml --site example.com article.txt
      newsclean explain --mode aggressive --lang de artikel.txt
    """
    try:
        text = read_document(file)
    except InputError as error:
        _error(str(error))
        sys.exit(EXIT_INPUT_ERROR)
    cleaner = builtin_or_new_cleaner(rules)
    result = cleaner.clean(text, source=display_name(file), site=site, language=language, mode=mode)
    _console().print(explain(text, result))


cli.add_command(rules_group)
cli.add_command(learn_command)


def main(argv: list[str] | None = None) -> Any:
    """Entry point (closed pipes, Ctrl-C, full disks and broken rule files: see DefaultGroup.invoke)."""
    return cli.main(args=argv, prog_name="newsclean", standalone_mode=True)
