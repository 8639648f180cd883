"""The cleaning passes, category by category, on small hand-written English documents."""

from __future__ import annotations

import pytest
from invariants import assert_idempotent

from newsclean import Cleaner, Result, clean
from newsclean.document import Document
from newsclean.rules.packs import parse_pack
from newsclean.rules.rule import Category
from newsclean.structure import THRESHOLDS, Mode

# Article paragraphs: prose (long, full sentences) with no chrome wording at all.
P = [
    "The city council voted on Tuesday to close the old harbour bridge for six months while engineers replace "
    "its corroded steel joints and repaint the main span.",
    "Officials said the work had been postponed twice because of funding disputes, and that the cost had risen "
    "by almost a third since the first estimate three years ago.",
    "Traders at the fish market on the south bank said they expected fewer customers during the closure, "
    "although a temporary ferry will carry pedestrians across the river.",
    "The bridge, which opened in 1931, carries about twenty thousand vehicles a day, according to figures from "
    "the regional transport authority.",
    "Residents of the north bank will be able to use a shuttle bus to reach the hospital, the council said, and "
    "parking near the ferry pier will be free until the spring.",
    "Engineers expect to finish the repairs before the summer festival, when the bridge is traditionally closed "
    "for a parade of boats and a fireworks display.",
    "A spokeswoman for the contractor said the crews would work in two shifts and that night work would be kept "
    "to a minimum to limit the noise for people living nearby.",
]


def kept_lines(result: Result) -> list[str]:
    return [block.text for block in Document(result.text).blocks]


def removed_lines(result: Result) -> list[str]:
    return [removal.text for removal in result.removed]


def check_removals(text: str, result: Result) -> None:
    categories = {category.value for category in Category}
    for removal in result.removed:
        assert text[removal.start : removal.end] == removal.text
        assert removal.category in categories
        assert removal.rule
        assert removal.reason


@pytest.fixture(scope="module")
def rule_ids(cleaner: Cleaner) -> set[str]:
    return {rule.id for rule in cleaner.ruleset.rules}


def doc(*blocks: str, sep: str = "\n\n") -> str:
    return sep.join(blocks) + "\n"


# --- related / see also ----------------------------------------------------------------


def test_see_also_heading_removes_the_title_lines_under_it_and_stops_at_prose(cleaner: Cleaner) -> None:
    titles = ["Why the ferry timetable is changing again", "Five bridges that shaped the city's old harbour"]
    text = doc(P[0], P[1], "See also:", *titles, P[2], P[3])
    result = cleaner.clean(text)
    assert kept_lines(result) == [P[0], P[1], P[2], P[3]]
    assert removed_lines(result) == ["See also:", *titles]
    assert {r.category for r in result.removed} == {"related"}
    check_removals(text, result)


def test_see_also_list_separated_by_single_line_breaks(cleaner: Cleaner) -> None:
    text = f"{P[0]}\n\n{P[1]}\n\nRelated\nHarbour bridge repairs delayed again\nNew ferry pier opens in May\n\n{P[2]}\n"
    result = cleaner.clean(text)
    assert kept_lines(result) == [P[0], P[1], P[2]]
    assert result.text == f"{P[0]}\n\n{P[1]}\n\n{P[2]}"


def test_list_section_stops_at_a_sentence(cleaner: Cleaner) -> None:
    short_sentence = "The mayor did not comment."
    text = doc(P[0], P[1], "Most read", "Harbour bridge repairs delayed again", short_sentence, P[2])
    result = cleaner.clean(text)
    assert "Harbour bridge repairs delayed again" in removed_lines(result)
    assert short_sentence in kept_lines(result)
    assert P[2] in kept_lines(result)


def test_a_list_section_leaves_the_subheading_that_introduces_the_next_paragraph(cleaner: Cleaner) -> None:
    subheading = "Ferry timetable for the summer"
    paragraph = (
        "The new ferry timetable adds two crossings in the evening, and the first boat will leave the south "
        "pier at half past six instead of seven, the operator said."
    )
    titles = ["Harbour bridge repairs delayed again", "New fish market hall opens in May"]
    text = doc(P[0], P[1], "Related", *titles, subheading, paragraph, P[2])
    result = cleaner.clean(text)
    assert removed_lines(result) == ["Related", *titles]
    assert kept_lines(result) == [P[0], P[1], subheading, paragraph, P[2]]


def test_a_list_section_leaves_a_subheading_over_three_paragraphs_in_a_row(cleaner: Cleaner) -> None:
    # "What changes for drivers" names none of the words the paragraphs open with; three of them
    # in a row below it are the article going on, which a teaser's summary never is.
    titles = ["Harbour bridge repairs delayed again", "New fish market hall opens in May"]
    subheading = "What changes for drivers"
    text = doc(P[0], P[1], "Related", *titles, subheading, P[2], P[3], P[4])
    result = cleaner.clean(text)
    assert removed_lines(result) == ["Related", *titles]
    assert kept_lines(result) == [P[0], P[1], subheading, P[2], P[3], P[4]]


def test_a_list_section_ends_at_a_line_that_goes_on_below(cleaner: Cleaner) -> None:
    """A letter's salutation ends with a comma; no link's title does."""
    titles = ["Harbour bridge repairs delayed again", "New fish market hall opens in May"]
    text = doc(P[0], P[1], "Related", *titles, "Dear Margaret,", P[2], P[3])
    result = cleaner.clean(text)
    assert removed_lines(result) == ["Related", *titles]
    assert "Dear Margaret," in kept_lines(result)


def test_a_list_sections_last_link_above_an_unrelated_paragraph_goes(cleaner: Cleaner) -> None:
    titles = ["Harbour bridge repairs delayed again", "New fish market hall opens in May"]
    text = doc(P[0], P[1], "Related", *titles, P[4], P[5])
    result = cleaner.clean(text)
    assert removed_lines(result) == ["Related", *titles]


def test_a_list_sections_only_link_goes_even_when_it_shares_words_with_the_paragraph(cleaner: Cleaner) -> None:
    link = "Traders fear a quiet winter at the fish market"
    text = doc(P[0], P[1], "See also:", link, P[2], P[3])
    result = cleaner.clean(text)
    assert removed_lines(result) == ["See also:", link]


# --- lines the article's lead-in introduces ----------------------------------------------

PETITION = "Clubs across the city fear closure under the new licence fees, so please sign the petition here:"
PETITION_URL = "https://petitions.example.org/petition/online/keep-the-night-clubs-open"


def test_a_web_address_that_the_articles_lead_in_introduces_is_kept(cleaner: Cleaner) -> None:
    result = cleaner.clean(doc(P[0], P[1], PETITION, PETITION_URL, P[2]))
    assert PETITION_URL in kept_lines(result)


def test_a_list_of_addresses_under_the_articles_lead_in_is_kept_whole(cleaner: Cleaner) -> None:
    links = ["https://docs.example.org/guide/structure/", "https://forum.example.org/questions/1801878/modules"]
    lead_in = "Readers asked for the links, so here are the two I found most useful:"
    result = cleaner.clean(doc(P[0], P[1], lead_in, *links, P[2]))
    assert kept_lines(result) == [P[0], P[1], lead_in, *links, P[2]]


@pytest.mark.parametrize("above", ["Follow us on:", "Permanent link:", "Margaret Lee says:"])
def test_a_web_address_under_chrome_or_a_short_label_still_goes(cleaner: Cleaner, above: str) -> None:
    url = "https://www.example.org/gazette"
    result = cleaner.clean(doc(P[0], P[1], P[2], above, url))
    assert url in removed_lines(result)


# --- trailer appeals -------------------------------------------------------------------

APPEAL = [
    "We are a small team of reporters, and the last twelve months have been the hardest in our history.",
    "Every week we cover the council, the courts and the harbour so that you know what happens in your city.",
]


def test_trailer_heading_near_the_end_removes_the_appeal_to_the_end(cleaner: Cleaner) -> None:
    text = doc(P[0], P[1], P[2], P[3], "A message from the Harbour Gazette", *APPEAL, "Donate now")
    result = cleaner.clean(text)
    assert kept_lines(result) == [P[0], P[1], P[2], P[3]]
    assert removed_lines(result) == ["A message from the Harbour Gazette", *APPEAL, "Donate now"]
    assert {r.category for r in result.removed} == {"donation"}
    assert result.stats["fallback"] is None
    check_removals(text, result)


def test_trailer_heading_before_the_article_starts_removes_only_itself(cleaner: Cleaner) -> None:
    text = doc("A message from the Harbour Gazette", P[0], P[1], P[2], P[3], P[4])
    result = cleaner.clean(text)
    assert kept_lines(result) == [P[0], P[1], P[2], P[3], P[4]]
    assert removed_lines(result) == ["A message from the Harbour Gazette"]


