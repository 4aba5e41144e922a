"""`digest import` on site layouts the other saved pages do not cover: a Drupal ministry page, congressional press
releases, a think tank's commentary with notes, Asian wire services' sign-offs, a paywalled story, an AMP page and a
consulate's speech set in <br>s; and news agencies', broadcasters', newspapers', blogs' and a government council's
article pages as Xinhua, People's Daily, the BBC, CNN, Al Jazeera, Politico, VOA, RFA, Kyodo, the Taipei Times, the
Japan Times, a Ghost blog, Medium and Taiwan's Mainland Affairs Council mark them up. Each draft starts and ends
with the article's own text and holds none of the page's furniture; nothing of the text is lost."""

from __future__ import annotations

import pytest
import yaml
from conftest import PAGES, imported

from digest.importer import convert
from digest.model import Config

# page, the body's first words, its last words, how many paragraphs it holds, furniture it must not hold
LAYOUTS = [
    (
        "ministry-drupal.html",
        "Q: On March 29, the US Department of Commerce",
        "firmly safeguard its legitimate rights and interests.",
        8,
        ["Print", "Close", "Font size", "Share to", "Article Type", "Latest Releases", "Copyright"],
    ),
    (
        "house-committee.html",
        "**WASHINGTON, D.C.** — Today, House Select Committee",
        "Full text of the bill can be found [here](",
        9,
        ["###", "Issues:", "Related Press Releases", "Sign up for updates", "Facebook", "Cannon House"],
    ),
    (
        "senate-press.html",
        "**WASHINGTON** – U.S. Senator Maria Delgado",
        "The full text of the letter is available [here](",
        7,
        ["Contact:", "(202) 224-5521", "###", "Related Issues", "Previous Article", "Recent News"],
    ),
    (
        "thinktank.html",
        "The telephone call between President Joe Biden",
        "as Taiwan inaugurates a new president in May.",
        10,
        ["#fn", "well.1", "Download PDF", "Written By", "Senior Fellow", "Related Content", "Notes", "Ibid"],
    ),
    (
        "focustaiwan.html",
        "Washington, June 18 (CNA) The United States Department of State",
        "bring the island under its control.",
        8,
        ["(By Joseph Yeh", "Enditem", "Related News", "More from Focus Taiwan", "Most Popular", "CNA photo"],
    ),
    (
        "yonhap.html",
        "BEIJING, June 21 (Yonhap) -- South Korea's top nuclear envoy",
        "trilateral summit with South Korea and Japan in late May.",
        7,
        ["ATTN", "By Kim Soo-yeon", "@yna.co.kr", "(END)", "cookies", "Most Viewed", "Related Articles"],
    ),
    (
        "paywall.html",
        "BEIJING—China's Ministry of Commerce said Saturday",
        "described as a channel for managing disputes.",
        8,
        ["Continue reading", "Subscribe", "subscriber", "Sign In", "newsletter", "Advertisement", "Copyright"],
    ),
    (
        "amp.html",
        "Chinese Foreign Minister Wang Yi and US National Security Adviser Jake Sullivan agreed",
        '"That matters most when we disagree."',
        7,
        ["We use cookies", "Advertisement", "Also read", "Read more", "Most Read", "Photo: Xinhua"],
    ),
    (
        "consulate-br.html",
        "Dear Governor Newsom,",
        "Thank you.",
        13,
        ["Print", "Close", "Share to", "Related News", "Suggest to a friend", "Current location"],
    ),
    (
        "xinhua.html",
        "BEIJING, April 26 (Xinhua) -- Chinese Foreign Minister Wang Yi held talks",
        "consultations on the Asia-Pacific affairs as soon as possible.",
        7,
        ["(Xinhua/Zhai Jianlan)", "Editor", "Correction", "Related News", "Latest", "Font size", "Copyright"],
    ),
    (
        "bbc.html",
        "**US Secretary of State Antony Blinken has warned China",
        "summit between Mr Xi and President Joe Biden in California.",
        9,
        ["Laura Bicker", "Image source", "Image caption", "Read more", "Related topics", "More on this story"],
    ),
    (
        "cnn.html",
        "Beijing CNN — US Secretary of State Antony Blinken wrapped up a visit",
        "were “still increasing and building.”",
        5,
        [
            "Meanwhile in China",
            "Sign up",
            "Related article",
            "Ad Feedback",
            "contributed reporting",
            "has been updated",
        ],
    ),
    (
        "aljazeera.html",
        "The United States has imposed sanctions on nearly 300 individuals",
        "would face “significant consequences”.",
        7,
        ["list of 3 items", "end of list", "Recommended Stories", "Listen to", "Click here", "Source:", "Published On"],
    ),
    (
        "taipeitimes.html",
        "## ‘ROCK-SOLID’: The delegation, led by Michael McCaul",
        "urged Washington to stop official contact with Taiwan.",
        7,
        ["center, speaks at", "Photo: Reuters", "By Lin", "page1", "Additional reporting", "Comments will be"],
    ),
    (
        "kyodo.html",
        "WASHINGTON - The leaders of the United States, Japan and the Philippines",
        "the most significant change to the alliance since its founding.",
        6,
        ["Kyodo", "(Kyodo)", "KYODO NEWS", "Related coverage", "Most viewed", "Copyright"],
    ),
    (
        "ghost.html",
        "When the Commerce Department first restricted sales",
        "they have slowed Beijing down without stopping it.",
        8,
        ["Unsplash", "6 min read", "Bureau of Industry and Security", "Sign up for", "Enter your email", "TSMC"],
    ),
    (
        "medium.html",
        "On April 10, 1979, President Jimmy Carter signed the Taiwan Relations Act",
        "can still do the work it was meant to do.",
        7,
        ["--", "Member-only", "Follow", "5 min read", "Written by", "Followers", "More from", "Recommended from"],
    ),
    (
        "peoplesdaily.html",
        "U.S. Secretary of State Antony Blinken visited China from April 24 to 26.",
        "on a path of steady, sound and sustainable development.",
        6,
        ["Web editor", "(Xinhua/Ding Haitao)", "Related Stories", "Most Read", "Key Words", "Copyright", "By Zhong"],
    ),
    (
        "rfa.html",
        "U.S. Treasury Secretary Janet Yellen warned on Monday",
        "the Treasury said in a statement.",
        6,
        ["Edited by", "Copyright", "Tatan Syuflana", "Share on", "Related stories", "By Alex", "2024.04.08", "Donate"],
    ),
    (
        "voa.html",
        "GENEVA — U.S. and Chinese officials met in Geneva on Tuesday",
        "agreed to keep talking, according to both governments.",
        5,
        ["Some information", "Also Read", "FILE -", "Comments are closed", "Forum", "Skip to", "Print"],
    ),
    (
        "japantimes.html",
        "WASHINGTON – Prime Minister Fumio Kishida and U.S. President Joe Biden",
        "since Shinzo Abe in 2015.",
        6,
        ["misinformation", "By subscribing", "SUBSCRIBE", "PHOTO GALLERY", "KEYWORDS", "Gift this", "display name"],
    ),
    (
        "politico.html",
        "The House on Wednesday overwhelmingly passed legislation",
        "President Joe Biden has said he would sign it.",
        5,
        ["its fate is less certain", "contributed to", "Filed under", "Andrew Harnik", "Link Copied", "China Watcher"],
    ),
    (
        "mac-taiwan.html",
        "The Mainland Affairs Council (MAC) issued the following statement on May 23, 2024",
        "rather than resort to military threats.",
        5,
        ["Date：", "News Release No", "Data Source", "Last Update", "Views", "Back", "Skip to", "Copyright", "Tel："],
    ),
    (
        "washingtonpost.html",
        "Hackers linked to China’s government breached at least eight",
        "called it “the worst telecom hack in our nation’s history.”",
        6,
        [
            "## ",
            "Gift Article",
            "1,214",
            "Samuel Corum",
            "Advertisement",
            "is a national security reporter",
            "thoughts",
        ],
    ),
    (
        "treasury.html",
        "GUANGZHOU, China – Today, U.S. Secretary of the Treasury Janet L. Yellen met",
        "will face significant consequences if they provide such support.",
        4,
        ["Press Releases", "Readout:", "###", "An official website", "Here’s how you know", "1500 Pennsylvania"],
    ),
    (
        "nikkei.html",
        "LIMA -- Chinese President Xi Jinping told U.S. President Joe Biden on Saturday",
        "according to a White House readout.",
        5,
        ["Final meeting in Lima", "Read Next", "Advertisement", "Sign up", "© Reuters", "We use cookies", "Most Read"],
    ),
]


