"""Rules of one's own: rule files, their errors, the pattern time limit, site scoping, --disable and --only.

The publisher packs (newsclean/packs/sites) are tested here too: each fixture in
fixtures/sites cleans to its expected file when the site is given, and its
site-only chrome stays when it is not.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from newsclean import Cleaner
from newsclean.custom import PATTERN_STRIKES, PATTERN_TIMEOUT, RuleConfig, domains_of, host_of, load_site_packs
from newsclean.rules.packs import PackError

REPO_ROOT = Path(__file__).resolve().parent.parent
SITE_FIXTURES = REPO_ROOT / "fixtures" / "sites"

ARTICLE = (
    "The county council agreed on Tuesday to rebuild the footbridge over the river before the winter floods.",
    "Engineers said the work would take eleven weeks and cost about half as much as the old estimate.",
)
TIP_LINE = "Got a story? Ring the Gazette desk on 01632 960 123"
MASTHEAD = "Millbrook Gazette, the voice of the valley"
DOCUMENT = "\n\n".join([MASTHEAD, ARTICLE[0], TIP_LINE, ARTICLE[1]]) + "\n"

GAZETTE_RULES = """\
# The Millbrook Gazette's chrome
language = "en"

[[rule]]
id = "gazette.masthead"
category = "navigation"
scope = "line"
reason = "the Gazette's masthead line"
phrases = ["millbrook gazette, the voice of the valley"]

[[rule]]
id = "gazette.tips"
category = "footer"
scope = "start"
max_words = 15
site = "millbrook-gazette.example"
reason = "the Gazette's tip line"
patterns = ['got a story\\? ring the gazette desk']

[[rule]]
id = "gazette.share"
category = "share"
scope = "line"
reason = "the Gazette's share button"
phrases = ["share this article"]
"""


def only_files(rules: RuleConfig) -> Cleaner:
    """A Cleaner with the rule files' rules and none of the built-in ones (which take seconds to compile)."""
    return Cleaner([], config=rules)


@pytest.fixture(scope="module")
def gazette() -> Cleaner:
    return only_files(config())


def config(text: str = GAZETTE_RULES, *, disable: tuple[str, ...] = (), only: tuple[str, ...] = ()) -> RuleConfig:
    return RuleConfig((("gazette.toml", text),), disable, only)


def kept(cleaner: Cleaner, text: str = DOCUMENT, **kwargs: str | None) -> list[str]:
    """The lines of the output, headline included."""
    return cleaner.clean(text, **kwargs).render().splitlines()


# --- rule files ----------------------------------------------------------------------------------


def test_a_rule_file_adds_its_rules_to_the_built_in_ones() -> None:
    cleaner = Cleaner(config=config())
    lines = kept(cleaner, DOCUMENT + "\nAdvertisement\n")
    assert MASTHEAD not in lines
    assert "Advertisement" not in lines  # a built-in rule still applies
    assert [line for line in lines if line] == [ARTICLE[0], TIP_LINE, ARTICLE[1]]  # the tip line is for one site


def test_rule_file_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "gazette.toml"
    path.write_text(GAZETTE_RULES, encoding="utf-8")
    rules = RuleConfig.from_paths([str(path)])
    assert rules.files == ((str(path), GAZETTE_RULES),)
    assert MASTHEAD not in kept(only_files(rules))


def test_an_unreadable_rule_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(PackError, match=r"missing\.toml: cannot read rule file"):
        RuleConfig.from_paths([str(tmp_path / "missing.toml")])


def _line_of(text: str, start: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if line.startswith(start))