def test_trailer_heading_after_one_paragraph_is_not_near_the_end(cleaner: Cleaner) -> None:
    text = doc(P[0], "Before you go", P[1], P[2], "Monthly", P[3])
    result = cleaner.clean(text)
    for paragraph in (P[0], P[1], P[2], P[3]):
        assert paragraph in kept_lines(result)


def test_article_resumes_after_three_cue_less_prose_paragraphs(cleaner: Cleaner) -> None:
    appeal = "Your support keeps our reporters in the courts and the council chamber, week after week."
    text = doc(P[0], P[1], "Before you go", appeal, "Donate now", P[2], P[3], P[4])
    result = cleaner.clean(text)
    assert kept_lines(result) == [P[0], P[1], P[2], P[3], P[4]]
    assert removed_lines(result) == ["Before you go", appeal, "Donate now"]


def test_two_cue_less_paragraphs_do_not_resume_the_article(cleaner: Cleaner) -> None:
    text = doc(P[0], P[1], P[2], P[3], "A message from the Harbour Gazette", P[4], P[5], "Monthly", P[6])
    result = cleaner.clean(text)
    assert kept_lines(result) == [P[0], P[1], P[2], P[3]]
    assert removed_lines(result)[0] == "A message from the Harbour Gazette"
    assert P[6] in removed_lines(result)


# --- cues: mentions are not chrome -------------------------------------------------------

MENTIONS = {
    "newsletter": "The harbour trust sends a printed newsletter to every household on the north bank, and its "
    "editor said the next issue would explain the closure and the new ferry timetable in detail.",
    "cookies": "Bakers on the south bank said they would sell cookies and hot drinks at the ferry pier during the "
    "closure, hoping to win back some of the customers they expect to lose in the coming months.",
    "donation": "A local charity said a donation from the contractor would pay for the shuttle bus on Sundays, "
    "when the hospital is otherwise hard to reach for older residents of the north bank.",
}


@pytest.mark.parametrize("word", list(MENTIONS))
def test_a_paragraph_that_mentions_chrome_wording_once_is_kept(cleaner: Cleaner, word: str) -> None:
    mention = MENTIONS[word]
    assert word in mention
    text = doc(P[0], P[1], mention, P[2], P[3])
    result = cleaner.clean(text)
    assert kept_lines(result) == [P[0], P[1], mention, P[2], P[3]]
    assert result.removed == ()


def test_newsletter_paragraph_with_several_cues_next_to_a_prompt_is_removed(cleaner: Cleaner) -> None:
    box = (
        "Our weekly newsletter brings the best local reporting and hand-picked reads to your inbox "
        "every Friday morning."
    )
    text = doc(P[0], P[1], P[2], "Sign up for our newsletter", box, P[3])
    result = cleaner.clean(text)
    assert kept_lines(result) == [P[0], P[1], P[2], P[3]]
    removed = {r.text: r.category for r in result.removed}
    assert removed == {"Sign up for our newsletter": "newsletter", box: "newsletter"}


def test_one_cue_next_to_chrome_of_the_same_category_is_removed(cleaner: Cleaner) -> None:
    box = "Get the week's harbour news in your inbox."
    text = doc(P[0], P[1], "Newsletter", box, P[2])
    result = cleaner.clean(text)
    assert box in removed_lines(result)
    assert kept_lines(result) == [P[0], P[1], P[2]]


# --- captions --------------------------------------------------------------------------

CAPTIONS = [
    "Engineers inspect the corroded joints under the main span on Monday. Jane Marlow / Reuters",
    "A ferry crosses the river near the closed harbour bridge. (AP Photo/Tom Berry)",
]


@pytest.mark.parametrize("caption", CAPTIONS, ids=["slash-reuters", "ap-photo"])
def test_photo_captions_with_agency_credits_are_removed(cleaner: Cleaner, caption: str) -> None:
    text = doc(P[0], caption, P[1], P[2])
    result = cleaner.clean(text)
    assert kept_lines(result) == [P[0], P[1], P[2]]
    (removal,) = result.removed
    assert removal.text == caption
    assert removal.category == "caption"
    check_removals(text, result)


@pytest.mark.parametrize("under", ["title", "chrome"])
def test_a_caption_text_stands_above_a_credit_only_line(cleaner: Cleaner, under: str) -> None:
    # "Foto: Keystone" alone credits the picture whose caption is the line above it; a credit
    # line with its own caption ("Pumps at dusk. Foto: ...") leaves the line above to the article.
    above = ["Home", "News", HEADLINE] if under == "title" else ["Home", "News", "Politics"]
    lead = "Die alte Hafenbrücke wird im Frühjahr für sechs Monate gesperrt, damit Ingenieure die Gelenke ersetzen."
    caption = "Die Hafenbrücke im Abendlicht."
    credit_only = doc(*above, caption, "Foto: Keystone", P[0], P[1])
    assert caption in removed_lines(cleaner.clean(credit_only))
    own_caption = doc(*above, lead, "Die Hafenbrücke im Abendlicht. Foto: Keystone", P[0], P[1])
    result = cleaner.clean(own_caption)
    assert lead in kept_lines(result)
    assert "Die Hafenbrücke im Abendlicht. Foto: Keystone" in removed_lines(result)


def test_agency_named_in_prose_is_not_a_caption(cleaner: Cleaner) -> None:
    prose = (
        "The contractor told Reuters on Monday that the work would cost more than planned, and the council "
        "confirmed the figure later that day."
    )
    text = doc(P[0], prose, P[1])
    assert kept_lines(cleaner.clean(text)) == [P[0], prose, P[1]]


# --- title -----------------------------------------------------------------------------

HEADLINE = "Harbour Bridge To Close For Six Months Of Repairs"


def test_title_detected_between_a_menu_and_a_byline(cleaner: Cleaner) -> None:
    text = doc("Home", "News", "Politics", HEADLINE, "By Jane Marlow", P[0], P[1], P[2])
    result = cleaner.clean(text)
    assert result.title == HEADLINE
    assert HEADLINE not in result.text
    assert kept_lines(result) == [P[0], P[1], P[2]]
    assert removed_lines(result) == ["Home", "News", "Politics", "By Jane Marlow"]
    start = text.index(HEADLINE)
    assert result.title_span == (start, start + len(HEADLINE))
    assert result.render().startswith(HEADLINE + "\n\n" + P[0])
    check_removals(text, result)


def test_title_detected_above_a_caption(cleaner: Cleaner) -> None:
    text = doc(HEADLINE, CAPTIONS[0], P[0], P[1])
    result = cleaner.clean(text)
    assert result.title == HEADLINE
    assert kept_lines(result) == [P[0], P[1]]


def test_title_is_neither_body_nor_a_removal(cleaner: Cleaner) -> None:
    text = doc("Share", HEADLINE, "12:30", P[0], P[1])
    result = cleaner.clean(text)
    assert result.title == HEADLINE
    assert HEADLINE not in removed_lines(result)
    assert HEADLINE not in result.text


def test_a_short_headline_broken_over_two_lines_is_kept_whole(cleaner: Cleaner) -> None:
    # Each half is too short to be preferred; the lower one goes on in lower case, so the
    # headline starts at the line above it and neither half is taken as furniture above it.
    text = doc("Share", "Harbour bridge", "is closing", P[0], P[1])
    result = cleaner.clean(text)
    assert result.title == "Harbour bridge"
    assert removed_lines(result) == ["Share"]
    assert kept_lines(result) == ["is closing", P[0], P[1]]


def test_a_capitalised_line_under_a_short_label_is_the_headline_alone(cleaner: Cleaner) -> None:
    text = doc("Share", "Bridge Works", "Harbour Closing", P[0], P[1])
    result = cleaner.clean(text)
    assert result.title == "Harbour Closing"
    assert "Bridge Works" in removed_lines(result)


def test_no_title_when_a_heading_is_followed_straight_by_prose_without_chrome(cleaner: Cleaner) -> None:
    heading = "Why the harbour bridge is closing"
    text = doc(heading, P[0], P[1], P[2])
    result = cleaner.clean(text)
    assert result.title is None
    assert result.title_span is None
    assert kept_lines(result) == [heading, P[0], P[1], P[2]]
    assert result.render() == text


def test_no_title_in_a_document_without_prose(cleaner: Cleaner) -> None:
    result = cleaner.clean(doc("Share", "Harbour Bridge To Close", "Print"))
    assert result.title is None