@pytest.mark.parametrize(("name", "first", "last", "paragraphs", "furniture"), LAYOUTS, ids=[c[0] for c in LAYOUTS])
def test_the_draft_holds_the_article_and_none_of_the_page(
    name: str, first: str, last: str, paragraphs: int, furniture: list[str], config: Config
) -> None:
    meta, body, _ = imported(name, config)
    blocks = body.split("\n\n")
    assert blocks[0].startswith(first)
    assert blocks[-1].rstrip(")").endswith(last.rstrip(")")) or last in blocks[-1]
    assert len(blocks) == paragraphs, blocks  # no paragraph lost, none added
    for text in furniture:
        assert text not in body, text
    assert "text" not in " ".join(str(item) for item in meta["review"])  # nothing put to the editor as lost or dropped


def test_a_wire_storys_byline_signature_and_end_mark_are_not_its_text(config: Config) -> None:
    """Yonhap prints its reporter above the story ("By Kim Soo-yeon") and signs off "sooyeon@yna.co.kr<br>(END)";
    Focus Taiwan "(By Joseph Yeh and Stacy Hsu)<br>Enditem/ls": the last paragraph kept no signature, and the
    editors' note to the papers ("(ATTN: RECASTS headline…)") is not the lead."""
    _, body, report = imported("yonhap.html", config)
    assert body.split("\n\n")[-1].endswith("in late May.")
    assert "dropped block 2 (byline): By Kim Soo-yeon" in report
    _, body, report = imported("focustaiwan.html", config)
    assert "(By Joseph Yeh" not in body and "Enditem" not in body


