"""Rule packs: built-in examples are removed and counter-examples kept; schema errors name file and line."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from newsclean import Cleaner
from newsclean.document import Document
from newsclean.rules.packs import PackError, builtin_pack_names, builtin_pack_text, load_builtin, parse_pack, read_pack
from newsclean.rules.rule import Category, Rule, Scope
from newsclean.rules.ruleset import RuleSet

BUILTIN: list[Rule] = load_builtin()

# Two long, neutral article paragraphs per language (no chrome wording), to place an example between.
PARAGRAPHS = {
    "en": (
        "The harbour bridge will stay closed to traffic until the end of March while engineers replace the "
        "corroded steel joints, the city said on Tuesday.",
        "Drivers have been told to use the ring road instead, and extra buses will run between the two "
        "districts every ten minutes during the morning peak.",
    ),
    "de": (
        "Die Hafenbrücke bleibt bis Ende März für den Verkehr gesperrt, während Ingenieure die verrosteten "
        "Stahlgelenke austauschen, teilte die Stadt am Dienstag mit.",
        "Autofahrer sollen stattdessen die Ringstraße nutzen, und zwischen den beiden Stadtteilen fahren in der "
        "Hauptverkehrszeit alle zehn Minuten zusätzliche Busse.",
    ),
    "fr": (
        "Le pont du port restera fermé à la circulation jusqu'à la fin du mois de mars, le temps que les "
        "ingénieurs remplacent les joints en acier rouillés, a indiqué la ville mardi.",
        "Les automobilistes sont invités à emprunter le périphérique, et des bus supplémentaires relieront les "
        "deux quartiers toutes les dix minutes aux heures de pointe.",
    ),
    "es": (
        "El puente del puerto seguirá cerrado al tráfico hasta finales de marzo mientras los ingenieros "
        "sustituyen las juntas de acero oxidadas, informó el ayuntamiento el martes.",
        "Se pide a los conductores que utilicen la ronda de circunvalación, y autobuses adicionales unirán los "
        "dos barrios cada diez minutos en la hora punta.",
    ),
    "it": (
        "Il ponte del porto resterà chiuso al traffico fino alla fine di marzo, mentre gli ingegneri sostituiscono "
        "i giunti in acciaio corrosi, ha comunicato il Comune martedì.",
        "Gli automobilisti sono invitati a usare la tangenziale, e autobus aggiuntivi collegheranno i due quartieri "
        "ogni dieci minuti nelle ore di punta del mattino.",
    ),
    "pt": (
        "A ponte do porto vai continuar fechada ao trânsito até ao final de março, enquanto os engenheiros "
        "substituem as juntas de aço corroídas, informou a câmara municipal na terça-feira.",
        "Os condutores devem usar a circular, e mais autocarros vão ligar os dois bairros a cada dez minutos "
        "durante a hora de ponta da manhã, segundo a empresa de transportes.",
    ),
    "nl": (
        "De havenbrug blijft tot eind maart afgesloten voor het verkeer, terwijl ingenieurs de verroeste stalen "
        "voegen vervangen, meldde de gemeente dinsdag.",
        "Automobilisten wordt gevraagd de ringweg te nemen, en tijdens de ochtendspits rijden er elke tien minuten "
        "extra bussen tussen de twee wijken.",
    ),
    "pl": (
        "Most w porcie pozostanie zamknięty dla ruchu do końca marca, ponieważ inżynierowie wymieniają "
        "skorodowane stalowe złącza, poinformowało we wtorek miasto.",
        "Kierowcy mają korzystać z obwodnicy, a w porannym szczycie między obiema dzielnicami co dziesięć minut "
        "będą kursować dodatkowe autobusy, które już są w drodze.",
    ),
    "ru": (
        "Портовый мост будет закрыт для движения до конца марта, пока инженеры заменяют проржавевшие стальные "
        "соединения, сообщила во вторник мэрия.",
        "Водителям предлагают пользоваться кольцевой дорогой, а в утренний час пик между двумя районами каждые "
        "десять минут будут ходить дополнительные автобусы, которые уже закуплены.",
    ),
}


def _sandwich(rule: Rule, line: str) -> tuple[str, str, str]:
    before, after = PARAGRAPHS.get(rule.language, PARAGRAPHS["en"])
    return f"{before}\n\n{line}\n\n{after}\n", before, after


def _kept_lines(text: str) -> list[str]:
    return [block.text for block in Document(text).blocks]


def test_builtin_packs_load_and_include_common_and_english() -> None:
    names = builtin_pack_names()
    assert names[0] == "common"
    assert "en" in names
    assert BUILTIN
    languages = {rule.language for rule in BUILTIN}
    assert "*" in languages and "en" in languages


@pytest.mark.parametrize("name", builtin_pack_names())
def test_builtin_packs_pass_the_checks_that_rule_files_get(name: str) -> None:
    """The built-in packs load without compiling each pattern (start-up time); here they are compiled."""
    read_pack(builtin_pack_text(name), f"{name}.toml", compile_check=True)


def test_site_packs_pass_the_checks_that_rule_files_get() -> None:
    folder = resources.files("newsclean.packs").joinpath("sites")
    for entry in folder.iterdir():
        if entry.name.endswith(".toml"):
            read_pack(entry.read_text(encoding="utf-8"), entry.name, compile_check=True)


def test_builtin_rule_ids_are_unique_and_prefixed_by_language() -> None:
    ids = [rule.id for rule in BUILTIN]
    assert len(ids) == len(set(ids))
    for rule in BUILTIN:
        if rule.language != "*":
            assert rule.id.startswith(f"{rule.language}."), rule.id
    RuleSet(BUILTIN)  # does not raise


@pytest.mark.parametrize("rule", BUILTIN, ids=[rule.id for rule in BUILTIN])
def test_examples_are_removed(cleaner: Cleaner, rule: Rule) -> None:
    failures = []
    for example in rule.examples:
        text, before, after = _sandwich(rule, example)
        result = cleaner.clean(text)
        removed = [r for r in result.removed if r.text == example]
        kept = _kept_lines(result.text)
        if not removed or example in kept:
            failures.append(f"{example!r} was kept")
        elif before not in kept or after not in kept:
            failures.append(f"{example!r} took article paragraphs with it: {[r.text for r in result.removed]}")
    assert not failures, f"{rule.source}: " + "; ".join(failures)


@pytest.mark.parametrize("rule", BUILTIN, ids=[rule.id for rule in BUILTIN])
def test_examples_match_their_own_rule(rule: Rule) -> None:
    """Each example is found by the rule that lists it, not only by some other rule that happens to overlap."""
    ruleset = RuleSet([rule])
    failures = []
    for example in rule.examples:
        text, _, _ = _sandwich(rule, example)
        document = Document(text)
        (block,) = [b for b in document.blocks if b.text == example]
        hits = [hit for hit in ruleset.scan(document)[rule.scope] if hit.block == block.index]
        if not hits:
            failures.append(repr(example))
    assert not failures, f"{rule.source}: {rule.id} does not match its examples " + ", ".join(failures)


@pytest.mark.parametrize("rule", BUILTIN, ids=[rule.id for rule in BUILTIN])
def test_counter_examples_are_kept(cleaner: Cleaner, rule: Rule) -> None:
    failures = []
    for counter in rule.counter_examples:
        text, before, after = _sandwich(rule, counter)
        result = cleaner.clean(text)
        kept = _kept_lines(result.text)
        if kept != [before, counter, after]:
            culprits = [f"{r.rule}: {r.text!r}" for r in result.removed]
            failures.append(f"{counter!r} not kept (removed: {culprits})")
    assert not failures, f"{rule.source}: " + "; ".join(failures)


@pytest.mark.parametrize("rule", [r for r in BUILTIN if r.scope is Scope.HEADING], ids=lambda rule: rule.id)
def test_heading_rules_have_a_section(rule: Rule) -> None:
    assert rule.section is not None


@pytest.mark.parametrize("rule", BUILTIN, ids=[rule.id for rule in BUILTIN])
def test_patterns_are_written_in_folded_form(rule: Rule) -> None:
    # Capitals could never match folded text; escapes like \S or \p{L} are fine.
    for pattern in rule.patterns:
        assert not re.search(r"[A-Z]", re.sub(r"\\p\{\w+\}|\\.", "", pattern)), pattern


@pytest.mark.parametrize(
    "rule",
    [r for r in BUILTIN if r.scope in (Scope.SHORT, Scope.ANYWHERE, Scope.CUE) and r.patterns],
    ids=lambda rule: rule.id,
)
def test_floating_patterns_have_keywords(rule: Rule) -> None:
    """docs/rule-packs.md: patterns in the floating scopes (short, anywhere, cue) must have keywords."""
    assert rule.keywords, f"{rule.source}: {rule.id} has patterns in scope {rule.scope} but no keywords"


# --- schema errors ---------------------------------------------------------------------

GOOD_RULE = """\
[[rule]]
id = "good.one"
category = "share"
scope = "line"
reason = "a share button"
phrases = ["share"]
"""


def _pack(bad_rule: str, *, language: str = 'language = "en"\n') -> tuple[str, int]:
    """A pack with two good rules and then `bad_rule`; returns the text and the bad rule's header line."""
    head = f"# a test pack\n{language}\n" + GOOD_RULE + "\n" + GOOD_RULE.replace("good.one", "good.two") + "\n"
    line = head.count("\n") + 1
    return head + bad_rule, line