# --- structure: menus ------------------------------------------------------------------

MENU = ["City Hall", "Harbour Life", "Schools", "Transport", "Housing"]


def test_menu_run_of_four_or_more_short_labels_is_removed(cleaner: Cleaner) -> None:
    text = doc(P[0], P[1], P[2], "\n".join(MENU))
    result = cleaner.clean(text)
    assert kept_lines(result) == [P[0], P[1], P[2]]
    assert removed_lines(result) == MENU
    assert {r.category for r in result.removed} == {"navigation"}


def test_menu_at_the_top_is_removed_but_the_heading_of_the_first_paragraph(cleaner: Cleaner) -> None:
    # The run's last label, right above a paragraph, reads as that paragraph's heading: it stays.
    text = doc("\n".join(MENU), P[0], P[1], P[2])
    result = cleaner.clean(text)
    assert kept_lines(result) == [MENU[-1], P[0], P[1], P[2]]
    assert removed_lines(result) == MENU[:-1]


def test_three_short_labels_are_not_a_menu(cleaner: Cleaner) -> None:
    text = doc(P[0], P[1], P[2], "\n".join(MENU[:3]))
    result = cleaner.clean(text)
    assert kept_lines(result) == [P[0], P[1], P[2], *MENU[:3]]


def test_a_row_of_chrome_cells_of_two_categories_is_removed(cleaner: Cleaner) -> None:
    # A post's date, its categories and its comment link, on one line: each cell is a chrome line.
    row = "March 3, 2026 at 9:15 AM | Categories: Harbour, Transport | View Comments"
    result = cleaner.clean(doc(P[0], row, P[1], P[2]))
    assert kept_lines(result) == [P[0], P[1], P[2]]
    assert [r.rule for r in result.removed] == ["structure.chrome-row"]


@pytest.mark.parametrize(
    "row",
    [
        "March 3, 2026 at 9:15 AM | Harbour bridge reopens | View Comments",  # a cell that is no chrome line
        "Monday 3 March 2026 | Tuesday 4 March 2026 | Friday 7 March 2026",  # dates alone: a table row
        # An event listing's date and price: metadata and donation by the rules, but no link of the page's.
        "Saturday, March 14, 2026 at 7:30 PM | £12",
        "Saturday, March 14, 2026 | $25",
        "Samstag, 14. März 2026 | 15 Euro",
        "Sonntag, 15. März 2026 | 12 € pro Monat",
        "Sábado 14 de marzo de 2026 | 10 euros",
        "14 de marzo de 2026 | 5 euros",
        "Samedi 14 mars 2026 | 12 €",
    ],
    ids=[
        "title-cell",
        "one-category",
        "en-date-time-price",
        "en-date-price",
        "de-date-price",
        "de-date-monthly",
        "es-weekday-date-price",
        "es-date-price",
        "fr-date-price",
    ],
)
def test_a_row_with_a_cell_that_is_not_chrome_or_of_one_category_stays(cleaner: Cleaner, row: str) -> None:
    result = cleaner.clean(doc(P[0], row, P[1], P[2]))
    assert row in kept_lines(result)


@pytest.mark.parametrize(
    "rows",
    [
        ["| 09:30 | 11:30 | 14:30 |", "| 10:15 | 12:15 | 15:15 |"],  # a timetable; a time alone is chrome
        ["2 - 1  3 - 3  0 - 2"],  # scores
        ["12.03.2026 | 19.03.2026 | 26.03.2026"],
    ],
    ids=["times", "scores", "dates"],
)
def test_a_row_of_figures_is_a_table_not_labels(cleaner: Cleaner, rows: list[str]) -> None:
    result = cleaner.clean(doc(P[0], "\n".join(rows), P[1], P[2]))
    assert kept_lines(result) == [P[0], *rows, P[1], P[2]]


@pytest.mark.parametrize(
    "items",
    [
        ["Monday: 7am to 7pm", "Tuesday: closed", "Wednesday: 7am to noon", "Thursday: closed", "Friday: 9am to 5pm"],
        ["Bus 12", "Bus 15", "Tram 4", "Route 9 ferry"],
    ],
    ids=["colons", "numbers"],
)
def test_in_article_list_with_numbers_or_colons_is_kept(cleaner: Cleaner, items: list[str]) -> None:
    intro = "The ferry pier will be open on the following days while the bridge is closed, the council said:"
    text = doc(P[0], intro, "\n".join(items), P[1], P[2])
    result = cleaner.clean(text)
    assert kept_lines(result) == [P[0], intro, *items, P[1], P[2]]


def test_labels_split_by_a_block_that_smoothing_removes_are_one_menu(cleaner: Cleaner) -> None:
    """ "Route 9" between two widgets goes as between-chrome after the menu pass has run: the labels
    around it are one run of menu blocks then, as a second cleaning would find (idempotence)."""
    labels = ["Harbour Lane", "Mill Road", "Share", "Route 9", "Advertisement", "Green Park", "Old Town", "River Walk"]
    result = cleaner.clean(doc(P[0], P[1], P[2], *labels, P[3]))
    assert kept_lines(result) == [P[0], P[1], P[2], "River Walk", P[3]]  # the last label: the paragraph's heading
    assert_idempotent(cleaner, result)


def test_short_blocks_between_chrome_are_chrome(cleaner: Cleaner) -> None:
    text = doc(P[0], P[1], P[2], "Share", "Harbour Gazette", "Print")
    result = cleaner.clean(text)
    assert kept_lines(result) == [P[0], P[1], P[2]]


def test_prose_between_chrome_is_never_removed_by_structure(cleaner: Cleaner) -> None:
    text = doc(P[0], "Share", P[1], "Print", P[2])
    result = cleaner.clean(text)
    assert kept_lines(result) == [P[0], P[1], P[2]]


TEASER = (
    "Work on the harbour wall will start in the spring, after a winter of patched-up repairs that the "
    "council says cannot go on any longer."
)


def test_a_teaser_paragraph_below_the_article_does_not_end_it(cleaner: Cleaner) -> None:
    # The body is P[0..4]; three chrome blocks later a teaser's summary is a paragraph too, but
    # the article ended above: the short lines around the summary are the teaser list's.
    text = doc(
        *P[:5],
        "Advertisement",
        "More from the Gazette",
        "Share",
        "Harbour wall repairs",
        TEASER,
        "Lifeboat crew recognised",
        "Market days",
        "Contact us",
    )
    result = cleaner.clean(text)
    assert kept_lines(result) == [*P[:5], TEASER]
    assert {r.text: r.rule for r in result.removed}["Lifeboat crew recognised"] == "structure.trailer"


def test_teaser_headlines_that_quote_someone_are_not_paragraphs_of_the_article(cleaner: Cleaner) -> None:
    # 'Mayor: "We will rebuild the pier"' ends in a quote but not in a sentence's end; as a
    # paragraph it would stay, and end the list of teasers under "More from the Gazette" there.
    quoted = 'Harbour master on the storm damage at the marina: "We will rebuild the pier this year"'
    text = doc(*P[:5], "More from the Gazette", "Ferry timetable", quoted, "Lifeboat crew recognised", "Contact us")
    result = cleaner.clean(text)
    assert kept_lines(result) == P[:5]
    assert {r.text: r.rule for r in result.removed}[quoted] == "en.related.heading"


def test_a_quoted_headline_below_the_article_is_a_teaser_not_data(cleaner: Cleaner) -> None:
    # "Key: value" lines stay in the trailer (an event's details, a contact box); a value that is a
    # quotation ('Harbour master: "We will rebuild"') makes the line a headline, and the teasers' own.
    quoted = 'Harbour master: "We will rebuild the pier"'
    text = doc(*P[:5], "Share", "Contact us", quoted, "Opening hours: 9am to 5pm", "Ferry timetable")
    result = cleaner.clean(text)
    assert kept_lines(result) == [*P[:5], "Opening hours: 9am to 5pm"]
    assert {r.text: r.rule for r in result.removed}[quoted] == "structure.trailer"


def test_a_topic_and_headline_below_the_article_is_a_teaser_not_data(cleaner: Cleaner) -> None:
    # "Phishing: How to spot a fake invoice" has a key and a value, but the value is a headline's second half:
    # four words or more, no figure, comma, address or full stop.  Data keeps a short, figured or listed value.
    teaser = "Harbour bridge: What the closure means for your commute"
    data = ["Venue: Harbour Hall, Quay Street", "Opening hours: 9am to 5pm", "Tickets: free"]
    text = doc(*P[:5], "Share", "Contact us", teaser, *data, "Ferry timetable")
    result = cleaner.clean(text)
    assert kept_lines(result) == [*P[:5], *data]
    assert {r.text: r.rule for r in result.removed}[teaser] == "structure.trailer"


