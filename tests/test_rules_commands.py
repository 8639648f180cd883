"""`newsclean rules`, `rules test RULES SAMPLE...` and `rules show RULE`, and --rules/--disable on the commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsclean.cli import cli

RULES = """\
language = "en"

[[rule]]
id = "ledger.crossword"
category = "footer"
scope = "line"
site = "ledger.example"
reason = "the Ledger's puzzle note"
phrases = ["the ledger crossword is in the saturday paper"]
examples = ["The Ledger crossword is in the Saturday paper."]
counter_examples = ["The Ledger crossword is in the Saturday paper, its setter said, because readers asked."]

[[rule]]
id = "ledger.desk"
category = "metadata"
scope = "start"
max_words = 8
reason = "the desk a story was filed from"
patterns = ['filed from the [a-z]+ desk']
examples = ["Filed from the harbour desk"]
"""
ARTICLE = "The harbour trust agreed on Monday to repaint the lifeboat station before the storms of the autumn."
SAMPLE = f"Filed from the harbour desk\n\n{ARTICLE}\n\nThe Ledger crossword is in the Saturday paper.\n"


def invoke(*args: str, input: str | None = None) -> Result:
    """The command, on a terminal wide enough that no line of its output wraps."""
    return CliRunner(env={"COLUMNS": "400"}).invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    rules, sample = tmp_path / "ledger.toml", tmp_path / "sample.txt"
    rules.write_text(RULES, encoding="utf-8")
    sample.write_text(SAMPLE, encoding="utf-8")
    return rules, sample


def test_rules_test_shows_the_blocks_each_rule_matches(files: tuple[Path, Path]) -> None:
    rules, sample = files
    result = invoke("rules", "test", str(rules), str(sample))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    crossword = lines.index(next(line for line in lines if line.startswith("en.ledger.crossword")))
    desk = lines.index(next(line for line in lines if line.startswith("en.ledger.desk")))
    assert f"{rules}:3" in lines[crossword] and "line footer" in lines[crossword]
    assert lines[crossword + 1].split(maxsplit=1) == [f"{sample}:5", "The Ledger crossword is in the Saturday paper."]
    assert lines[desk + 1].split()[0] == f"{sample}:1"
    assert ARTICLE not in result.output


def test_rules_test_says_when_a_rule_matches_nothing(files: tuple[Path, Path], tmp_path: Path) -> None:
    rules, _ = files
    other = tmp_path / "other.txt"
    other.write_text(ARTICLE + "\n")
    result = invoke("rules", "test", str(rules), str(other))
    assert result.output.count("no block matched") == 2
    assert result.exit_code == 0


def test_rules_test_fails_on_an_example_the_rule_misses(files: tuple[Path, Path]) -> None:
    rules, sample = files
    rules.write_text(RULES.replace('examples = ["Filed from the harbour desk"]', 'examples = ["Filed at the desk"]'))
    result = invoke("rules", "test", str(rules), str(sample))
    assert result.exit_code == 1
    assert "example not matched: 'Filed at the desk'" in result.output


def test_rules_test_fails_on_a_counter_example_the_rule_matches(files: tuple[Path, Path]) -> None:
    rules, sample = files
    counter = next(line for line in RULES.splitlines() if line.startswith("counter_examples"))
    rules.write_text(RULES.replace(counter, 'counter_examples = ["The Ledger crossword is in the Saturday paper!"]'))
    result = invoke("rules", "test", str(rules), str(sample))
    assert result.exit_code == 1
    assert "counter-example matched: 'The Ledger crossword is in the Saturday paper!'" in result.output


def test_rules_test_on_json_lines_names_each_record(files: tuple[Path, Path], tmp_path: Path) -> None:
    rules, _ = files
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"body": {"text": ARTICLE}}) + "\n" + json.dumps({"body": {"text": SAMPLE}}) + "\n")
    result = invoke("rules", "test", "--jsonl", "--text-field", "body.text", str(rules), str(dump))
    assert "dump.jsonl:2:1" in result.output and "dump.jsonl:2:5" in result.output
    assert "dump.jsonl:1:" not in result.output


def test_rules_test_reports_a_pattern_that_runs_out_of_time(tmp_path: Path) -> None:
    rules, sample = tmp_path / "slow.toml", tmp_path / "slow.txt"
    rules.write_text(
        'language = "en"\n[[rule]]\nid = "slow"\ncategory = "footer"\nscope = "line"\nreason = "r"\n'
        "patterns = ['(?:[a-z]|[a-z]{2})+$']\n"
    )
    sample.write_text("a" * 60 + "!\n")
    result = invoke("rules", "test", str(rules), str(sample))
    assert result.exit_code == 1
    assert "slow.txt: rule en.slow" in result.output and "ran for more than" in result.output


def test_rules_test_with_a_broken_rule_file(tmp_path: Path, files: tuple[Path, Path]) -> None:
    rules, sample = files
    rules.write_text(RULES.replace('scope = "start"', 'scope = "opening"'))
    result = invoke("rules", "test", str(rules), str(sample))
    assert result.exit_code == 2
    assert f"{rules}:16: rule 'ledger.desk': `scope` is 'opening'" in result.output


def test_rules_show_prints_a_rule_with_its_examples(files: tuple[Path, Path]) -> None:
    rules, _ = files
    result = invoke("rules", "show", "--rules", str(rules), "ledger.crossword")
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "en.ledger.crossword" in text and "sites ledger.example" in text
    assert "examples The Ledger crossword is in the Saturday paper." in text
    assert "counter-examples The Ledger crossword is in the Saturday paper, its setter said" in text


def test_rules_show_a_built_in_rule_in_every_language() -> None:
    result = invoke("rules", "show", "newsletter.prompt")
    assert result.exit_code == 0
    assert {"en.newsletter.prompt", "de.newsletter.prompt"} <= set(result.output.split())


def test_rules_show_an_unknown_rule_suggests_close_ones() -> None:
    result = invoke("rules", "show", "en.newsletter.promt")
    assert result.exit_code == 2
    assert "no rule 'en.newsletter.promt'; did you mean en.newsletter.prompt" in result.output


def test_rules_lists_the_rules_of_a_rule_file(files: tuple[Path, Path]) -> None:
    rules, _ = files
    result = invoke("rules", "--rules", str(rules))
    assert "en.ledger.crossword" in result.output and "en.share.button" in result.output


def test_explain_with_a_rule_file_and_a_site(files: tuple[Path, Path]) -> None:
    rules, sample = files
    result = invoke("explain", "--rules", str(rules), "--site", "ledger.example", str(sample))
    assert "en.ledger.crossword" in result.output and "en.ledger.desk" in result.output
    result = invoke("explain", "--rules", str(rules), str(sample))
    assert "en.ledger.crossword" not in result.output


def test_clean_jsonl_site_from_the_url_field(files: tuple[Path, Path], tmp_path: Path) -> None:
    rules, _ = files
    dump = tmp_path / "dump.jsonl"
    records = [
        {"link": "https://www.ledger.example/a", "text": SAMPLE},
        {"link": "https://other.example/", "text": SAMPLE},
    ]
    dump.write_text("".join(json.dumps(record) + "\n" for record in records))
    result = invoke("--jsonl", "-q", "--rules", str(rules), "--url-field", "link", str(dump))
    first, second = (json.loads(line)["text"] for line in result.output.splitlines())
    assert "crossword" not in first and "crossword" in second
    assert "Filed from" not in first and "Filed from" not in second


def test_subprocess_broken_rule_file_is_one_line_with_status_2(files: tuple[Path, Path]) -> None:
    rules, sample = files
    rules.write_text(RULES.replace('category = "footer"', 'category = "puzzles"'))
    done = subprocess.run(
        [sys.executable, "-m", "newsclean", "--rules", str(rules), str(sample)], capture_output=True, timeout=120
    )
    assert done.returncode == 2
    assert done.stderr.decode().strip() == (
        f"newsclean: {rules}:5: rule 'ledger.crossword': `category` is 'puzzles'; one of "
        "donation, newsletter, related, share, caption, cookie, advertisement, comments, paywall, navigation, "
        "footer, app-promo, author-bio, metadata, boilerplate"
    )
    assert done.stdout == b""


def test_rules_is_repeatable_and_ids_must_not_clash(files: tuple[Path, Path], tmp_path: Path) -> None:
    rules, sample = files
    second = tmp_path / "second.toml"
    second.write_text(RULES.replace("ledger.crossword", "other.crossword").replace("ledger.desk", "other.desk"))
    second.write_text(second.read_text().replace("filed from the [a-z]+ desk", "the ledger is printed in [a-z]+"))
    with_both = invoke("--rules", str(rules), "--rules", str(second), str(sample))
    assert with_both.exit_code == 0 and "Filed from" not in with_both.output
    clash = invoke("--rules", str(rules), "--rules", str(rules), str(sample))
    assert clash.exit_code == 2
    assert f"{rules}:3: rule id 'en.ledger.crossword' is already used at {rules}:3" in clash.output
