"""--mode and --lang: what each mode removes beyond the rule packs, and forcing a language's pack."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from test_pipeline import P, doc, kept_lines, removed_lines

from newsclean import Cleaner
from newsclean.cli import cli
from newsclean.structure import THRESHOLDS, Mode

# Link labels that no rule pack names: only the structure classifier can tell they are a menu.
LABELS = ["Harbour Life", "Schools", "Allotments", "Ferries", "Lighthouses"]
GERMAN_SHARE = "Diesen Artikel teilen"


def test_conservative_removes_only_what_the_packs_name(cleaner: Cleaner) -> None:
    text = doc(P[0], P[1], P[2], "\n".join(LABELS), "Share this article")
    result = cleaner.clean(text, mode=Mode.CONSERVATIVE)
    assert kept_lines(result) == [P[0], P[1], P[2], *LABELS]
    assert removed_lines(result) == ["Share this article"]


def test_balanced_adds_the_classifier_runs_of_labels(cleaner: Cleaner) -> None:
    text = doc(P[0], P[1], P[2], "\n".join(LABELS), "Share this article")
    result = cleaner.clean(text, mode=Mode.BALANCED)
    assert kept_lines(result) == [P[0], P[1], P[2]]
    assert {removal.rule for removal in result.removed if removal.text in LABELS} == {"structure.menu"}


def test_aggressive_takes_a_menu_of_three_that_balanced_keeps(cleaner: Cleaner) -> None:
    text = doc(P[0], P[1], P[2], "\n".join(LABELS[:3]))
    assert kept_lines(cleaner.clean(text, mode=Mode.BALANCED)) == [P[0], P[1], P[2], *LABELS[:3]]
    assert kept_lines(cleaner.clean(text, mode=Mode.AGGRESSIVE)) == [P[0], P[1], P[2]]


@pytest.mark.parametrize("mode", list(Mode))
def test_no_mode_removes_article_prose(cleaner: Cleaner, mode: Mode) -> None:
    text = doc(*P)
    assert not cleaner.clean(text, mode=mode).removed


def test_modes_nest_more_removed_in_each(cleaner: Cleaner) -> None:
    text = doc("\n".join(LABELS), P[0], P[1], P[2], "Share this article", "\n".join(LABELS[:3]))
    removed = [len(cleaner.clean(text, mode=mode).removed) for mode in Mode]
    assert removed == sorted(removed) and removed[0] < removed[-1]


def test_lang_applies_that_language_s_pack_to_a_document_guessed_otherwise(cleaner: Cleaner) -> None:
    text = doc(P[0], P[1], GERMAN_SHARE, P[2])
    assert GERMAN_SHARE in kept_lines(cleaner.clean(text))  # English: the German pack is not used
    forced = cleaner.clean(text, language="de")
    assert GERMAN_SHARE not in kept_lines(forced)
    assert [removal.rule for removal in forced.removed] == ["de.share.button"]


def test_cli_mode_and_lang_on_text_and_json_lines() -> None:
    text = doc(P[0], P[1], GERMAN_SHARE, P[2], "\n".join(LABELS))
    runner = CliRunner()
    conservative = runner.invoke(cli, ["--no-title", "--mode", "conservative", "-"], input=text)
    assert conservative.exit_code == 0 and "Schools" in conservative.output and GERMAN_SHARE in conservative.output
    forced = runner.invoke(cli, ["--no-title", "--lang", "de", "-"], input=text)
    assert forced.exit_code == 0 and GERMAN_SHARE not in forced.output and "Schools" not in forced.output
    record = json.dumps({"text": text}) + "\n"
    batch = runner.invoke(cli, ["--jsonl", "-q", "--mode", "conservative", "--lang", "de", "-"], input=record)
    assert batch.exit_code == 0
    cleaned = json.loads(batch.stdout)["text"]
    assert GERMAN_SHARE not in cleaned and "Schools" in cleaned


@pytest.mark.parametrize("args", [["--lang", "xx"], ["--mode", "reckless"]])
def test_cli_rejects_an_unknown_language_or_mode(args: list[str]) -> None:
    result = CliRunner().invoke(cli, [*args, "-"], input=doc(P[0]))
    assert result.exit_code == 2
    assert "Invalid value" in result.output


def test_explain_takes_the_mode() -> None:
    text = doc(P[0], P[1], P[2], "\n".join(LABELS))
    result = CliRunner().invoke(cli, ["explain", "--mode", "conservative", "-"], input=text)
    assert result.exit_code == 0 and "structure.menu" not in result.output
    result = CliRunner().invoke(cli, ["explain", "-"], input=text)
    assert result.exit_code == 0 and "structure.menu" in result.output


def test_a_thresholds_of_one_s_own_replaces_the_mode_s(cleaner: Cleaner) -> None:
    text = doc(P[0], P[1], P[2], "\n".join(LABELS[:3]))
    three = THRESHOLDS[Mode.BALANCED]._replace(menu_min_run=3)
    assert kept_lines(cleaner.clean(text, mode=three)) == [P[0], P[1], P[2]]