def test_the_article_after_a_box_in_its_middle_keeps_its_short_lines(cleaner: Cleaner) -> None:
    # A box of three chrome blocks splits the article; its second part has a subheading above a
    # paragraph and a closing short sentence, and is long enough to be the article's.
    text = doc(
        P[0],
        P[1],
        "Advertisement",
        "Share",
        "Print",
        "What the operator says",
        P[2],
        P[3],
        "Tickets go on sale on Monday.",
        "Share",
        "Contact us",
    )
    result = cleaner.clean(text)
    assert kept_lines(result) == [P[0], P[1], "What the operator says", P[2], P[3], "Tickets go on sale on Monday."]


CLOSING = [
    "Residents can see the plans for the new footbridge at the library, where council officers will answer "
    "questions about the route and the timetable.",
    "The consultation closes at the end of the month, the council said.",
]


def test_a_short_closing_section_after_a_box_keeps_its_headings_and_data(cleaner: Cleaner) -> None:
    # The closing section is far shorter than the body (< 30%), and a box stands between: its
    # subheadings and its date line lead to its paragraphs, so they are the article's.
    text = doc(
        *P[:5],
        "Advertisement",
        "Share",
        "Read more",
        "What happens next",
        CLOSING[0],
        "Drop-in sessions",
        "Tuesday 3 February, 2pm to 7pm",
        CLOSING[1],
        "Share",
        "Contact us",
    )
    result = cleaner.clean(text)
    assert kept_lines(result) == [
        *P[:5],
        "What happens next",
        CLOSING[0],
        "Drop-in sessions",
        "Tuesday 3 February, 2pm to 7pm",
        CLOSING[1],
    ]


SITE_BLURB = (
    "The Harbour Gazette is an independent weekly covering the towns of the estuary since 1952, owned by "
    "its readers and staff."
)
LONG_BODY = [*P, *P[:3]]  # the article: its tail below a box is then far less than a third of it
SHARE_BAR = ["Share on Facebook", "Share on X", "Share by email"]
CORRECTION = (
    "Correction: an earlier version of this article said the bridge opened in 1913. It opened in 1931, and "
    "the closure will last six months, not nine as we first reported, according to the council's own timetable "
    "published on Monday. We apologise for the error and thank the readers who wrote to the newsroom to point it out."
)


def test_a_lone_paragraph_below_the_share_bar_goes_with_the_trailer(cleaner: Cleaner) -> None:
    # Below the article's share bar a paragraph on its own is the site's (or a teaser's, an author's)
    # description, not the article's: the share bar has closed it.
    text = doc(*LONG_BODY, *SHARE_BAR, "Latest news", TEASER, "Lifeboat crew recognised", SITE_BLURB)
    result = cleaner.clean(text)
    assert kept_lines(result) == LONG_BODY
    trailer_prose = {r.text: r for r in result.removed if r.rule == "structure.trailer-prose"}
    assert set(trailer_prose) == {TEASER, SITE_BLURB}
    assert trailer_prose[SITE_BLURB].category == "footer"
    assert "a lone paragraph (21 words) below a share bar or the footer" in trailer_prose[SITE_BLURB].reason
    assert_idempotent(cleaner, result)


def test_two_footer_links_close_the_article_too(cleaner: Cleaner) -> None:
    text = doc(*LONG_BODY, "Advertisement", "Contact us", "Privacy policy", SITE_BLURB, "Terms of use")
    assert kept_lines(cleaner.clean(text)) == LONG_BODY
    one_link = doc(*LONG_BODY, "Advertisement", "More from the Gazette", "Contact us", SITE_BLURB, "Privacy policy")
    assert SITE_BLURB in kept_lines(cleaner.clean(one_link))


PAGE_FURNITURE = ["Related stories", "Harbour wall repairs", "Sign up for our newsletter", "Home", "News"]


def test_a_lone_paragraph_below_the_page_furniture_goes_with_the_trailer(cleaner: Cleaner) -> None:
    # No share bar, no footer link: a related box, a newsletter prompt and a menu (five blocks of three
    # kinds) close the article as well, and the blogger's "about me" among them is not the article's.
    about = "I am Jo, a retired ferry captain, and I write here about boats, tides and the towns of the estuary."
    text = doc(*LONG_BODY, *PAGE_FURNITURE, about, "Sport")
    result = cleaner.clean(text)
    assert kept_lines(result) == LONG_BODY
    reason = {r.text: r.reason for r in result.removed if r.rule == "structure.trailer-prose"}[about]
    assert reason == ("a lone paragraph (20 words) below 5 chrome blocks of 3 kinds (navigation, newsletter, related)")
    assert_idempotent(cleaner, result)


def test_a_lone_paragraph_below_a_long_box_of_one_kind_or_a_few_kinds_stays(cleaner: Cleaner) -> None:
    # A long related box in the article's middle is one kind of chrome, a mid-article advert, button and
    # "Read more" three blocks: the article's closing paragraph after either stays.
    teasers = ["Harbour wall repairs", "Market days", "Ferry timetable", "Lifeboat crew recognised", "Tide tables"]
    related = doc(*LONG_BODY, "Related stories", *teasers, CLOSING[1])
    assert kept_lines(cleaner.clean(related)) == [*LONG_BODY, CLOSING[1]]
    mixed = doc(*LONG_BODY, "Advertisement", "Share", "Read more", CLOSING[1])
    assert kept_lines(cleaner.clean(mixed)) == [*LONG_BODY, CLOSING[1]]


def test_one_cue_below_the_article_and_its_chrome_is_chrome_of_its_kind(cleaner: Cleaner) -> None:
    # In the article a cue needs a second one or chrome of its kind next to it; below the article's end
    # and its chrome, one is enough for a short line, and for a paragraph once the page's furniture has
    # closed the article.
    confirm = "Check your inbox to confirm."
    pitch = "Get the free newsletter with the week's best stories from the harbour towns every Friday morning."
    text = doc(*LONG_BODY, "Advertisement", "Share", "Read more", confirm, *PAGE_FURNITURE, pitch, "Sport")
    result = cleaner.clean(text)
    assert kept_lines(result) == LONG_BODY
    removed = {r.text: r for r in result.removed}
    assert removed[confirm].rule == removed[pitch].rule == "structure.trailer-cue"
    assert removed[confirm].category == "newsletter"
    assert removed[confirm].reason == "below the article and its chrome: a newsletter cue, 'your inbox'"
    assert_idempotent(cleaner, result)


def test_a_closing_paragraph_with_one_cue_after_a_box_in_the_article_stays(cleaner: Cleaner) -> None:
    # A box in the article's middle, then its closing paragraph, which happens to say "sign up":
    # nothing has closed the article, and a paragraph is its text.
    closing = "Residents who want to speak at the meeting can sign up at the library until the end of the month."
    text = doc(*LONG_BODY, "Advertisement", "Share", "Read more", closing)
    assert kept_lines(cleaner.clean(text)) == [*LONG_BODY, closing]


READER_COMMENTS = [
    "I have crossed that bridge every morning for thirty years, and the ferry they promise will not carry my bike "
    "or my neighbour's wheelchair, whatever the council says about its new timetable and the shuttle bus.",
    "Six months is optimistic. The last repair of the south pier was meant to take eight weeks and took more than a "
    "year, and nobody at the council ever explained why the contractor was paid in full.",
]


def test_readers_comments_below_the_article_are_not_its_body(cleaner: Cleaner) -> None:
    # The comments are prose as long as a part of the article: without the thread's count they would be its
    # last part, and the share bar above them would close nothing.  Below the count, each is a lone paragraph.
    text = doc(
        *P[:6],
        *SHARE_BAR,
        "2 Comments",
        "Ruth Adams",
        "March 3, 2026 at 9:15 am",
        READER_COMMENTS[0],
        "Reply",
        "March 4, 2026 at 8:02 am",
        READER_COMMENTS[1],
        "Reply",
    )
    result = cleaner.clean(text)
    assert kept_lines(result) == P[:6]
    assert {r.text: r.rule for r in result.removed}[READER_COMMENTS[1]] == "structure.trailer-prose"
    assert_idempotent(cleaner, result)


def test_a_comment_count_near_the_top_does_not_end_the_article(cleaner: Cleaner) -> None:
    # Under the headline or after the lede, "2 Comments" is a link to the thread: the article goes on below it.
    text = doc(P[0], P[1], "2 Comments", "What the operator says", *P[2:6], "Share", "Contact us")
    assert kept_lines(cleaner.clean(text)) == [P[0], P[1], "What the operator says", *P[2:6]]