# (what to change in GAZETTE_RULES, the start of the line the message must name, a word it must have)
BROKEN = {
    "toml-syntax": ('reason = "the Gazette\'s tip line"', "reason = \"the Gazette's tip line", "TOML"),
    "unknown-category": ('category = "footer"', 'category = "weather"', "weather"),
    "unknown-scope": ('scope = "start"', 'scope = "begin"', "begin"),
    "unknown-field": ("max_words = 15", "max_word = 15", "max_word"),
    "bad-pattern": ("patterns = ['got a story", "patterns = ['(got a story", "does not compile"),
    "bad-site": ('site = "millbrook-gazette.example"', 'site = "https://millbrook-gazette.example/"', "domain"),
    "bad-max-words": ("max_words = 15", "max_words = -1", "max_words"),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_a_broken_rule_file_names_the_file_and_the_line(case: str) -> None:
    old, new, word = BROKEN[case]
    text = GAZETTE_RULES.replace(old, new)
    with pytest.raises(PackError) as info:
        only_files(config(text))
    message = str(info.value)
    assert message.startswith(f"gazette.toml:{_line_of(text, new)}: "), message
    assert word in message


def test_an_unclosed_array_at_the_end_names_the_last_line() -> None:
    text = GAZETTE_RULES + 'examples = ["Got a story? Ring the Gazette desk on 0800"\n'
    with pytest.raises(PackError, match=rf"^gazette\.toml:{len(text.splitlines())}: TOML"):
        only_files(config(text))


def test_a_rule_id_used_twice_names_both_places() -> None:
    text = GAZETTE_RULES + GAZETTE_RULES.split("\n\n", 1)[1].split("\n\n")[0].replace("line", "short", 1) + "\n"
    with pytest.raises(PackError, match=r"gazette\.toml:\d+: rule id 'en\.gazette\.masthead' is already used at"):
        only_files(config(text))


# --- patterns under a time limit -------------------------------------------------------------------

SLOW_RULES = """\
language = "en"

[[rule]]
id = "slow"
category = "footer"
scope = "anywhere"
reason = "overlapping alternatives: exponential on a long run of letters that does not end the line"
patterns = ['(?:[a-z]|[a-z]{2})+$']
keywords = ["a"]

[[rule]]
id = "masthead"
category = "navigation"
scope = "line"
reason = "still applied"
phrases = ["millbrook gazette, the voice of the valley"]
"""


def test_a_pattern_that_backtracks_runs_out_of_time_is_reported_and_the_run_goes_on() -> None:
    cleaner = only_files(RuleConfig((("slow.toml", SLOW_RULES),)))
    trap = "a" * 60 + "!"
    started = time.perf_counter()
    result = cleaner.clean(DOCUMENT + "\n" + trap + "\n")
    assert time.perf_counter() - started < 50 * PATTERN_TIMEOUT
    (warning,) = result.stats["warnings"]
    assert "en.slow" in warning and "slow.toml:3" in warning and "line 9" in warning
    assert MASTHEAD not in result.text  # the other rule of the file is applied
    assert trap in result.text and ARTICLE[0] in result.text


def test_a_pattern_that_keeps_running_out_of_time_is_left_out_of_the_run() -> None:
    cleaner = only_files(RuleConfig((("slow.toml", SLOW_RULES),)))
    trap = DOCUMENT + "\n" + "a" * 60 + "!\n"
    warnings = [cleaner.clean(trap).stats.get("warnings", []) for _ in range(PATTERN_STRIKES + 2)]
    assert [len(found) for found in warnings] == [1] * PATTERN_STRIKES + [0, 0]
    assert warnings[0][0].endswith("the rest of this document")
    assert warnings[PATTERN_STRIKES - 1][0].endswith("the rest of this run")
    started = time.perf_counter()
    assert MASTHEAD not in cleaner.clean(trap).text  # the other rules still apply
    assert time.perf_counter() - started < PATTERN_TIMEOUT


def test_a_fast_document_gives_no_warning() -> None:
    result = only_files(RuleConfig((("slow.toml", SLOW_RULES),))).clean(DOCUMENT)
    assert "warnings" not in result.stats


# --- site scoping ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "site",
    [
        "millbrook-gazette.example",
        "https://millbrook-gazette.example/news/1",
        "https://www.millbrook-gazette.example/news/1?page=2",
        "http://sport.Millbrook-Gazette.example:8080/",
        "MILLBROOK-GAZETTE.EXAMPLE.",
    ],
)
def test_a_site_rule_applies_to_its_domain_and_subdomains(gazette: Cleaner, site: str) -> None:
    assert TIP_LINE not in kept(gazette, site=site)


@pytest.mark.parametrize(
    "site",
    [None, "", "other.example", "gazette.example", "millbrook-gazette.example.org", "notmillbrook-gazette.example"],
)
def test_a_site_rule_does_not_apply_elsewhere(gazette: Cleaner, site: str | None) -> None:
    lines = kept(gazette, site=site)
    assert TIP_LINE in lines
    assert MASTHEAD not in lines  # rules without a site apply everywhere


def test_a_pack_level_site_covers_every_rule_of_the_file() -> None:
    sites = 'site = ["millbrook-gazette.example", "mg.example"]'
    text = GAZETTE_RULES.replace('language = "en"', f'language = "en"\n{sites}')
    cleaner = only_files(config(text))
    assert MASTHEAD in kept(cleaner, site="other.example")
    assert MASTHEAD not in kept(cleaner, site="https://mg.example/a")
    assert TIP_LINE in kept(cleaner, site="mg.example")  # the rule's own site wins over the file's


def test_host_and_domains() -> None:
    assert host_of("https://www.Example.com:443/a") == "www.example.com"
    assert host_of("example.com/a") == "example.com"
    assert host_of("http://[::1") is None
    assert domains_of("a.b.example.com") == ["a.b.example.com", "b.example.com", "example.com"]
    assert domains_of("localhost") == ["localhost"]


# --- --disable and --only --------------------------------------------------------------------------

DISABLED_DOCUMENT = DOCUMENT + "\nShare this article\n"


