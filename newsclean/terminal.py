"""Messages and rich output for people at a terminal, shared by the commands."""

from __future__ import annotations

import os

import click
from rich.console import Console


def error(message: str) -> None:
    click.echo(f"newsclean: {message}", err=True)


def console(*, stderr: bool = False) -> Console:
    """Rich output; NO_COLOR (any value) gives plain text, as pipelines and screen readers want."""
    plain = bool(os.environ.get("NO_COLOR"))
    return Console(stderr=stderr, highlight=False, no_color=plain, color_system=None if plain else "auto")