PROSE = "<p>BEIJING, June 21 (Yonhap) -- South Korea's top nuclear envoy held talks with his Chinese counterpart.</p>"


@pytest.mark.parametrize(
    ("head", "byline", "author"),
    [
        ("", "By Kim Soo-yeon", "Kim Soo-yeon"),
        ("", "By Joseph Yeh and Stacy Hsu", "Joseph Yeh, Stacy Hsu"),
        ('<meta name="author" content="Lee Haye-ah">', "By Kim Soo-yeon", "Lee Haye-ah"),
    ],
)
def test_a_wire_byline_paragraph_is_the_author_when_the_page_names_none(
    head: str, byline: str, author: str, config: Config
) -> None:
    """Yonhap's byline is a paragraph of the story ("By Kim Soo-yeon"), and its metadata names no author: the
    byline was dropped from the text and the draft had no `source.author`. It is the author then; the page's
    metadata, when it names one, still wins."""
    meta, body, _ = imported("yonhap.html", config)
    assert meta["source"]["author"] == "Kim Soo-yeon" and "By Kim" not in body
    raw = f"<html><head>{head}</head><body><article><h1>Envoys meet</h1><p>{byline}</p>{PROSE}</article></body></html>"
    front, body = convert(raw.encode(), "wire.html", config).text[4:].split("\n---\n", 1)
    assert yaml.safe_load(front)["source"]["author"] == author and byline not in body


def test_a_sentence_that_opens_like_a_byline_is_kept(config: Config) -> None:
    """A byline has nothing after its names; "By Tuesday, China said…" is the text's."""
    from digest.importer import _is_byline

    assert _is_byline("By Kim Soo-yeon") and _is_byline("By Joseph Yeh and Stacy Hsu")
    assert not _is_byline("By Tuesday, China said it would respond.")
    assert not _is_byline("By contrast, the ministry said nothing.")


def test_note_marks_leave_the_sentence_whole(config: Config) -> None:
    """A think tank's note marks (<sup><a href="#fn1">1</a></sup>) linked to notes the draft does not keep."""
    _, body, _ = imported("thinktank.html", config)
    assert "both had reasons to want it to go well.\n" in body + "\n"
    assert "](" not in body
    assert "## What changed" in body.split("\n") and "## What did not" in body.split("\n")


def test_metadata_of_the_new_layouts(config: Config) -> None:
    meta, _, _ = imported("focustaiwan.html", config)
    assert meta["title"] == "U.S. approves US$300 million arms sale to Taiwan"
    assert meta["date"].isoformat() == "2024-06-18T22:42:00-04:00"  # 10:42 in Taipei, as its JSON-LD says
    assert meta["source"]["url"] == "https://focustaiwan.tw/politics/202406190004"
    meta, _, _ = imported("yonhap.html", config)
    assert meta["title"] == "S. Korea, U.S., China diplomats discuss N. Korea in Beijing"  # not "(LEAD) S. Korea…"
    assert meta["date"].isoformat() == "2024-06-21T04:48:00-04:00"  # 17:48 in Seoul
    meta, _, _ = imported("amp.html", config)
    assert meta["source"]["name"] == "Asia Pacific Wire" and meta["source"]["author"] == "Liu Fang"