def test_a_paragraph_under_kept_data_below_the_share_bar_stays(cleaner: Cleaner) -> None:
    # An event page's registration part below its share bar: "Deadline: ..." heads the page's own text.
    text = doc(*LONG_BODY, *SHARE_BAR, "Deadline: 15 March", CLOSING[1], "Contact us")
    assert kept_lines(cleaner.clean(text)) == [*LONG_BODY, "Deadline: 15 March", CLOSING[1]]


def test_paragraphs_in_a_run_below_the_share_bar_stay(cleaner: Cleaner) -> None:
    # Three paragraphs in a row, or two of more than `trailer_prose_words` words: a section of the
    # article's own, not a teaser's summary.
    three = doc(*LONG_BODY, *SHARE_BAR, CLOSING[0], CLOSING[1], TEASER)
    assert kept_lines(cleaner.clean(three)) == [*LONG_BODY, CLOSING[0], CLOSING[1], TEASER]
    assert len(CLOSING[0].split()) + len(CORRECTION.split()) > THRESHOLDS[Mode.BALANCED].trailer_prose_words
    two_long = doc(*LONG_BODY, *SHARE_BAR, CLOSING[0], CORRECTION)
    assert kept_lines(cleaner.clean(two_long)) == [*LONG_BODY, CLOSING[0], CORRECTION]


def test_the_closing_paragraph_after_one_share_button_or_a_related_box_stays(cleaner: Cleaner) -> None:
    # One "Share" is as often an image's button in the article's middle; a related box, an appeal or an
    # advert stand in the middle too: none of them closes the article.
    one_button = doc(*LONG_BODY, "Photo: Harbour Gazette", "Advertisement", "Share", CLOSING[1])
    assert kept_lines(cleaner.clean(one_button)) == [*LONG_BODY, CLOSING[1]]
    related = doc(*LONG_BODY, "Related stories", "Harbour wall repairs", "Market days", "Ferry timetable", CLOSING[1])
    assert kept_lines(cleaner.clean(related)) == [*LONG_BODY, CLOSING[1]]


def test_conservative_mode_keeps_paragraphs_below_the_share_bar(cleaner: Cleaner) -> None:
    text = doc(*LONG_BODY, *SHARE_BAR, SITE_BLURB)
    assert SITE_BLURB in kept_lines(cleaner.clean(text, mode="conservative"))
    assert SITE_BLURB not in kept_lines(cleaner.clean(text, mode="balanced"))


def test_the_site_name_of_the_page_title_in_the_footer_takes_nothing(cleaner: Cleaner) -> None:
    # The page title's site-name half comes back alone in the footer: below the first paragraph,
    # a repetition of the title is not the headline, and nothing between is the page's header.
    lines = [
        "Entry is free.",
        "What is on:",
        "Live music",
        "Craft stalls",
        "A children's trail",
        "Stallholders can still apply until Friday.",
    ]
    text = doc(
        "Spring fair returns to the market square | Harbour Gazette",
        "Fair is back after two years",
        P[0],
        *lines,
        "Harbour Gazette",
    )
    result = cleaner.clean(text)
    kept = kept_lines(result)
    assert all(line in kept for line in lines)


PAGE_HEADER = [
    "Harbour Gazette",  # the logo line repeats the site's half of the title, above the headline
    "Your trusted local paper since 1887.",
    "Weather: 14°C, light rain",
    "Subscribe from £1 a week",
    "Search the Gazette",
]


def test_a_dumps_page_title_repeated_alone_above_the_article_makes_the_repetition_the_headline(
    cleaner: Cleaner,
) -> None:
    # A short sentence and a "key: value" line stay anywhere else; above the headline they are
    # the page's header, and the page's title line above them is the header's first line.
    page_title = f"{HEADLINE} | Harbour Gazette"
    text = doc(page_title, *PAGE_HEADER, HEADLINE, "By Jane Marlow", P[0], P[1], P[2], sep="\n")
    result = cleaner.clean(text)
    assert result.title == HEADLINE
    assert result.title_span == (text.rindex(HEADLINE), text.rindex(HEADLINE) + len(HEADLINE))
    assert kept_lines(result) == [P[0], P[1], P[2]]
    assert removed_lines(result) == [page_title, *PAGE_HEADER, "By Jane Marlow"]
    check_removals(text, result)


def test_of_two_repetitions_the_one_above_the_article_is_the_headline(cleaner: Cleaner) -> None:
    # The header's "Latest news" box lists the story itself first; its other teasers are not the
    # article's opening lines, and the headline is the repetition right above the byline.
    page_title = f"{HEADLINE} | Harbour Gazette"
    teasers = ["Ferry timetable changes from Monday", "Library reopens after flood repairs"]
    text = doc(page_title, "Latest news", HEADLINE, *teasers, *PAGE_HEADER, HEADLINE, "By Jane Marlow", P[0], P[1])
    result = cleaner.clean(text)
    assert result.title == HEADLINE
    assert result.title_span == (text.rindex(HEADLINE), text.rindex(HEADLINE) + len(HEADLINE))
    assert kept_lines(result) == [P[0], P[1]]
    check_removals(text, result)


HEADER_SENTENCE = "Wrong language? Change it here: the Gazette has chosen English as your language setting."


def test_a_headline_below_a_lone_sentence_of_the_header_is_found(cleaner: Cleaner) -> None:
    page_title = f"{HEADLINE} | Harbour Gazette"
    text = doc(page_title, "Home", "News", HEADER_SENTENCE, *PAGE_HEADER[2:], HEADLINE, "By Jane Marlow", P[0], P[1])
    result = cleaner.clean(text)
    assert result.title == HEADLINE
    assert result.title_span == (text.rindex(HEADLINE), text.rindex(HEADLINE) + len(HEADLINE))
    assert kept_lines(result) == [HEADER_SENTENCE, P[0], P[1]]  # prose is never structure's


def test_past_the_headers_sentence_only_the_first_repetition_of_a_leading_headline_counts(cleaner: Cleaner) -> None:
    # A "Most read" list under the headline repeats the story; and a site's name that is the
    # title's longest part comes back over the sidebar's blurb, which is no headline.
    page_title = f"{HEADLINE} | Harbour Gazette"
    most_read = ["Most read", HEADLINE, "Ferry fares to rise in April"]
    text = doc(page_title, "Home", HEADER_SENTENCE, *PAGE_HEADER[2:], HEADLINE, P[0], *most_read, P[1], P[2])
    start = text.index(HEADLINE, len(page_title))
    assert cleaner.clean(text).title_span == (start, start + len(HEADLINE))
    site_first = "Stars | The Harbour Town Astronomy Society"
    blurb = "The Harbour Town Astronomy Society has met on the first Friday of every month since 1962."
    sidebar = ["The Harbour Town Astronomy Society", blurb]
    text = doc(site_first, "Home", HEADER_SENTENCE, *PAGE_HEADER[2:], *sidebar, P[0], P[1])
    assert cleaner.clean(text).title == site_first


@pytest.mark.parametrize(
    "heading", [f"Transport {HEADLINE}", f"Home > News > {HEADLINE}"], ids=["kicker", "breadcrumb"]
)
def test_a_repetition_under_a_kicker_or_ending_a_breadcrumb_stays_and_the_header_above_it_goes(
    cleaner: Cleaner, heading: str
) -> None:
    page_title = f"{HEADLINE} | Harbour Gazette"
    text = doc(page_title, *PAGE_HEADER, heading, "By Jane Marlow", P[0], P[1], P[2], sep="\n")
    result = cleaner.clean(text)
    assert result.title == page_title
    assert kept_lines(result) == [heading, P[0], P[1], P[2]]
    assert removed_lines(result) == [*PAGE_HEADER, "By Jane Marlow"]
    assert {r.rule for r in result.removed if r.text in PAGE_HEADER} == {"structure.before-headline"}
    check_removals(text, result)


def test_a_site_name_repeated_in_the_logo_line_keeps_the_page_title_as_the_headline(cleaner: Cleaner) -> None:
    page_title = f"{HEADLINE} | Harbour Gazette"
    text = doc(page_title, "Harbour Gazette", "By Jane Marlow", P[0], P[1], sep="\n")
    result = cleaner.clean(text)
    assert result.title == page_title
    assert kept_lines(result) == [P[0], P[1]]


