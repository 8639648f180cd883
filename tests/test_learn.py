"""Learning a site's repeated chrome (`newsclean learn`, `--learn`) and cleaning with what was learned.

Dumps are built here from a few invented sites: each has chrome lines in every
record, articles of their own, and background sentences that a series of articles
repeats (the trap: article text that repeats, but should not be learned).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsclean import Cleaner
from newsclean.cli import cli
from newsclean.custom import RuleConfig
from newsclean.learn import Learner, block_key, site_name
from newsclean.rules.packs import read_pack

CHROME = {
    "saltcote-echo.example": ["Saltcote Echo | Harbour edition", "Printed at the Saltcote works on managed paper"],
    "fenwick-argus.example": ["Fenwick Argus · Allotments · Tides", "Proudly independent since 1871"],
}
BACKGROUND = (
    "The ferry ramp has been closed since the storm of February cracked two of its concrete piers, and the "
    "harbour trust has been looking for money to repair it ever since."
)
ENDING = "The Saltcote Echo is owned by its readers through the Saltcote Press Cooperative."


def article(site: str, number: int) -> list[str]:
    """Two sentences no other record has."""
    return [
        f"Record {number} of {site}: the council voted {number} to {number + 3} on Tuesday to mend road {number}.",
        f"Work on road {number} of {site} starts in {number % 12 + 1} weeks, officials said after the meeting.",
    ]


def record(site: str, number: int, *, background: bool = False, ending: bool = False) -> dict[str, str]:
    top, bottom = CHROME[site]
    body = article(site, number)
    if background:
        body.insert(1, BACKGROUND)
    lines = [top, *body, bottom] + ([ENDING] if ending else [])
    return {"id": f"{site}/{number}", "url": f"https://www.{site}/news/{number}", "text": "\n\n".join(lines)}


def dump(records: int = 10, background_every: int = 0) -> list[dict[str, str]]:
    return [
        record(site, number, background=bool(background_every) and number % background_every == 0)
        for number in range(records)
        for site in CHROME
    ]


def learned(records: list[dict[str, str]], **options: object) -> Learner:
    learner = Learner(**options)  # type: ignore[arg-type]
    for item in records:
        learner.add(item["text"], site_name(item["url"]), item["id"])
    return learner


def texts(learner: Learner) -> dict[str | None, set[str]]:
    found: dict[str | None, set[str]] = {}
    for block in learner.blocks()[0]:
        found.setdefault(block.site, set()).add(block.text)
    return found


# --- the Learner -----------------------------------------------------------------------------------


def test_each_site_learns_its_own_chrome_and_no_article_text() -> None:
    assert texts(learned(dump())) == {site: set(lines) for site, lines in CHROME.items()}


def test_site_name_drops_www_and_keeps_other_subdomains() -> None:
    assert site_name("https://www.Example.com/a") == "example.com"
    assert site_name("https://sport.example.com/a") == "sport.example.com"
    assert site_name("not a url") is None  # a site must be a domain, for the rule file to be read back
    assert site_name("http://localhost:8000/a") is None


def test_variants_in_case_and_punctuation_count_as_one_block() -> None:
    assert block_key("• saltcote echo | harbour edition ›") == "saltcote echo | harbour edition"
    records = dump()
    for item in records[::2]:
        item["text"] = item["text"].replace("Printed at the Saltcote works", "• PRINTED AT THE SALTCOTE WORKS")
    blocks = {block.text.lower(): block for block in learned(records).blocks()[0]}
    assert blocks["printed at the saltcote works on managed paper"].records == 10


def test_min_docs_and_min_share() -> None:
    records = dump(records=10)
    records.append(record("saltcote-echo.example", 99) | {"text": "A line only once\n\n" + BACKGROUND})
    assert texts(learned(records, min_docs=11)) == {}
    assert texts(learned(records, min_docs=10)) == {site: set(lines) for site, lines in CHROME.items()}
    rare = records + [record("fenwick-argus.example", n) | {"text": f"Page {n} of its own"} for n in range(40)]
    # Fenwick's chrome is now in 10 of 50 records: 20%.
    assert "fenwick-argus.example" in texts(learned(rare, min_share=0.2))
    assert "fenwick-argus.example" not in texts(learned(rare, min_share=0.25))


def test_a_series_background_sentence_is_not_learned_unless_asked() -> None:
    records = dump(records=20, background_every=3)  # in 7 of 20 records of each site
    learner = learned(records)
    assert all(BACKGROUND not in found for found in texts(learner).values())
    skipped = {block.text for block in learner.blocks()[1]}
    assert BACKGROUND.rstrip(".") in skipped
    assert BACKGROUND.rstrip(".") in texts(learned(records, include_prose=True))["saltcote-echo.example"]


def test_a_sentence_inside_the_article_needs_most_records() -> None:
    """Between article paragraphs, 60% is not enough for a sentence (a series repeats its background)..."""
    records = dump(records=20, background_every=0)
    for number, item in enumerate(records):
        if number % 5 < 3:
            top, *body = item["text"].split("\n\n")
            item["text"] = "\n\n".join([top, body[0], BACKGROUND, *body[1:]])
    assert all(BACKGROUND.rstrip(".") not in found for found in texts(learned(records)).values())


def test_a_sentence_at_the_end_of_the_page_in_most_records_is_learned() -> None:
    """...while chrome that reads like prose, after the article, is learned from half of the records."""
    records = [record("saltcote-echo.example", number, ending=number % 5 < 3) for number in range(20)]
    assert ENDING.rstrip(".") in texts(learned(records))["saltcote-echo.example"]


def test_records_without_a_url_are_one_site() -> None:
    learner = Learner()
    for item in dump():
        learner.add(item["text"], None, item["id"])
    assert texts(learner) == {None: {line for lines in CHROME.values() for line in lines}}
    assert 'site = "' not in learner.rule_file()


def test_the_rule_file_parses_and_removes_the_chrome_and_keeps_the_articles() -> None:
    records = dump(records=12, background_every=3)
    rule_file = learned(records).rule_file()
    pack = read_pack(rule_file, "site-rules.toml")
    assert {rule.sites for rule in pack.rules} == {(site,) for site in CHROME}
    first = next(rule for rule in pack.rules if rule.sites == ("saltcote-echo.example",))
    assert first.id == "learned.saltcote-echo-example.1"
    assert "in 12 of 12 records" in first.reason
    assert 'example_record = "' in rule_file and "records = 12" in rule_file
    cleaner = Cleaner(config=RuleConfig((("site-rules.toml", rule_file),)))
    for item in records:
        text = cleaner.clean(item["text"], site=item["url"]).render()
        site = item["id"].split("/")[0]
        assert all(line not in text for line in CHROME[site])
        assert all(line in text for line in article(site, int(item["id"].split("/")[1])))
        assert (BACKGROUND in text) == (BACKGROUND in item["text"])


# --- the command line ------------------------------------------------------------------------------


def write_dump(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(item) + "\n" for item in records), encoding="utf-8")
    return path


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_learn_then_clean_with_the_rules(tmp_path: Path) -> None:
    source = write_dump(tmp_path / "dump.jsonl", dump(records=10, background_every=3))
    result = invoke("learn", str(source), "-o", str(tmp_path / "site-rules.toml"))
    assert result.exit_code == 0, result.output
    assert "learned 4 blocks on 2 site(s) from 20 records" in result.output
    cleaned = invoke("--jsonl", "-q", "--rules", str(tmp_path / "site-rules.toml"), str(source))
    assert cleaned.exit_code == 0, cleaned.output
    for line in cleaned.output.splitlines():
        text = json.loads(line)["text"]
        assert not any(chrome in text for chrome in CHROME["saltcote-echo.example"] + CHROME["fenwick-argus.example"])
        assert text.count("the council voted") == 1


def test_learn_reports_bad_lines_and_still_writes_the_rules(tmp_path: Path) -> None:
    source = write_dump(tmp_path / "dump.jsonl", dump())
    with source.open("a") as out:
        out.write("not json\n")
    result = invoke("learn", str(source), "--min-docs", "3")
    assert result.exit_code == 1
    assert "dump.jsonl:21: not valid JSON" in result.output
    assert "[[rule]]" in result.output


def test_learn_with_site_for_records_without_a_url(tmp_path: Path) -> None:
    records = [{"id": item["id"], "text": item["text"]} for item in dump()]
    source = write_dump(tmp_path / "dump.jsonl", records)
    result = invoke("learn", "-q", "--site", "whole.example", str(source))
    assert 'site = "whole.example"' in result.output
    result = invoke("learn", "-q", "--site", "https://www.whole.example/", str(source))
    assert 'site = "whole.example"' in result.output


def test_learn_in_one_step_gives_what_two_steps_give(tmp_path: Path) -> None:
    source = write_dump(tmp_path / "dump.jsonl", dump(records=10, background_every=3))
    invoke("learn", "-q", str(source), "-o", str(tmp_path / "site-rules.toml"))
    two_steps = invoke("--jsonl", "-q", "--rules", str(tmp_path / "site-rules.toml"), str(source))
    one_step = invoke("--jsonl", "--learn", str(source), "-o", str(tmp_path / "clean.jsonl"))
    assert one_step.exit_code == 0, one_step.output
    assert "(first pass)" in one_step.output
    assert (tmp_path / "clean.jsonl").read_text(encoding="utf-8") == two_steps.output


def test_learn_in_one_step_needs_files(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--jsonl", "--learn", "-"], input="{}\n")
    assert result.exit_code == 2
    assert "--learn reads the inputs twice" in result.output


def test_subprocess_learn_then_clean(tmp_path: Path) -> None:
    """The console script end to end: learn into a file, clean with it, from a real process."""
    source = write_dump(tmp_path / "dump.jsonl", dump(records=6))
    command = [sys.executable, "-m", "newsclean"]
    env = {**os.environ, "NO_COLOR": "1"}
    learn = subprocess.run(
        [*command, "learn", str(source), "-o", str(tmp_path / "rules.toml")], capture_output=True, env=env, timeout=120
    )
    assert learn.returncode == 0, learn.stderr
    assert b"learned 4 blocks" in learn.stderr
    clean = subprocess.run(
        [*command, "--jsonl", "-q", "--rules", str(tmp_path / "rules.toml"), str(source)],
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert clean.returncode == 0, clean.stderr
    texts = [json.loads(line)["text"] for line in clean.stdout.splitlines()]
    assert len(texts) == 12
    assert not any("Proudly independent" in text or "Saltcote works" in text for text in texts)


@pytest.mark.parametrize("option", ["--min-docs=1", "--min-share=1.5"])
def test_learn_thresholds_out_of_range_are_usage_errors(tmp_path: Path, option: str) -> None:
    source = write_dump(tmp_path / "dump.jsonl", dump(records=2))
    assert CliRunner().invoke(cli, ["learn", option, str(source)]).exit_code == 2
