"""The config file: `newsclean.toml`, or `[tool.newsclean]` in `pyproject.toml`, found from the current folder up.

Run through the real command line (CliRunner) in a temporary folder, because what
matters is what a user's run does with the file: which rules it applies, what the
command line overrides, and how a mistake in the file is reported.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsclean.cli import cli
from newsclean.config import find_config

ARTICLE = "The harbour trust agreed on Monday to repaint the lifeboat station before the storms of the autumn."
SECOND = "The work will take six weeks and will be paid for by the lifeboat crew's own summer fair."
TIP_LINE = "Tell the Lantern what is happening on your street"
DOCUMENT = f"{ARTICLE}\n\nShare\n\n{SECOND}\n\n{TIP_LINE}\n"
RULES = """\
language = "en"

[[rule]]
id = "lantern.tips"
category = "footer"
scope = "line"
site = "lantern.example"
reason = "the Lantern's tip line"
phrases = ["tell the lantern what is happening on your street"]
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with a rule file and an article; the test runs in a folder below it."""
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "lantern.toml").write_text(RULES, encoding="utf-8")
    (tmp_path / "article.txt").write_text(DOCUMENT, encoding="utf-8")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    return tmp_path


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_without_a_config_file_the_built_in_defaults_apply(project: Path) -> None:
    result = invoke("../article.txt")
    assert result.exit_code == 0, result.output
    assert TIP_LINE in result.output and "Share" not in result.output


def test_newsclean_toml_above_the_current_folder_sets_rules_and_site(project: Path) -> None:
    (project / "newsclean.toml").write_text('rules = ["rules/lantern.toml"]\nsite = "lantern.example"\n')
    result = invoke("../article.txt")
    assert result.exit_code == 0, result.output
    assert result.output == f"{ARTICLE}\n\n{SECOND}\n"  # paths in the file are relative to the file


def test_the_command_line_wins_over_the_config_file(project: Path) -> None:
    (project / "newsclean.toml").write_text('rules = ["rules/lantern.toml"]\nsite = "lantern.example"\n')
    result = invoke("--site", "other.example", "../article.txt")
    assert TIP_LINE in result.output


def test_disable_and_only_from_the_config_file(project: Path) -> None:
    (project / "newsclean.toml").write_text('disable = ["share"]\n')
    assert "Share" in invoke("../article.txt").output
    (project / "newsclean.toml").write_text(
        'only = "footer"\nrules = ["rules/lantern.toml"]\nsite = "lantern.example"\n'
    )
    output = invoke("../article.txt").output
    assert "Share" in output and TIP_LINE not in output


def test_pyproject_tool_newsclean(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.newsclean]\nrules = ["rules/lantern.toml"]\nsite = "lantern.example"\n'
    )
    assert TIP_LINE not in invoke("../article.txt").output


def test_pyproject_without_the_table_is_passed_over(project: Path) -> None:
    (project / "work" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (project / "newsclean.toml").write_text('site = "lantern.example"\nrules = ["rules/lantern.toml"]\n')
    found = find_config(project / "work")
    assert found is not None and found[0] == project / "newsclean.toml"


def test_a_command_table_applies_to_that_command_only(project: Path) -> None:
    dump = project / "dump.jsonl"
    dump.write_text("".join(f'{{"id": {n}, "text": "{TIP_LINE}\\n\\n{ARTICLE} {n}"}}\n' for n in range(3)))
    (project / "newsclean.toml").write_text("[learn]\nmin-docs = 3\nmin-share = 0.5\n")
    result = invoke("learn", "-q", str(dump))
    assert result.exit_code == 0, result.output
    assert "at least 3 records and 50%" in result.output
    assert 'phrases = ["Tell the Lantern what is happening on your street"]' in result.output
    assert invoke("--jsonl", "-q", str(dump)).exit_code == 0  # `clean` has no --min-docs, and is not given it


# (the config file, the line its error must name, a word the message must have)
BROKEN = {
    "unknown-key": ('site = "lantern.example"\ncolour = "red"\n', 2, "colour"),
    "unknown-option-of-a-command": ("\n[learn]\nmin-doc = 3\n", 3, "min-doc"),
    "bad-value": ('rules = ["x.toml"]\njobs = "many"\n', 2, "jobs"),
    "flag-not-a-boolean": ('quiet = "yes"\n', 1, "true or false"),
    "list-for-a-single-value": ('site = ["a.example", "b.example"]\n', 1, "one value"),
    "toml-syntax": ('site = "lantern.example\n', 1, "TOML"),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_a_broken_config_file_names_the_file_and_line(project: Path, case: str) -> None:
    text, line, word = BROKEN[case]
    (project / "newsclean.toml").write_text(text)
    result = invoke("../article.txt")
    assert result.exit_code == 2
    assert f"{project / 'newsclean.toml'}:{line}: " in result.output
    assert word in result.output


def test_a_config_file_naming_a_broken_rule_file(project: Path) -> None:
    (project / "rules" / "lantern.toml").write_text(RULES.replace('scope = "line"', 'scope = "whole"'))
    (project / "newsclean.toml").write_text('rules = ["rules/lantern.toml"]\n')
    result = invoke("../article.txt")
    assert result.exit_code == 2
    assert f"{project / 'rules' / 'lantern.toml'}:6: rule 'lantern.tips': `scope` is 'whole'" in result.output