def test_a_site_name_as_long_as_the_headline_does_not_take_the_title(cleaner: Cleaner) -> None:
    """Which part of "Tories hold Bury seat - Manchester Evening Post" is the headline is not told by length."""
    page_title = "Tories hold Bury seat - Manchester Evening Post"
    text = doc(
        page_title,
        "Home",
        "News",
        "Sport",
        "Manchester Evening Post",
        "Tories hold Bury seat",
        "By Jane Marlow",
        P[0],
        P[1],
        P[2],
        sep="\n",
    )
    result = cleaner.clean(text)
    assert result.title == page_title


def test_a_short_kicker_heading_above_the_byline_is_no_writers_name(cleaner: Cleaner) -> None:
    page_title = "Council approves budget | Harbour Gazette"
    text = doc(page_title, *PAGE_HEADER, "Local Council approves budget", "By Jane Marlow", P[0], P[1], P[2], sep="\n")
    result = cleaner.clean(text)
    assert result.title == page_title
    assert "Local Council approves budget" in kept_lines(result)


def test_without_the_repeated_headline_the_header_lines_of_a_dump_stay(cleaner: Cleaner) -> None:
    text = doc(f"{HEADLINE} | Harbour Gazette", *PAGE_HEADER[1:3], "By Jane Marlow", P[0], P[1], sep="\n")
    kept = kept_lines(cleaner.clean(text))
    assert PAGE_HEADER[1] in kept and PAGE_HEADER[2] in kept


def test_a_german_subheading_over_data_is_not_a_related_list(cleaner: Cleaner) -> None:
    costs = ["Pfeiler: 2,1 Millionen Euro", "Fahrbahn: 3,4 Millionen Euro", "Fähre: 0,8 Millionen Euro"]
    body = [
        "Der Stadtrat hat am Dienstag beschlossen, die alte Hafenbrücke für sechs Monate zu sperren, damit "
        "Ingenieure die verrosteten Stahlgelenke ersetzen können.",
        "Die Arbeiten waren wegen eines Streits über die Finanzierung zweimal verschoben worden, und die Kosten "
        "sind seitdem deutlich gestiegen, sagte die Bürgermeisterin.",
    ]
    result = cleaner.clean(doc(*body, "Mehr zu den Kosten", *costs, "Mehr zum Schutz der Kinder", body[1]))
    kept = kept_lines(result)
    assert all(line in kept for line in ["Mehr zu den Kosten", *costs, "Mehr zum Schutz der Kinder"])


# --- author box sections -----------------------------------------------------------------

BOX_TEXT = [
    "Has covered the harbour and its trades for twenty years, sails whenever the tide allows and "
    "keeps a small boat of her own at the north pier.",
    "Before that she reported on farming for a weekly paper inland, which she still misses on market days.",
]


@pytest.mark.parametrize("heading", ["About the author", "Author"])
def test_a_box_heading_below_the_article_takes_the_name_and_the_boxs_text(cleaner: Cleaner, heading: str) -> None:
    text = doc(HEADLINE, "By Jane Marlow", P[0], P[1], P[2], heading, "Jane Marlow", *BOX_TEXT, "Advertisement")
    result = cleaner.clean(text)
    assert kept_lines(result) == [P[0], P[1], P[2]]
    for line in ["Jane Marlow", *BOX_TEXT]:
        (removal,) = [removal for removal in result.removed if removal.text == line]
        assert removal.category == "author-bio"
        assert heading in removal.reason
    check_removals(text, result)


def test_a_box_heading_above_the_article_or_over_more_paragraphs_takes_no_paragraph(cleaner: Cleaner) -> None:
    # Above the article an "Author" label stands over its first paragraph; three paragraphs in a
    # row under the heading are the article going on.
    above = doc("About the author", "Jane Marlow", P[0], P[1], P[2])
    assert kept_lines(cleaner.clean(above)) == [P[0], P[1], P[2]]
    going_on = doc(P[0], P[1], "About the author", "Jane Marlow", P[2], P[3], P[4])
    assert kept_lines(cleaner.clean(going_on)) == [P[0], P[1], P[2], P[3], P[4]]


SITE_BOX = "The Harbour Gazette has reported on the harbour towns since 1887 and is owned by its readers' trust."


def test_an_about_us_line_below_the_article_takes_the_sites_blurb_right_under_it(cleaner: Cleaner) -> None:
    text = doc(HEADLINE, "By Jane Marlow", P[0], P[1], P[2], "About us", SITE_BOX, "Contact", "Privacy policy")
    result = cleaner.clean(text)
    assert kept_lines(result) == [P[0], P[1], P[2]]
    (removal,) = [removal for removal in result.removed if removal.text == SITE_BOX]
    assert (removal.rule, removal.category) == ("en.footer.about", "footer")
    check_removals(text, result)


def test_an_about_us_link_among_links_takes_nothing_but_itself(cleaner: Cleaner) -> None:
    # In the header's menu, above the article; and among the footer's links, with the article
    # (three paragraphs in a row) going on below.
    menu = doc("Home", "About us", "News", "Sport", HEADLINE, "By Jane Marlow", P[0], P[1], P[2])
    assert kept_lines(cleaner.clean(menu)) == [P[0], P[1], P[2]]
    going_on = doc(P[0], P[1], "About us", P[2], P[3], P[4])
    assert kept_lines(cleaner.clean(going_on)) == [P[0], P[1], P[2], P[3], P[4]]


NEWSLETTER_BOX = [
    "Sign up for the Gazette newsletter",
    "Harbour news, tide tables and the week's best photographs.",
    "By signing up you agree to our terms and privacy policy.",
]


def test_a_boxs_description_between_two_of_its_rule_hits_goes_with_the_box(cleaner: Cleaner) -> None:
    text = doc(*P[:3], *NEWSLETTER_BOX, P[3], P[4])
    result = cleaner.clean(text)
    assert kept_lines(result) == [*P[:3], P[3], P[4]]
    (removal,) = [removal for removal in result.removed if removal.text == NEWSLETTER_BOX[1]]
    assert (removal.rule, removal.category) == ("structure.boxed", "newsletter")
    check_removals(text, result)


def test_two_lines_of_a_boxs_text_between_its_rule_hits_go_too(cleaner: Cleaner) -> None:
    pitch = "Every Friday, the week's harbour news in five minutes."
    text = doc(*P[:3], NEWSLETTER_BOX[0], NEWSLETTER_BOX[1], pitch, NEWSLETTER_BOX[2], P[3])
    result = cleaner.clean(text)
    assert kept_lines(result) == [*P[:3], P[3]]
    assert {r.rule for r in result.removed if r.text in (NEWSLETTER_BOX[1], pitch)} == {"structure.boxed"}


def test_a_readers_comment_between_two_comment_buttons_goes(cleaner: Cleaner) -> None:
    comment = "I walk over that bridge every day, and the joints have creaked for years."
    text = doc(*P[:3], "Leave a Reply", "Reply", "Martha Jones says:", comment, "Reply")
    result = cleaner.clean(text)
    assert kept_lines(result) == P[:3]
    (removal,) = [removal for removal in result.removed if removal.text == comment]
    assert (removal.rule, removal.category) == ("structure.boxed", "comments")


def test_a_paragraph_next_to_one_box_line_or_longer_than_a_description_stays(cleaner: Cleaner) -> None:
    beside = doc(P[0], NEWSLETTER_BOX[0], P[1], P[2])
    assert kept_lines(cleaner.clean(beside)) == [P[0], P[1], P[2]]
    between = doc(P[0], NEWSLETTER_BOX[0], P[1], NEWSLETTER_BOX[2], P[2])
    assert kept_lines(cleaner.clean(between)) == [P[0], P[1], P[2]]  # 29 words: an article paragraph


# --- what the boxes must leave (a review of the passes above) ------------------------------------


@pytest.mark.parametrize(
    ("byline", "paragraph"),
    [
        (
            "By Sarah Johnson",
            "Sarah says she never thought anyone would read her letter to the council about the pool.",
        ),
        ("By Reuters Staff", "Reuters could not independently verify the claim, which the ministry denied on Monday."),
        ("By Jane Doe, Brussels Correspondent", "Brussels has warned London that the deal could collapse by spring."),
    ],
    ids=["namesake", "agency", "desk"],
)
def test_a_first_name_an_agency_or_a_desk_of_the_byline_opens_article_paragraphs(
    cleaner: Cleaner, byline: str, paragraph: str
) -> None:
    text = doc("Home", "News", HEADLINE, byline, P[0], paragraph, P[1], P[2])
    assert paragraph in kept_lines(cleaner.clean(text))


