"""Language identification from the packs' stopwords tells the nine pack languages apart.

The guess decides which packs scan a document, so a Portuguese article guessed as
Spanish would be cleaned with the wrong rules, and a stopword two packs share counts
for neither (newsclean/language.py), quietly weakening both.
"""

from __future__ import annotations

import pytest

from newsclean import Cleaner
from newsclean.document import fold
from newsclean.language import SAMPLE_CHARS
from newsclean.rules.packs import load_builtin_packs

# One news paragraph per language, on a topic of its own (none of them chrome).
ARTICLES = {
    "en": (
        "The regional council approved the new budget on Thursday after a long debate about school transport. "
        "Opposition members said the plan would not be enough for the villages in the north, where buses run "
        "only twice a day, but the majority argued that the money had to be spent where most people live."
    ),
    "de": (
        "Der Gemeinderat hat am Donnerstag nach einer langen Debatte über den Schulbus den neuen Haushalt "
        "beschlossen. Die Opposition kritisierte, dass der Plan für die Dörfer im Norden nicht ausreiche, wo "
        "die Busse nur zweimal am Tag fahren, doch die Mehrheit sagte, das Geld werde dort gebraucht, wo die "
        "meisten Menschen wohnen."
    ),
    "fr": (
        "Le conseil régional a adopté jeudi le nouveau budget après un long débat sur le transport scolaire. "
        "L'opposition estime que le plan ne suffira pas pour les villages du nord, où les bus ne passent que "
        "deux fois par jour, mais la majorité a répondu que l'argent devait aller là où vivent la plupart des "
        "habitants."
    ),
    "es": (
        "El consejo regional aprobó el jueves el nuevo presupuesto tras un largo debate sobre el transporte "
        "escolar. La oposición dijo que el plan no será suficiente para los pueblos del norte, donde los "
        "autobuses solo pasan dos veces al día, pero la mayoría defendió que el dinero debe ir donde vive la "
        "mayor parte de la población."
    ),
    "it": (
        "Il consiglio regionale ha approvato giovedì il nuovo bilancio dopo un lungo dibattito sul trasporto "
        "scolastico. L'opposizione ha detto che il piano non basterà per i paesi del nord, dove gli autobus "
        "passano solo due volte al giorno, ma la maggioranza ha risposto che i soldi vanno spesi dove vive la "
        "maggior parte della popolazione."
    ),
    "pt": (
        "A assembleia regional aprovou na quinta-feira o novo orçamento depois de um longo debate sobre o "
        "transporte escolar. A oposição disse que o plano não vai chegar para as aldeias do norte, onde os "
        "autocarros só passam duas vezes por dia, mas a maioria respondeu que o dinheiro tem de ir para onde "
        "vive a maior parte da população."
    ),
    "pt-br": (
        "A câmara de vereadores aprovou nesta quinta-feira o novo orçamento depois de um longo debate sobre o "
        "transporte escolar. A oposição disse que o plano não vai ser suficiente para os bairros da zona norte, "
        "onde os ônibus só passam duas vezes por dia, mas a maioria afirmou que o dinheiro tem que ir para onde "
        "mora a maior parte da população."
    ),
    "nl": (
        "De provincieraad heeft donderdag na een lang debat over het leerlingenvervoer de nieuwe begroting "
        "goedgekeurd. De oppositie zei dat het plan niet genoeg is voor de dorpen in het noorden, waar de bus "
        "maar twee keer per dag rijdt, maar de meerderheid vond dat het geld moet gaan naar de plek waar de "
        "meeste mensen wonen."
    ),
    "pl": (
        "Sejmik województwa przyjął w czwartek nowy budżet po długiej debacie o dowozie dzieci do szkół. "
        "Opozycja twierdzi, że plan nie wystarczy dla wsi na północy, gdzie autobus jeździ tylko dwa razy "
        "dziennie, ale większość odpowiedziała, że pieniądze trzeba wydać tam, gdzie mieszka najwięcej ludzi."
    ),
    "ru": (
        "Областная дума в четверг после долгих споров о школьных автобусах утвердила новый бюджет. В "
        "оппозиции заявили, что этого не хватит для сел на севере, где автобус ходит только два раза в день, "
        "но большинство ответило, что деньги нужно тратить там, где живет больше всего людей."
    ),
}