def test_a_date_printed_in_a_capitalised_date_box_is_the_pages_and_a_teasers_never(config: Config) -> None:
    """A consulate's page prints its date only in <div id="News_Body_Time">, which htmldate's cues miss; the dates
    it did find were the "Related News" teasers' (2024/07/10), given as the speech's. Without its own date, the
    page has none: a teaser's date is another story's."""
    meta, _, _ = imported("consulate-br.html", config)
    assert meta["date"].isoformat() == "2024-07-15"
    raw = (PAGES / "consulate-br.html").read_text(encoding="utf-8")
    undated = raw.replace('<div id="News_Body_Time" class="time">2024/07/15</div>', "")
    assert undated != raw
    result = convert(undated.encode("utf-8"), "consulate-br.html", config)
    front = yaml.safe_load(result.text[4:].split("\n---\n", 1)[0])
    assert "date" not in front and "date (not found)" in front["review"]


def test_a_byline_far_from_the_text_is_not_taken_for_its_author(config: Config) -> None:
    """A "By …" line under a related story, paragraphs below the text's start, credits that story, not this one: a
    page whose metadata names no author gets none, for the editor to fill in."""
    prose = "".join(
        f"<p>Paragraph {n}: the envoys met again in Beijing on Friday to discuss the talks, officials said.</p>"
        for n in range(1, 7)
    )
    related = "<h2>Related stories</h2><p>Seoul and Beijing agree on a hotline</p><p>By Jane Doe</p>"
    raw = f"<html><body><article><h1>Envoys meet</h1>{PROSE}{prose}{related}</article></body></html>"
    front, _ = convert(raw.encode(), "wire.html", config).text[4:].split("\n---\n", 1)
    assert "Jane Doe" not in str(yaml.safe_load(front).get("source", {}).get("author"))


def test_a_callout_set_in_divs_is_the_articles_text(config: Config) -> None:
    """Ghost sets a callout card's sentence in <div class="kg-callout-text">, not a <p>: trafilatura drops a div's
    loose text between paragraphs, and the sentence was lost without a word to the editor."""
    _, body, _ = imported("ghost.html", config)
    fact = "China bought about 40 percent of the lithography equipment ASML sold in the first quarter of 2024"
    assert fact in body.split("\n\n")[5]
    assert "## What the allies want" in body.split("\n\n")  # the subheading above it kept as one


# page: the draft's source name, author and date (isoformat), or None where the page gives none to read
SOURCES = [
    ("xinhua.html", "Xinhua", None, "2024-04-26"),  # "…secretary of state-Xinhua" in its <title>
    ("bbc.html", "BBC News", "Laura Bicker", "2024-04-26T05:40:11-04:00"),  # "Laura Bicker China correspondent"
    ("cnn.html", "CNN", "Simone McCarthy, Kylie Atwood", "2024-04-26T02:13:41-04:00"),
    ("aljazeera.html", "Al Jazeera", None, "2024-05-01T14:22:06-04:00"),  # the JSON-LD's 18:22:06Z
    ("taipeitimes.html", "Taipei Times", "Lin Chia-nan, Chen Yu-fu", "2024-05-31"),
    ("kyodo.html", "Kyodo News+", None, "2024-04-12"),  # "KYODO NEWS - Apr 12, 2024 - 09:41 | World, All"
    ("ghost.html", "Strait Talk", "Hannah Okafor", "2024-04-27T10:02:11-04:00"),
    ("medium.html", "Medium", "Daniel Ko", "2024-04-10T11:32:10-04:00"),
    ("peoplesdaily.html", "People's Daily Online", "Zhong Sheng", "2024-04-29"),  # "By Zhong Sheng (People's Daily)"
    ("rfa.html", "Radio Free Asia", "Alex Willemyns", "2024-04-08T15:14:00-04:00"),
    ("voa.html", "Voice of America", None, "2024-05-14T17:05:10-04:00"),  # its byline is "Reuters", an agency
    ("japantimes.html", "The Japan Times", "Gabriel Dominguez", "2024-04-11T00:18:35-04:00"),
    ("politico.html", "POLITICO", "Phelim Kine, Rebecca Kern", "2024-03-13T11:12:00-04:00"),
    ("mac-taiwan.html", "Mainland Affairs Council", None, "2024-05-23"),  # the council, not a person
    ("washingtonpost.html", "The Washington Post", "Ellen Nakashima, Joseph Menn", "2024-12-04T13:41:09-05:00"),
    ("treasury.html", "U.S. Department of the Treasury", None, "2024-04-05T08:00:00-04:00"),
    # 01:12 in Tokyo in its <meta>, 16:12 UTC the day before in its JSON-LD: one moment ("CK TAN" is not checked here)
    ("nikkei.html", "Nikkei Asia", ..., "2024-11-16T11:12:00-05:00"),
]