def test_an_interviews_line_names_the_person_interviewed_not_the_writer(cleaner: Cleaner) -> None:
    intro = "Anna Schmidt ist seit 2019 Bürgermeisterin der Stadt und will den Hafen bis 2030 umbauen lassen."
    body = [
        "Der Stadtrat hat am Dienstag beschlossen, die alte Hafenbrücke für sechs Monate zu sperren, damit "
        "Ingenieure die verrosteten Stahlgelenke ersetzen können.",
        "Die Arbeiten waren wegen eines Streits über die Finanzierung zweimal verschoben worden, und die Kosten "
        "sind seitdem deutlich gestiegen, sagte die Bürgermeisterin.",
    ]
    text = doc("Startseite", "Politik", "Die Brücke muss warten", "Interview: Anna Schmidt", intro, *body)
    assert intro in kept_lines(cleaner.clean(text))


def test_a_first_name_under_the_boxs_heading_with_the_full_name_is_the_box(cleaner: Cleaner) -> None:
    bio = "Jane covers the harbour and its trades and keeps a small boat at the north pier."
    text = doc(HEADLINE, "By Jane Marlow", P[0], P[1], P[2], "About Jane Marlow", bio, "Advertisement")
    assert bio in removed_lines(cleaner.clean(text))


def test_an_author_section_with_a_subheading_and_paragraphs_below_is_the_reviews(cleaner: Cleaner) -> None:
    about = [
        "The novelist grew up in a fishing town and worked on ferries before she wrote her first book.",
        "She now lives inland, which she says is why the sea in her novels is always a little too blue.",
    ]
    verdict = "Our verdict"
    text = doc(HEADLINE, "By Jane Marlow", P[0], P[1], P[2], "About the author", *about, verdict, P[3], P[4])
    kept = kept_lines(cleaner.clean(text))
    assert all(line in kept for line in [*about, verdict, P[3], P[4]])


def test_short_paragraphs_between_two_advert_markers_are_the_articles(cleaner: Cleaner) -> None:
    short = ["The vote was 7 to 4.", "Supporters said the bridge would cut the trip across the river by half."]
    text = doc(*P[:3], "Advertisement", *short, "Advertisement", P[3], P[4])
    assert kept_lines(cleaner.clean(text)) == [*P[:3], *short, P[3], P[4]]


@pytest.mark.parametrize(
    "line",
    [
        "docker run -d -p 8080:80 --name web -v /srv/site:/usr/share/nginx/html:ro --restart unless-stopped "
        "nginx:1.25 nginx -g daemon off",
        "500 g Mehl 1 Würfel Hefe 80 g Zucker 1 Prise Salz 250 ml Milch 80 g Butter 1 Ei 100 g Rosinen 1 "
        "Eigelb zum Bestreichen Hagelzucker",
    ],
    ids=["code", "ingredients"],
)
def test_a_long_line_of_code_or_ingredients_below_an_advert_stays(cleaner: Cleaner, line: str) -> None:
    text = doc(HEADLINE, "By Jane Marlow", P[0], P[1], P[2], "Advertisement", line, "Share", "Privacy policy")
    assert line in kept_lines(cleaner.clean(text))


def test_a_breadcrumb_below_the_headline_and_its_standfirst_leaves_both(cleaner: Cleaner) -> None:
    standfirst = "Work could begin as early as next spring"
    text = doc(
        f"{HEADLINE} | Harbour Gazette",
        "Home",
        "News",
        HEADLINE,
        standfirst,
        "By Jane Marlow",
        f"Home » News » {HEADLINE}",
        P[0],
        P[1],
        P[2],
        sep="\n",
    )
    result = cleaner.clean(text)
    assert result.title == HEADLINE
    assert standfirst in kept_lines(result)


def test_a_credit_with_an_initial_still_takes_its_caption_above(cleaner: Cleaner) -> None:
    caption = "So soll die neue Brücke einmal aussehen"
    text = doc(
        "Startseite", "Politik", "Neue Brücke über den Hafen beschlossen", caption, "Foto: dpa/M. Schutt", P[0], P[1]
    )
    assert caption in removed_lines(cleaner.clean(text))


# --- runs of labels -------------------------------------------------------------------

TAG_CLOUD = (
    "Bridges Budget Buses Council Culture Cycling Elections Ferries Flooding Harbour Housing Libraries "
    "Markets Parking Police Schools Sport Transport Weather Zoning"
)
ARCHIVE = (
    "Archives March 2026 February 2026 January 2026 December 2025 November 2025 October 2025 September 2025 "
    "August 2025 July 2025 June 2025"
)


@pytest.mark.parametrize("labels", [TAG_CLOUD], ids=["tag-cloud"])
def test_a_long_run_of_labels_below_the_article_is_no_paragraph(cleaner: Cleaner, labels: str) -> None:
    # Twenty words and more pass for prose by length; without a sentence or a stopword they are a
    # widget's labels, which neither end the article nor stay below it.
    text = doc(HEADLINE, "By Jane Marlow", P[0], P[1], P[2], *SHARE_BAR, labels, "Most read", "Ferry fares to rise")
    result = cleaner.clean(text)
    assert kept_lines(result) == [P[0], P[1], P[2]]
    (removal,) = [removal for removal in result.removed if removal.text == labels]
    assert removal.rule in ("structure.trailer", "structure.between-chrome")  # below the bar, above "Most read"
    assert "a run of labels" in removal.reason
    check_removals(text, result)


def test_an_archives_months_are_no_paragraph_though_their_digits_keep_them(cleaner: Cleaner) -> None:
    # Years are digits, as an ingredient list's amounts are: such a run stays, but it is no
    # paragraph, so the teaser title below it is still the trailer's.
    text = doc(HEADLINE, "By Jane Marlow", P[0], P[1], P[2], *SHARE_BAR, ARCHIVE, "Ferry fares to rise in April")
    result = cleaner.clean(text)
    assert ARCHIVE in kept_lines(result)
    assert "Ferry fares to rise in April" in removed_lines(result)


def test_a_long_run_of_labels_between_chrome_blocks_goes_with_them(cleaner: Cleaner) -> None:
    text = doc(*P[:3], "Share on Facebook", "Share on X", TAG_CLOUD, "Advertisement", P[3], P[4], P[5])
    result = cleaner.clean(text)
    (removal,) = [removal for removal in result.removed if removal.text == TAG_CLOUD]
    assert removal.rule == "structure.between-chrome"
    assert kept_lines(result) == [*P[:3], P[3], P[4], P[5]]


def test_long_lines_with_stopwords_or_in_a_language_without_a_pack_stay_prose(cleaner: Cleaner) -> None:
    # Three paragraphs in a row below the share bar are the article's own closing section; without
    # full stops they are still sentences by their stopwords, and labels would go one by one.
    unpunctuated = [
        "The ferry that carries pedestrians across the river during the closure will run every twenty "
        "minutes from six in the morning until midnight",
        "Cyclists will be able to take their bikes on board for free and the council will add racks at "
        "both piers before the first crossing",
        "Anyone with questions about the timetable can call the harbour office on weekdays or ask the "
        "crew on the boat itself",
    ]
    text = doc(HEADLINE, "By Jane Marlow", P[0], P[1], *SHARE_BAR, *unpunctuated)
    assert kept_lines(cleaner.clean(text))[-3:] == unpunctuated
    # Finnish has no pack: to the other packs' stopwords every long line of it looks like labels.
    finnish = [
        "Korkeasaaren karhut heräsivät talviuniltaan poikkeuksellisen aikaisin tänä vuonna Helsingissä.",
        "Eläintarhan hoitajat seuraavat karhujen vointia tarkasti koko kevään ajan, kertoo johtaja.",
        "Karhut saavat nyt kalaa ja marjoja, ja yleisö pääsee katsomaan niitä jo ensi viikolla.",
    ]
    hours = [
        "Eläintarha avautuu joka päivä kello kymmenen ja sulkeutuu kello kahdeksan ja liput maksavat "
        "aikuisilta kaksikymmentä euroa ja lapsilta kymmenen euroa mutta pienet lapset pääsevät sisään ilmaiseksi",
        "Lautta Kauppatorilta lähtee puolen tunnin välein ja matka kestää noin kymmenen minuuttia "
        "hyvällä säällä mutta kovalla tuulella matka voi kestää vähän pidempään",
        "Karhujen ruokinta nähdään joka päivä kello kaksitoista ja hoitajat kertovat silloin "
        "yleisölle karhujen talvesta ja niiden tavoista sekä ruokavaliosta",
    ]
    result = cleaner.clean(doc(*finnish, *SHARE_BAR, *hours))
    assert result.stats["language"] is None
    assert kept_lines(result)[-3:] == hours


# --- author boxes ----------------------------------------------------------------------

