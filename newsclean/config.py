"""Defaults for the command line from a config file: `newsclean.toml`, or `[tool.newsclean]` in `pyproject.toml`.

The first directory, from the current one upwards, that has a `newsclean.toml` or a
`pyproject.toml` with a `[tool.newsclean]` table gives the defaults.  Keys are the
commands' long option names (`rules`, `disable`, `url-field`, `jobs`, ...); top-level
keys apply to every command that has the option, a table named after a command
(`[learn]`) to that command only.  Paths are relative to the config file.  An option
given on the command line wins over the config file, which wins over the built-in
defaults: the file becomes click's `default_map`.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import click

CONFIG_FILE = "newsclean.toml"
PYPROJECT = "pyproject.toml"


class ConfigError(click.ClickException):
    """A config file that cannot be used; the message names the file and line."""

    exit_code = 2


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest config file at or above `start`, with its newsclean table."""
    for folder in (start, *start.parents):
        own = folder / CONFIG_FILE
        if own.is_file():
            return own, _read(own)
        project = folder / PYPROJECT
        if project.is_file():
            table = _read(project).get("tool", {}).get("newsclean")
            if table is not None:
                if not isinstance(table, dict):
                    raise ConfigError(f"{project}: [tool.newsclean] must be a table")
                return project, table
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read config file: {error}") from error
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"\(at line (\d+), column \d+\)$", str(error))
        message = str(error)[: where.start()].strip() if where else str(error)
        raise ConfigError(f"{path}:{where.group(1) if where else 1}: TOML: {message}") from error


def load_defaults(group: click.Group, start: Path) -> dict[str, Any] | None:
    """Click's `default_map` for `group` from the config file found from `start`; None without one."""
    found = find_config(start)
    if found is None:
        return None
    path, table = found
    lines = path.read_text(encoding="utf-8").splitlines()
    commands = _commands(group)
    # A table is a command's ([learn]); any other value is an option's, even if a command has its name (`rules`).
    shared = {key: value for key, value in table.items() if not (key in commands and isinstance(value, dict))}
    defaults: dict[str, Any] = {}
    used: set[str] = set()
    for name, command in commands.items():
        own = _command_table(table, name)
        values = _values(command, shared, path, lines, used)
        own_used = {key for key, value in own.items() if isinstance(value, dict) and f"{name} {key}" in commands}
        values |= _values(command, own, path, lines, own_used)
        if set(own) - own_used:
            key = min(set(own) - own_used)
            where = f"{path}:{_line(lines, key)}"
            raise ConfigError(f"{where}: [{name}] has no option {key!r} (see newsclean {name} --help)")
        if values:
            _place(defaults, name, values)
    unknown = sorted(set(shared) - used)
    if unknown:
        raise ConfigError(
            f"{path}:{_line(lines, unknown[0])}: unknown key {unknown[0]!r}; keys are the long options of "
            f"`newsclean clean`, `learn` and the others (see --help), or [command] tables"
        )
    return defaults


def _command_table(table: dict[str, Any], name: str) -> dict[str, Any]:
    """The table of a command, nested as TOML nests it: "rules test" is [rules.test]; {} if none."""
    for part in name.split(" "):
        table = table.get(part, {})
        if not isinstance(table, dict):
            return {}
    return table


def _commands(group: click.Group, prefix: str = "") -> dict[str, click.Command]:
    """Every command under the group by its path ("clean", "rules test"), groups included."""
    found: dict[str, click.Command] = {}
    for name, command in group.commands.items():
        found[prefix + name] = command
        if isinstance(command, click.Group):
            found.update(_commands(command, f"{prefix}{name} "))
    return found


def _place(defaults: dict[str, Any], path: str, values: dict[str, Any]) -> None:
    """Puts a command's values where click looks for them: nested under each group's name."""
    *groups, name = path.split(" ")
    for group in groups:
        defaults = defaults.setdefault(group, {})
    defaults.setdefault(name, {}).update(values)


def _values(
    command: click.Command, table: dict[str, Any], path: Path, lines: list[str], used: set[str]
) -> dict[str, Any]:
    """The values in `table` for the options of `command`, checked and converted; marks the keys it used."""
    options = {
        name.lstrip("-"): param
        for param in command.params
        if isinstance(param, click.Option)
        for name in param.opts
        if name.startswith("--")
    }
    values: dict[str, Any] = {}
    for key, value in table.items():
        param = options.get(key.replace("_", "-"))
        if param is None or isinstance(value, dict):
            continue
        used.add(key)
        values[param.name] = _convert(param, value, f"{path}:{_line(lines, key)}: {key}", path.parent)
    return values


def _convert(param: click.Option, value: Any, where: str, base: Path) -> Any:
    if param.is_flag and not param.multiple:
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: must be true or false")
        return value
    items = value if isinstance(value, list) else [value]
    if not param.multiple and isinstance(value, list):
        raise ConfigError(f"{where}: takes one value, not a list")
    converted = []
    for item in items:
        if isinstance(item, dict | list):
            raise ConfigError(f"{where}: {item!r} is not a single value")
        if isinstance(param.type, click.Path) and isinstance(item, str) and item != "-":
            item = str(base / item)
        try:
            converted.append(param.type.convert(item, param, None))
        except click.BadParameter as error:
            raise ConfigError(f"{where}: {error.message}") from error
    return converted if param.multiple else converted[0]


def _line(lines: list[str], key: str) -> int:
    """The first line that sets `key` (or opens a [key] table), for messages; 1 if not found."""
    setting = re.compile(rf"\s*(?:[\"']?{re.escape(key)}[\"']?\s*=|\[{re.escape(key)}\])")
    return next((number for number, line in enumerate(lines, 1) if setting.match(line)), 1)