def _rule(**fields: str) -> str:
    """A [[rule]] table; values are written as given (TOML source), defaults fill the rest."""
    table = {"id": '"bad"', "category": '"share"', "scope": '"line"', "reason": '"r"', "phrases": '["x"]'}
    table.update(fields)
    return "[[rule]]\n" + "".join(f"{key} = {value}\n" for key, value in table.items() if value)


# (the bad rule, a word the message must have, the field whose line it must name: "" for the rule's header)
BAD_RULES = {
    "unknown-field": (_rule(colour='"red"'), "colour", "colour"),
    "unknown-category": (_rule(category='"weather"'), "weather", "category"),
    "bad-scope": (_rule(scope='"everywhere"'), "everywhere", "scope"),
    "heading-without-section": (
        _rule(category='"related"', scope='"heading"', phrases='["see also"]'),
        "section",
        "scope",
    ),
    # A line may open a section ("About us" over the site's box), a `short` or `start` hit not.
    "section-on-a-short-rule": (_rule(category='"related"', scope='"short"', section='"list"'), "section", "section"),
    "bad-section": (_rule(category='"related"', scope='"heading"', section='"sideways"'), "sideways", "section"),
    "regex-does-not-compile": (_rule(phrases="", patterns="['share (this']"), "share (this", "patterns"),
    "pattern-with-capitals": (_rule(phrases="", patterns="['Share this']"), "Share this", "patterns"),
    "pattern-with-capitals-and-an-escape": (_rule(phrases="", patterns="['Share\\s+this']"), "capitals", "patterns"),
    "missing-reason": (_rule(reason=""), "reason", ""),
    "no-phrases-or-patterns": (_rule(phrases=""), "phrases", ""),
    "phrases-not-a-list": (_rule(phrases='"x"'), "phrases", "phrases"),
    "blank-phrase": (_rule(phrases='["  "]'), "phrases", "phrases"),
    "bad-max-words": (_rule(scope='"short"', max_words="0"), "max_words", "max_words"),
    "kept-under-lead-in-not-a-bool": (_rule(kept_under_lead_in='"yes"'), "kept_under_lead_in", "kept_under_lead_in"),
}