@pytest.mark.parametrize(
    ("disable", "gone", "stays"),
    [
        (("navigation",), [], [MASTHEAD]),  # a category
        (("en.gazette.masthead",), [], [MASTHEAD]),  # a rule id
        (("gazette.masthead",), [], [MASTHEAD]),  # the id as the rule file writes it
        (("en.gazette",), [], [MASTHEAD]),  # the start of ids, up to a dot
        (("share",), [MASTHEAD], ["Share this article"]),
    ],
)
def test_disable(disable: tuple[str, ...], gone: list[str], stays: list[str]) -> None:
    lines = kept(only_files(config(disable=disable)), DISABLED_DOCUMENT)
    assert all(line not in lines for line in gone)
    assert all(line in lines for line in stays)
    assert ARTICLE[0] in lines


def test_disable_does_not_take_part_of_a_word() -> None:
    with pytest.raises(PackError, match=r"--disable 'en\.gazette\.mast': no rule or category.*en\.gazette\.masthead"):
        only_files(config(disable=("en.gazette.mast",)))


def test_only_keeps_the_other_categories() -> None:
    result = only_files(config(only=("navigation",))).clean(DISABLED_DOCUMENT, site="millbrook-gazette.example")
    assert {removal.category for removal in result.removed} == {"navigation"}
    assert "Share this article" in result.render() and TIP_LINE in result.render()


def test_only_two_categories() -> None:
    result = only_files(config(only=("navigation", "footer"))).clean(
        DISABLED_DOCUMENT, site="millbrook-gazette.example"
    )
    assert {removal.text for removal in result.removed} == {MASTHEAD, TIP_LINE}


def test_only_an_unknown_category_is_an_error_listing_them() -> None:
    with pytest.raises(PackError, match=r"--only 'weather': not a category; one of donation, "):
        only_files(config(only=("weather",)))


def test_disable_a_structure_pass() -> None:
    """A menu of labels that no rule names goes by the structure pass alone, which --disable can leave out."""
    menu = "\n".join(["Harbour", "Allotments", "Tides", "Heritage", "Lighthouses"]) + "\n\n"
    assert "Tides" not in kept(only_files(RuleConfig()), menu + DOCUMENT)
    assert "Tides" in kept(only_files(RuleConfig(disable=("structure",))), menu + DOCUMENT)
    assert "Tides" in kept(only_files(RuleConfig(disable=("structure.menu",))), menu + DOCUMENT)


# --- publisher packs -------------------------------------------------------------------------------

SITE_SOURCES = sorted(path for path in SITE_FIXTURES.glob("*.txt") if not path.name.endswith(".expected.txt"))


def _read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as file:
        return file.read()


def test_every_publisher_pack_has_a_fixture() -> None:
    packs = {rule.sites[0] for pack in load_site_packs() for rule in pack.rules}
    assert packs == {path.name.removesuffix(".txt") for path in SITE_SOURCES}
    assert len(packs) >= 4


@pytest.mark.parametrize("source", SITE_SOURCES, ids=[path.name for path in SITE_SOURCES])
def test_site_fixture_cleans_to_expected_with_its_site(cleaner: Cleaner, source: Path) -> None:
    site = source.name.removesuffix(".txt")
    expected = _read(source.with_name(f"{site}.expected.txt"))
    assert cleaner.clean(_read(source), site=f"https://www.{site}/article").render() == expected


@pytest.mark.parametrize("source", SITE_SOURCES, ids=[path.name for path in SITE_SOURCES])
def test_site_rules_stay_out_of_other_sites(cleaner: Cleaner, source: Path) -> None:
    """Without its site, no rule of a publisher pack removes anything from its own fixture."""
    site = source.name.removesuffix(".txt")
    for other in (None, "example.com"):
        result = cleaner.clean(_read(source), site=other)
        assert not [removal.rule for removal in result.removed if f".{site.split('.')[0]}." in removal.rule]
    with_site = cleaner.clean(_read(source), site=site)
    assert [removal.rule for removal in with_site.removed if f".{site.split('.')[0]}." in removal.rule]


def test_publisher_rule_examples_are_removed_only_on_their_site(cleaner: Cleaner) -> None:
    for pack in load_site_packs():
        for rule in pack.rules:
            for example in rule.examples:
                on_site = cleaner.clean(example + "\n", site=rule.sites[0])
                assert rule.id in {removal.rule for removal in on_site.removed}, (rule.id, example)
                elsewhere = cleaner.clean(example + "\n", site="example.com")
                assert rule.id not in {removal.rule for removal in elsewhere.removed}
            for counter in rule.counter_examples:  # (a built-in rule may still remove it)
                on_site = cleaner.clean(counter + "\n", site=rule.sites[0])
                assert rule.id not in {removal.rule for removal in on_site.removed}, (rule.id, counter)