BIO = "Jane Marlow grew up on the north bank and has lived above the fish market since 1998, where she keeps bees."


@pytest.mark.parametrize(
    ("byline", "bio"),
    [
        ("By Jane Marlow", BIO),
        (
            "12.03.2026 | von Anja Reichelt",
            "Anja Reichelt wuchs in Kassel auf und lebt heute mit zwei Katzen am Stadtrand.",
        ),
    ],
    ids=["full-name", "de-row-with-date"],
)
def test_a_paragraph_opening_with_the_bylines_name_is_the_author_box(cleaner: Cleaner, byline: str, bio: str) -> None:
    text = doc("Harbour Gazette", "News", HEADLINE, byline, P[0], P[1], P[2], bio)
    result = cleaner.clean(text)
    assert kept_lines(result) == [P[0], P[1], P[2]]
    (removal,) = [removal for removal in result.removed if removal.text == bio]
    assert (removal.rule, removal.category) == ("structure.author-box", "author-bio")
    assert byline in removal.reason
    check_removals(text, result)


@pytest.mark.parametrize(
    ("byline", "paragraph"),
    [
        ("Harbour Gazette staff", BIO),  # no writer's name above
        ("By Jane Marlow", BIO.replace("Jane Marlow", "Tom Berry")),  # someone else
        ("By Jan Berger", "Jan, how long have you fished from the south bank, and what will the closure cost you?"),
        (
            "By Jane Marlow, Harbour Gazette, New Haven",
            "New Haven voted last year to keep its own bridge open at night.",
        ),
        (
            "Harbour Gazette | Marlow Bridge | Ferry",
            "Marlow Bridge closed for a week in 1987, the last time it was repaired.",
        ),
    ],
    ids=["no-byline", "other-name", "spoken-to", "place-after-comma", "row-of-labels"],
)
def test_a_paragraph_that_does_not_name_the_writer_stays(cleaner: Cleaner, byline: str, paragraph: str) -> None:
    text = doc("Harbour Gazette", "News", HEADLINE, byline, P[0], P[1], paragraph, P[2])
    assert paragraph in kept_lines(cleaner.clean(text))


# --- safety ----------------------------------------------------------------------------


def test_structure_rules_never_empty_a_document(cleaner: Cleaner) -> None:
    labels = ["Harbour Life", "City Hall", "Schools", "Transport", "Housing", "Markets Today"]
    text = "\n".join(labels) + "\n"
    result = cleaner.clean(text)
    assert result.text != ""
    assert kept_lines(result) == labels
    assert result.stats["fallback"]


def test_short_text_between_chrome_is_kept_when_it_is_all_that_is_left(cleaner: Cleaner) -> None:
    text = doc("Share", "Harbour Gazette weekend edition", "Print")
    result = cleaner.clean(text)
    assert kept_lines(result) == ["Harbour Gazette weekend edition"]
    assert result.stats["fallback"]
    assert removed_lines(result) == ["Share", "Print"]


def test_direct_rules_alone_may_remove_everything(cleaner: Cleaner) -> None:
    result = cleaner.clean(doc("Share", "Print", "Advertisement"))
    assert result.text == ""
    assert result.stats["fallback"] is None
    assert len(result.removed) == 3


CUSTOM_PACK = """\
language = "xx"

[[rule]]
id = "appeal.heading"
category = "donation"
scope = "heading"
section = "trailer"
reason = "an appeal heading"
phrases = ["zorp appeal"]

[[rule]]
id = "appeal.cue"
category = "donation"
scope = "cue"
reason = "appeal wording"
phrases = ["zorp"]
"""


def _zorp(paragraph: str) -> str:
    return f"{paragraph[:-1]}, and zorp."


def _prose_share_removed(kept: list[str], removed: list[str]) -> float:
    return sum(map(len, removed)) / (sum(map(len, kept)) + sum(map(len, removed)))


def test_safety_fallback_when_nearly_all_prose_would_go() -> None:
    custom = Cleaner(parse_pack(CUSTOM_PACK, "custom.toml"))
    appeal = [_zorp(paragraph) for paragraph in P[2:]] * 4
    text = doc(P[0], P[1], "Zorp appeal", *appeal)
    assert _prose_share_removed([P[0], P[1]], appeal) > 0.9
    result = custom.clean(text)
    # The appeal (section and cues) would take most of the prose: only direct removals stay.
    assert isinstance(result.stats["fallback"], str) and result.stats["fallback"]
    assert removed_lines(result) == ["Zorp appeal"]
    assert kept_lines(result) == [P[0], P[1], *appeal]
    assert result.removed[0].rule == "xx.appeal.heading"


def test_safety_fallback_threshold_is_three_quarters_of_the_prose() -> None:
    """README: "if more than three quarters of the prose would go ... only the direct removals are kept"."""
    custom = Cleaner(parse_pack(CUSTOM_PACK, "custom.toml"))
    appeal = [_zorp(paragraph) for paragraph in P[2:] + P[2:5]]
    share = _prose_share_removed([P[0], P[1]], appeal)
    assert 0.78 < share < 0.9  # comfortably above the documented three quarters
    result = custom.clean(doc(P[0], P[1], "Zorp appeal", *appeal))
    assert result.stats["fallback"], f"{share:.0%} of the prose removed without falling back"
    assert kept_lines(result) == [P[0], P[1], *appeal]


def test_no_fallback_when_the_section_is_small() -> None:
    custom = Cleaner(parse_pack(CUSTOM_PACK, "custom.toml"))
    appeal = _zorp(P[6])
    text = doc(P[0], P[1], P[2], P[3], P[4], "Zorp appeal", appeal)
    result = custom.clean(text)
    assert result.stats["fallback"] is None
    assert removed_lines(result) == ["Zorp appeal", appeal]


def test_custom_rules_replace_the_builtin_packs() -> None:
    custom = Cleaner(parse_pack(CUSTOM_PACK, "custom.toml"))
    text = doc(P[0], "Share", P[1])
    assert kept_lines(custom.clean(text)) == [P[0], "Share", P[1]]


# --- removals and stats --------------------------------------------------------------------

MIXED = doc(
    "Home",
    "News",
    HEADLINE,
    "By Jane Marlow",
    "24.11.2026",
    CAPTIONS[0],
    P[0],
    "Advertisement",
    P[1],
    "Share",
    P[2],
    "See also:",
    "Why the ferry timetable is changing again",
    P[3],
    P[4],
    "Sign up for our newsletter",
    "Privacy Policy",
    "© 2026 Harbour Gazette Ltd. All rights reserved.",
)


def test_every_removal_is_an_exact_span_with_category_rule_and_reason(cleaner: Cleaner, rule_ids: set[str]) -> None:
    result = cleaner.clean(MIXED)
    assert result.removed
    check_removals(MIXED, result)
    starts = [r.start for r in result.removed]
    assert starts == sorted(starts)
    for removal in result.removed:
        assert removal.rule in rule_ids or removal.rule.startswith("structure."), removal.rule


def test_mixed_document_keeps_exactly_the_article(cleaner: Cleaner) -> None:
    result = cleaner.clean(MIXED)
    assert result.title == HEADLINE
    assert kept_lines(result) == [P[0], P[1], P[2], P[3], P[4]]


def test_stats_add_up(cleaner: Cleaner) -> None:
    result = cleaner.clean(MIXED)
    stats = result.stats
    assert stats["chars_in"] == len(MIXED)
    assert stats["chars_out"] == len(result.text)
    assert stats["blocks"] == len(Document(MIXED).blocks)
    assert stats["blocks_removed"] == len(result.removed)
    by_category: dict[str, int] = {}
    for removal in result.removed:
        by_category[removal.category] = by_category.get(removal.category, 0) + len(removal.text)
    assert stats["removed_chars"] == by_category
    assert stats["fallback"] is None


def test_module_level_clean_matches_a_cleaner(cleaner: Cleaner) -> None:
    result = clean(MIXED, source="mixed.txt")
    assert result.source == "mixed.txt"
    assert result.text == cleaner.clean(MIXED).text


def test_crlf_document_keeps_crlf_and_paragraph_breaks(cleaner: Cleaner) -> None:
    text = "\r\n\r\n".join([P[0], "Advertisement", P[1], "Share", P[2]]) + "\r\n"
    result = cleaner.clean(text)
    assert result.text == f"{P[0]}\r\n\r\n{P[1]}\r\n\r\n{P[2]}"
    assert result.render().endswith(P[2] + "\r\n")


def test_empty_document() -> None:
    result = Cleaner().clean("")
    assert result.text == "" and result.title is None and result.removed == ()
    assert result.render() == ""