@pytest.mark.parametrize("case", BAD_RULES, ids=list(BAD_RULES))
def test_schema_error_names_file_and_the_line_of_the_bad_field(case: str) -> None:
    bad_rule, needle, field = BAD_RULES[case]
    text, header = _pack(bad_rule)
    lines = text.splitlines()
    line = next((n for n in range(header, len(lines) + 1) if field and lines[n - 1].startswith(f"{field} =")), header)
    with pytest.raises(PackError) as info:
        parse_pack(text, "packs/test.toml")
    message = str(info.value)
    assert message.startswith(f"packs/test.toml:{line}:"), message
    assert needle in message
    assert isinstance(info.value, ValueError)


def test_schema_error_line_counts_rule_headers_after_comments_and_blank_lines() -> None:
    bad = '[[rule]]\nid = "bad"\ncategory = "nope"\nscope = "line"\nreason = "r"\nphrases = ["x"]\n'
    text = 'language = "en"\n\n# [[rule]] in a comment is not a rule\n\n\n' + bad
    with pytest.raises(PackError, match=r"^p\.toml:8: "):  # the header is line 6, its bad category line 8
        parse_pack(text, "p.toml")


def test_missing_language_is_an_error_naming_the_file_and_a_line() -> None:
    text, _ = _pack("")
    text = text.replace('language = "en"\n', "")
    with pytest.raises(PackError) as info:
        parse_pack(text, "packs/nolang.toml")
    assert re.match(r"packs/nolang\.toml:\d+: ", str(info.value)), str(info.value)
    assert "language" in str(info.value)