@pytest.mark.parametrize(("name", "outlet", "author", "day"), SOURCES, ids=[c[0] for c in SOURCES])
def test_the_outlet_author_and_date_of_the_sites_pages(
    name: str, outlet: str, author: object, day: str | None, config: Config
) -> None:
    """Xinhua glues its name to the headline in its <title> with a bare hyphen; the Taipei Times prints "By Lin
    Chia-nan and Chen Yu-fu / Staff reporters"; the BBC's metadata runs its writer's name into her role ("Laura
    Bicker China correspondent"), a name then put to the editor; Al Jazeera's <meta> gives its time without a zone,
    its JSON-LD with one; Kyodo's address holds the year and the month, then an identifier starting "4a…", read as
    the 4th, and it prints its date only on the line under the headline."""
    meta, _, _ = imported(name, config)
    assert meta["source"]["name"] == outlet
    assert author is ... or meta["source"].get("author") == author
    assert (meta["date"].isoformat() if "date" in meta else None) == day
    assert meta["title"] and " | " not in meta["title"] and not meta["title"].endswith(("-Xinhua", "- Taipei Times"))


def test_a_name_cut_from_a_writers_role_is_put_to_the_editor(config: Config) -> None:
    """The name before a role is a guess (a three-word name would lose its last word): the editor checks it."""
    meta, _, report = imported("bbc.html", config)
    assert any(str(item).startswith("author (read from the byline") for item in meta["review"])
    assert (
        "needs review: author — Laura Bicker, the name before the writer's role in \"Laura Bicker China"
        in "\n".join(report)
    )


def test_a_plea_to_subscribe_between_paragraphs_is_not_put_to_the_editor(config: Config) -> None:
    """The Japan Times sets "…quality journalism is more crucial than ever. By subscribing, you can help us get the
    story right." between two paragraphs: it asks the reader for money, which no sentence of an article does, and it
    went into the draft as a paragraph of the text."""
    meta, body, report = imported("japantimes.html", config)
    assert "By subscribing" not in body
    assert "dropped block 4 (subscription prompt): In a time of both misinformation" in "\n".join(report)
    assert not any(str(item).startswith("text") for item in meta["review"])


@pytest.mark.parametrize(
    ("closing", "dropped"),
    [
        ("This story has been updated with additional information.", True),
        ("This article was updated to correct the spelling of Wang Yi's name.", False),  # a correction, for readers
        ("The Associated Press contributed to this report.", True),
        ("Some information for this report came from Reuters.", True),
        ("Officials said the talks contributed to a calmer mood in Beijing.", False),
        ("Tang reported from Beijing.", True),  # AP's sign-off: the writers and where they were
        ("Madhani and Tang reported from Beijing and Washington.", True),
        ("Xinhua reported from Beijing that the talks would resume in May.", False),
    ],
)
def test_a_closing_note_about_the_story_is_dropped_and_a_correction_kept(
    closing: str, dropped: bool, config: Config
) -> None:
    prose = "".join(
        f"<p>Paragraph {n}: the envoys met again in Beijing on Friday to discuss the talks, officials said.</p>"
        for n in range(1, 4)
    )
    raw = f"<html><body><article><h1>Envoys meet</h1>{prose}<p><em>{closing}</em></p></article></body></html>"
    body = convert(raw.encode(), "note.html", config).text.split("\n---\n", 1)[1]
    assert (closing not in body) == dropped


@pytest.mark.parametrize(
    ("address", "day"),
    [
        ("https://english.kyodonews.net/news/2024/04/4a9c1b2f3e5d-joint-patrols.html", None),  # April, then an id
        ("https://example.com/2024/04/26/joint-patrols", "2024-04-26"),
        ("https://example.com/news/2024-04-26T10-00-00/joint-patrols", "2024-04-26"),  # a time stamp follows
    ],
)
def test_a_date_in_the_address_is_the_pages_only_when_it_spells_a_day(address: str, day: str | None) -> None:
    from htmldate.utils import Extractor
    from htmldate.validators import get_max_date, get_min_date

    from digest.page_metadata import _address_date

    options = Extractor(False, get_max_date(None), get_min_date(None), True, "%Y-%m-%d")
    assert _address_date(address, options) == day


