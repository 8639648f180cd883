"""The command line: parses arguments, reads inputs, calls the library, writes results.

The CLI never decides what is chrome; it only moves documents in and out of `Cleaner`.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterable
from typing import IO, Any

import click
from rich.console import Console

from newsclean import __version__
from newsclean.explain import explain, rules_table
from newsclean.io import STDIN, InputError, cleaned_record, display_name, dumps_line, read_document, read_records
from newsclean.pipeline import Cleaner
from newsclean.rules.packs import PackError

EXIT_OK, EXIT_INPUT_ERROR, EXIT_USAGE = 0, 1, 2

_MAIN_HELP = """Strip publisher chrome from scraped article text.

\b
Examples:
  newsclean article.txt                 clean text: title, blank line, body
  cat article.txt | newsclean           the same, from standard input
  newsclean --format json a.txt b.txt   one JSON object per document, with removals
  newsclean --jsonl dump.jsonl.gz       JSON Lines in, JSON Lines out (field "text")
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


def _stdout() -> IO[bytes]:
    return sys.stdout.buffer


def _error(message: str) -> None:
    click.echo(f"newsclean: {message}", err=True)


def _console() -> Console:
    """Rich output; NO_COLOR (any value) gives plain text, as pipelines and screen readers want."""
    plain = bool(os.environ.get("NO_COLOR"))
    return Console(stderr=False, highlight=False, no_color=plain, color_system=None if plain else "auto")


@click.group(cls=DefaultGroup, help=_MAIN_HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsclean")
def cli() -> None:
    pass


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
def clean_command(
    files: tuple[str, ...], output_format: str, no_title: bool, jsonl: bool, text_field: str, title_field: str
) -> None:
    """Clean articles from FILES (or standard input, also as "-").

    \b
    Examples:
      newsclean clean article.txt
      newsclean clean --no-title - < article.txt
      newsclean clean --jsonl --text-field body.text dump.jsonl > clean.jsonl
    """
    if not files:
        if sys.stdin.isatty():
            raise click.UsageError("no input: give FILE arguments, or pipe text to standard input")
        files = (STDIN,)
    cleaner = Cleaner()
    out = _stdout()
    if jsonl:
        failures = _clean_jsonl(cleaner, files, out, text_field, title_field or None)
    else:
        failures = _clean_documents(cleaner, files, out, output_format, not no_title)
    out.flush()
    sys.exit(EXIT_INPUT_ERROR if failures else EXIT_OK)


def _clean_documents(cleaner: Cleaner, files: Iterable[str], out: IO[bytes], output_format: str, title: bool) -> int:
    failures = 0
    for path in files:
        try:
            text = read_document(path)
        except InputError as error:
            _error(str(error))
            failures += 1
            continue
        result = cleaner.clean(text, source=display_name(path))
        rendered = dumps_line(result.to_dict()) if output_format == "json" else result.render(title=title)
        out.write(rendered.encode("utf-8"))
    return failures


def _clean_jsonl(
    cleaner: Cleaner, files: Iterable[str], out: IO[bytes], text_field: str, title_field: str | None
) -> int:
    """Every input line gives one output line, in order; a bad line passes through unchanged."""
    failures = 0
    for path in files:
        try:
            for record in read_records(path, text_field):
                if record.data is None and record.error is None:  # a blank line
                    out.write(record.raw)
                    continue
                if record.error is not None:
                    _error(f"{record.name}:{record.line}: {record.error} (line passed through unchanged)")
                    failures += 1
                    out.write(record.raw if record.raw.endswith(b"\n") else record.raw + b"\n")
                    continue
                assert record.text is not None
                result = cleaner.clean(record.text, source=f"{record.name}:{record.line}")
                out.write(dumps_line(cleaned_record(record, result, text_field, title_field)).encode("utf-8"))
        except InputError as error:
            _error(str(error))
            failures += 1
        except (OSError, EOFError) as error:
            _error(f"{display_name(path)}: cannot read: {error}")
            failures += 1
    return failures


@cli.command(name="explain")
@click.argument("file", type=click.Path(allow_dash=True))
def explain_command(file: str) -> None:
    """Show FILE with every removed line marked by its category and rule.

    \b
    Example:
      newsclean explain article.txt
    """
    try:
        text = read_document(file)
    except InputError as error:
        _error(str(error))
        sys.exit(EXIT_INPUT_ERROR)
    result = Cleaner().clean(text, source=display_name(file))
    _console().print(explain(text, result))


@cli.command(name="rules")
def rules_command() -> None:
    """List the built-in rules by category and language."""
    _console().print(rules_table(list(Cleaner().ruleset.rules)))


def main(argv: list[str] | None = None) -> Any:
    """Entry point: a closed pipe or Ctrl-C ends the run quietly with the conventional status."""
    try:
        return cli.main(args=argv, prog_name="newsclean", standalone_mode=True)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(128 + signal.SIGPIPE)
    except KeyboardInterrupt:
        sys.exit(128 + signal.SIGINT)
    except PackError as error:
        _error(str(error))
        sys.exit(EXIT_USAGE)