def test_toml_syntax_error_names_the_file_and_the_line() -> None:
    text = 'language = "en"\n\n[[rule]]\nid = "ok"\ncategory = "share"\nscope = "line\nreason = "r"\n'
    # Line 6 has an unterminated string.
    with pytest.raises(PackError) as info:
        parse_pack(text, "packs/broken.toml")
    message = str(info.value)
    assert message.startswith("packs/broken.toml:6:"), message


FRAGMENT_PACK = """language = "xx"

[fragments]
saying = 'said|says'
quoted = '(?![^\\n]*, (?:{{saying}}))'

[[rule]]
id = "donation.call"
category = "donation"
scope = "start"
reason = "r"
patterns = ['support us now{{quoted}}', 'give today(?![^\\n]*, (?:{{saying}}|urged))']
examples = ["Support us now, every pound counts"]
counter_examples = ["Support us now, said the mayor on Monday"]
"""


FRAGMENTS_TABLE = FRAGMENT_PACK.split("\n\n")[1] + "\n"


def test_a_fragment_is_written_once_and_used_in_patterns_and_other_fragments() -> None:
    (rule,) = parse_pack(FRAGMENT_PACK, "p.toml")
    assert rule.patterns == ("support us now(?![^\\n]*, (?:said|says))", "give today(?![^\\n]*, (?:said|says|urged))")
    cleaner = Cleaner([rule])
    assert not cleaner.clean("Support us now, every pound counts\n").text.strip()
    assert cleaner.clean("Support us now, said the mayor on Monday\n").text.strip()


@pytest.mark.parametrize(
    ("change", "line_start", "needle"),
    [
        (("now{{quoted}}", "now{{quote}}"), "patterns", "{{quote}} is not in [fragments] before this use"),
        (("quoted = '(?!", "quoted = '{{later}}(?!"), "quoted", "fragment 'quoted': {{later}} is not in [fragments]"),
        (("saying = 'said|says'", "Saying = 'said|says'"), "Saying", "names are lower-case words"),
        ((FRAGMENTS_TABLE, "fragments = 'said'\n"), "fragments", "must be a table"),
    ],
    ids=["unknown-in-pattern", "used-before-defined", "bad-name", "not-a-table"],
)
def test_a_bad_fragment_names_the_file_and_the_line(change: tuple[str, str], line_start: str, needle: str) -> None:
    text = FRAGMENT_PACK.replace(*change)
    assert text != FRAGMENT_PACK
    with pytest.raises(PackError) as info:
        parse_pack(text, "p.toml")
    message = str(info.value)
    line = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(line_start))
    assert message.startswith(f"p.toml:{line}:"), message
    assert needle in message, message


def test_valid_pack_parses_with_language_prefix_and_folded_phrases() -> None:
    text = (
        'language = "xx"\n[[rule]]\nid = "share.thing"\ncategory = "share"\nscope = "line"\nreason = "r"\n'
        'phrases = ["Share\u00a0This", "share this", "PRINT"]\nexamples = ["Share This"]\n'
    )
    (rule,) = parse_pack(text, "xx.toml")
    assert rule.id == "xx.share.thing"
    assert rule.language == "xx"
    assert rule.category is Category.SHARE
    assert rule.phrases == ("share this", "print")
    assert rule.source == "xx.toml:2"
    assert rule.compiled.match("share this")
    assert not rule.compiled.match("share that")


def test_common_pack_rules_have_no_language_prefix() -> None:
    text = 'language = "*"\n' + GOOD_RULE
    (rule,) = parse_pack(text, "common.toml")
    assert rule.id == "good.one"


def test_duplicate_rule_ids_are_rejected_by_ruleset() -> None:
    first = parse_pack('language = "en"\n' + GOOD_RULE, "a.toml")
    second = parse_pack('language = "en"\n\n' + GOOD_RULE, "b.toml")
    with pytest.raises(ValueError, match=r"en\.good\.one") as info:
        RuleSet(first + second)
    assert "a.toml:2" in str(info.value) and "b.toml:3" in str(info.value)
    with pytest.raises(ValueError):
        Cleaner(first + second)


def test_same_id_in_different_languages_is_allowed() -> None:
    english = parse_pack('language = "en"\n' + GOOD_RULE, "en.toml")
    german = parse_pack('language = "de"\n' + GOOD_RULE, "de.toml")
    assert len(RuleSet(english + german).rules) == 2