NEW_PACKS = ("pt", "nl", "pl", "ru")
STOPWORDS = {pack.language: set(pack.stopwords) for pack in load_builtin_packs() if pack.language != "*"}


@pytest.mark.parametrize("sample", ARTICLES, ids=list(ARTICLES))
def test_each_pack_language_is_recognised(cleaner: Cleaner, sample: str) -> None:
    language = sample.split("-")[0]
    assert cleaner.guesser.guess(fold(ARTICLES[sample])) == language


@pytest.mark.parametrize(("first", "second"), [("pt", "es"), ("es", "pt"), ("pt", "it"), ("nl", "de"), ("nl", "en")])
def test_a_page_mostly_in_one_language_is_that_language(cleaner: Cleaner, first: str, second: str) -> None:
    """A menu or a quote in a neighbouring language does not tip the guess."""
    quote = ARTICLES[second].split(". ")[0]
    page = "\n".join([ARTICLES[first], quote, ARTICLES[first]])
    assert cleaner.guesser.guess(fold(page)) == first


def test_a_menu_that_repeats_one_stopword_does_not_outvote_the_article(cleaner: Cleaner) -> None:
    """A shop's menu with "Alle ..." under every heading (a German word the Italian pack lists too)."""
    menu = "\n".join(f"{section}\nAlle {section} anzeigen\nAlle Marken\nAlle Angebote" for section in "ABCDEFGHIJKLMN")
    page = f"{menu}\n{ARTICLES['de']}"
    assert cleaner.guesser.guess(fold(page)) == "de"


def test_a_page_that_opens_with_a_long_run_of_another_language_is_told_by_its_middle(cleaner: Cleaner) -> None:
    """A German blog under a screenful of English server warnings: the middle of the page is the article's."""
    warning = (
        "Deprecated: Assigning the return value of new by reference is deprecated in /www/wp-settings.php on line 520"
    )
    warnings = "\n".join([warning] * 80)
    page = "\n".join([warnings, *[ARTICLES["de"]] * 12, warnings])
    assert len(fold(warnings)) > SAMPLE_CHARS
    assert cleaner.guesser.guess(fold(page)) == "de"


@pytest.mark.parametrize("language", NEW_PACKS)
def test_new_pack_stopwords_are_shared_with_no_other_pack(language: str) -> None:
    """A shared stopword counts for neither language, so it would weaken both guesses."""
    for other, words in STOPWORDS.items():
        shared = STOPWORDS[language] & words if other != language else set()
        assert not shared, f"{language} and {other} share {sorted(shared)}"


@pytest.mark.parametrize("language", NEW_PACKS)
def test_new_packs_have_a_full_stopword_list(language: str) -> None:
    assert len(STOPWORDS[language]) >= 100


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("pl", "UDOSTĘPNIJ"),
        ("pl", "ZAPISZ SIĘ DO NEWSLETTERA"),
        ("pl", "Źródło: GUS"),
        ("ru", "ЧИТАЙТЕ ТАКЖЕ"),
        ("ru", "ПОДЕЛИТЬСЯ"),
        ("ru", "Подпишитесь На Нашу Рассылку"),
        ("pt", "PARTILHAR"),
        ("pt", "ASSINE A NOSSA NEWSLETTER"),
        ("nl", "DEEL DIT ARTIKEL"),
    ],
)
def test_capitals_and_diacritics_fold_to_the_pack_phrases(cleaner: Cleaner, language: str, line: str) -> None:
    """Phrases are written in lower case with their diacritics; capitals in any script must still match."""
    text = f"{ARTICLES[language]}\n\n{line}\n\n{ARTICLES[language]}\n"
    result = cleaner.clean(text)
    assert result.stats["language"] == language
    assert [removal.text for removal in result.removed] == [line]