@pytest.mark.parametrize(
    ("above", "kept"),
    [
        ("<p>Press Releases</p>", False),  # a section's name: a label
        ("<p>China said on Friday it would respond.</p>", True),  # a sentence: the text's
        ("<p>Secretary Blinken travels to Beijing this week for talks</p>", True),  # too long for a label
    ],
)
def test_a_label_above_a_repeated_headline_goes_with_it(above: str, kept: bool, config: Config) -> None:
    """Treasury sets "Press Releases" above the headline it repeats inside the article: both were the draft's first
    two headings. Only labels go: a sentence above the repeated headline, or a line too long for a label, stays."""
    prose = "".join(
        f"<p>Paragraph {n}: the envoys met again in Beijing on Friday to discuss the talks, officials said.</p>"
        for n in range(1, 4)
    )
    raw = f"<html><body><article><h1>Envoys meet</h1>{above}<h2>Envoys meet</h2>{prose}</article></body></html>"
    body = convert(raw.encode(), "label.html", config).text.split("\n---\n", 1)[1]
    first = above.split("</p>")[0].removeprefix("<p>")
    assert (first in body) == kept


def test_a_date_line_under_the_headline_is_the_pages_and_an_address_with_no_day_gives_none(config: Config) -> None:
    """Kyodo prints its date only in "KYODO NEWS - Apr 12, 2024 - 09:41 | World, All" under the headline, where
    htmldate's cues do not look, and its address "/news/2024/04/4a9c1b2f3e5d-…" names a month: the draft was dated
    2024-04-04, the "4a…" of the identifier read as the day. Without that line, the page has no date."""
    meta, _, report = imported("kyodo.html", config)
    assert meta["date"].isoformat() == "2024-04-12"
    assert "date 2024-04-12 (the page's publication date, from the line under the headline)" in report
    raw = (PAGES / "kyodo.html").read_text(encoding="utf-8")
    undated = raw.replace("KYODO NEWS - Apr 12, 2024 - 09:41 | ", "KYODO NEWS | ")
    assert undated != raw
    front = yaml.safe_load(convert(undated.encode(), "kyodo.html", config).text[4:].split("\n---\n", 1)[0])
    assert "date" not in front and "date (not found)" in front["review"]


def test_a_paragraph_set_in_a_div_counts_as_the_pages_prose() -> None:
    """What the draft is checked against (the page's prose, for "text" in `review:`) holds the paragraphs a page
    sets in <div>s among its <p>s, as the draft does: a page that lost one would have said nothing."""
    from digest.webpage import load_html, page_prose

    prose = page_prose(load_html((PAGES / "ghost.html").read_bytes(), "ghost.html"))
    assert any(text.startswith("China bought about 40 percent of the lithography equipment") for text in prose)


@pytest.mark.parametrize(
    ("box", "kept"),
    [
        ('<div class="content"><img src="a.jpg"><p>{text}</p></div>', True),  # a short statement under a picture
        ('<div class="content"><img src="a.jpg"><p>{text}</p><p>Photo: Reuters</p></div>', False),  # and a credit
        ('<div class="photo-box"><img src="a.jpg"><p>{text}</p></div>', False),  # a box that says it is a picture's
    ],
)
def test_a_caption_box_goes_and_a_short_statement_under_a_picture_stays(box: str, kept: bool, config: Config) -> None:
    """The Taipei Times sets a caption and its credit beside the picture, in <p>s of a box: the caption was the
    draft's first paragraph. A ministry's one-paragraph notice under a picture is its whole text, and stays."""
    text = "The ministry said on Friday that the two sides would hold talks in Beijing next week on trade issues."
    raw = f"<html><body><article><h1>Talks next week</h1>{box.format(text=text)}</article></body></html>"
    if kept:
        assert text in convert(raw.encode(), "box.html", config).text
    else:
        prose = "".join(
            f"<p>{n}: the envoys met in Beijing on Friday to discuss trade, officials said.</p>" for n in "123"
        )
        raw = raw.replace("</article>", prose + "</article>")
        assert text not in convert(raw.encode(), "box.html", config).text
