"""Direct quotations in an article's paragraphs, and who said them.

Pure and deterministic: paragraphs of plain text and the config's people in, quotes out.
Cheap where it can be, with the same result: the sentences around the quotations
are the ones worked through, and the others only when "he", "she" or a quotation
standing alone needs to know who spoke last (see _Reader).

What is a quotation. Text between double quotation marks — curly “…”, straight
"…", «…» or „…“ — within one paragraph, or running on into the next ones when a
paragraph ends inside a quotation and the next opens with a mark (news
convention for a quotation of several paragraphs: one quote). Single quotation
marks are kept as they are inside a quotation (nested quotes) and never start
one, since ’ is also the apostrophe. Which way a mark faces is read from its
neighbours first (a mark after a space and before a letter opens, whatever its
glyph: seed 002 opens with ” after a dash), then from its glyph. A quotation
left open at the end of a paragraph ends there: it never swallows the article.
A quoted span counts as a quotation when someone is reported saying it (a
speech verb with its subject: "warned Blinken that US pressure could trigger a
“downward spiral”" is Wang Yi's), when it continues the quotation before it,
or when it has five words or more. Shorter unattributed spans are scare quotes
or names ("the so-called “dual circulation” strategy") and are left out.

One quote per quotation: “X,” he said. “Y.” gives two quotes by the same
speaker, each as written. A sentence cut in two by its attribution — “We are
ready,” he said, “to work with you.” — is one quote, "We are ready to work with
you.", since neither half stands alone. The continuation paragraphs of a
quotation are joined with a space.

The text. Verbatim inside the marks, with runs of white space made one space
and a comma at the end removed: it belongs to the attribution that follows, so
“The two countries should be partners, not rivals,” Xi said. gives "The two
countries should be partners, not rivals." — a full sentence (it starts with a
capital) that lost its final comma gets a full stop. A fragment (it starts in
lower case) also loses a final full stop, which American style puts inside the
marks though it ends the reporter's sentence: “partners, not rivals,” and
“not about looking for specific results.” give "partners, not rivals" and "not
about looking for specific results". An ellipsis, a question mark and an
exclamation mark are kept.

Who said it, in this order:
1. An attribution right after the closing mark, in the same sentence:
   “…,” Xi said / “…,” said Wang Yi / “…,” the Chinese leader added /
   “…,” he said / “…,” according to Xi.
2. Else the subject of the last speech verb before the opening mark in the
   same sentence: Mr Biden said: “…” / Xi told the NCUSCR that China-US ties
   "…" / Qin Gang, China's ambassador, said … a “very difficult … time” /
   according to Xi, “…”. Participles (saying, urging) are skipped: their
   subject is the main verb's.
3. Else, for a quotation that is a sentence of its own (“…” alone, or a new
   paragraph opening with one), the speaker of the quotation just before it, in
   the same paragraph or the previous one.
A subject resolves to a person when it is one of their names or aliases in
config.yaml (with titles: "Chinese President Xi Jinping", "Mr Qin", "Foreign
Minister Wang"); a name followed by another capitalised word is someone else's
("Wang Wenbin" is not "Wang"), and so is one preceded by a first name. "He" and
"she" are the speaker of the last attribution, unless another person of
config.yaml was named in between (in a sentence with no attribution), then
nobody; a sentence that begins with a person's name ("Mao Ning, a spokeswoman,
rejected …") makes them the one "she" is. "The Chinese leader", "the US
president", "the ambassador" resolve to
the only person of the article whose title there fits: the article's own
"Chinese President Xi Jinping" or "Qin Gang, China's ambassador" teach it, and
a leader is a president, premier or chairman; two fits, or none, is nobody.
4. A transcript's turn: a paragraph that opens with a person's name or alias (titles allowed: "Foreign Ministry
   Spokesperson Mao Ning:", "SECRETARY BLINKEN:", or a title and a surname, "MR MILLER:") and a colon is their
   quotation, whole; a question ("Reuters: …?", "QUESTION: …") names nobody of config.yaml and is no one's. In a
   transcript, the unlabelled paragraphs after a person's turn continue their answer, and are theirs too, up to
   the next label, a heading, or a paragraph that may be a question from the floor (not the speaker's own
   question, ending a paragraph that states something first, when the answer goes on below it).
Anyone else — "a spokesperson", "officials", "Bloomberg", a name not in
config.yaml — is an unknown speaker: `speaker` None, never a guess, and later
"he added" refers to them, so it is None as well.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Literal, NamedTuple

from .model import Person, Quote


def extract_quotes(
    paragraphs: Sequence[str], people: Mapping[str, Person], sections: Collection[int] = ()
) -> list[Quote]:
    """Every quotation in the paragraphs, in order, with its speaker's slug or None. `sections` are the paragraphs
    with a heading just above them: a transcript's answer never runs on past one."""
    key = tuple((slug, person.name, tuple(person.aliases)) for slug, person in people.items())
    roster = _roster(key)
    article = [_Paragraph(i, text, roster) for i, text in enumerate(paragraphs)]
    units = _units(article)
    state = _Reader(article)
    quotes: list[Quote] = []
    starts: dict[int, dict[int, list[_Unit]]] = {}  # paragraph -> sentence -> the quotations that start there
    for unit in units:
        first = unit.parts[0]
        starts.setdefault(first.paragraph, {}).setdefault(first.sentence, []).append(unit)
    for para in article:
        unread = 0  # the paragraph's first sentence not yet read (or queued to be)
        for sentence, here in starts.get(para.index, {}).items():
            state.read_later(para, unread, sentence)
            attributed = False
            for unit in here:
                speaker = state.speaker_of(unit, article)
                text = _normalise(unit.text)
                if unit.attributed or len(text.split()) >= 5:
                    quotes.append(Quote(text, speaker, unit.parts[0].paragraph))
                    state.last_quote_paragraph = unit.parts[-1].paragraph
                attributed = attributed or unit.attributed
            unread = sentence + 1 if attributed else sentence  # a sentence quoting its speaker is not read for one
        state.read_later(para, unread, None)
    turns = _transcript_turns(paragraphs, _speakers(key), sections)
    return sorted([*turns, *quotes], key=lambda quote: quote.paragraph) if turns else quotes


def apply_overrides(quotes: Sequence[Quote], overrides: Sequence[Mapping[str, str | None]]) -> list[Quote]:
    """Quotes after an article's front matter `quotes:` entries ({text, speaker}) have had their say.

    An entry whose text matches extracted quotes (compared by `quote_key`: equal, or the
    shorter is at least 20 characters long and begins the longer) gives all of them its
    speaker; an entry that matches none is added at the end, with paragraph -1.
    """
    result = list(quotes)
    keys = _Keys([quote_key(quote.text) for quote in result])
    for entry in overrides:
        text, speaker = str(entry["text"]), entry.get("speaker")
        matches = keys.matching(quote_key(text))
        for i in matches:
            result[i] = result[i]._replace(speaker=speaker)
        if not matches:
            keys.add(quote_key(_normalise(text)), len(result))
            result.append(Quote(_normalise(text), speaker, -1))
    return result


def quote_key(text: str) -> str:
    """A quotation's text for comparison: case, quotation marks, punctuation at the ends and spacing ignored."""
    text = re.sub(r"[\"“”„«»‘’']", "", text.casefold())
    start, end = 0, len(text)  # what re.sub(r"^\W+|\W+$", "", text) leaves, without its quadratic \W+$
    while start < end and not (text[start].isalnum() or text[start] == "_"):
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] == "_"):
        end -= 1
    return " ".join(text[start:end].split())


SAME_QUOTE_PREFIX = 20  # characters: a key this long or longer stands for any longer key that begins with it


class _Keys:
    """Quotation keys, to find the ones that match a key (equal, or one of 20 characters or more begins the other)
    without comparing it with each: an article of thousands of quotations and corrections stays fast."""

    def __init__(self, keys: list[str]) -> None:
        self.at: dict[str, list[int]] = {}
        for i, key in enumerate(keys):
            self.at.setdefault(key, []).append(i)
        self.ordered = sorted(self.at)

    def add(self, key: str, i: int) -> None:
        if key not in self.at:
            insort(self.ordered, key)
        self.at.setdefault(key, []).append(i)

    def matching(self, key: str) -> list[int]:
        """Where the keys that match key are, in order."""
        found = list(self.at.get(key, ()))
        ordered = self.ordered
        if len(key) >= SAME_QUOTE_PREFIX:  # longer keys that key begins: they follow it in order
            k = bisect_right(ordered, key)
            while k < len(ordered) and ordered[k].startswith(key):
                found += self.at[ordered[k]]
                k += 1
        rest = key[:-1]  # shorter keys that begin key begin rest
        while len(rest) >= SAME_QUOTE_PREFIX and (k := bisect_right(ordered, rest) - 1) >= 0:
            other = ordered[k]  # the last key up to rest: any key that begins rest also begins other
            if rest.startswith(other):
                found += self.at[other] if len(other) >= SAME_QUOTE_PREFIX else ()
                rest = other[:-1]
            else:
                rest = rest[: _common_length(rest, other)]
        return sorted(found)


def _common_length(a: str, b: str) -> int:
    """How many characters a and b have in common at their start."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


_LETTER = re.compile(r"[^\W_]")


def _normalise(text: str) -> str:
    text = " ".join(text.split())
    had_comma = text.endswith(",")
    text = text.rstrip(",").rstrip()
    starts = _LETTER.search(text)
    if starts and starts.group().islower():  # a fragment: the final full stop is the reporter's
        if text.endswith(".") and not text.endswith(".."):
            text = text[:-1].rstrip()
    elif had_comma and text and not text.rstrip("'’\"”)]").endswith((".", "!", "?", "…")):  # [.!?…]['’"”)\]]*$
        text += "."
    return text


def _words(text: str) -> frozenset[str]:
    """A word list written as one string."""
    return frozenset(text.split())


def _alternation(phrases: Sequence[str]) -> str:
    """A regular expression for any of the phrases, factored by their common beginnings ("s(?:aid|ays)"): the
    regex engine tries alternatives one by one, so a tree of them rejects a position sooner. Longer phrases are
    tried first."""
    tree: dict = {}
    for phrase in phrases:
        node = tree
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in node.items() if ch]
        if "" in node:
            branches.append("")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return pattern(tree)


# --- quotation marks ------------------------------------------------------------------------------------------

_OPENING = "“«„"
_CLOSING = "”»"
_MARKS = _OPENING + _CLOSING + '"'


def _faces(text: str, i: int) -> Literal["open", "close"] | None:
    """Which way the mark at i faces by its neighbours: None when they do not tell."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    opens = (before.isspace() or before in "([{—–-/") and not after.isspace()
    closes = not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-" or after in _MARKS)
    if opens != closes:
        return "open" if opens else "close"
    return None


def _marks(text: str) -> list[int]:
    """Where the double quotation marks are, in order. (str.find, one mark at a time, is about twice as fast as a
    regular expression for the six of them, and most paragraphs have none.)"""
    found = []
    for mark in _MARKS:
        i = text.find(mark)
        while i >= 0:
            found.append(i)
            i = text.find(mark, i + 1)
    return sorted(found)


def _spans(text: str) -> list[tuple[int, int | None]]:
    """(opening mark, closing mark or None when the paragraph ends inside) of each quotation in a paragraph."""
    spans: list[tuple[int, int | None]] = []
    opened: int | None = None
    for i in _marks(text):
        ch = text[i]
        faces = _faces(text, i) or ("open" if ch in _OPENING else "close" if ch in _CLOSING else None)
        if opened is None:
            if faces == "open" or (faces is None and ch == '"'):
                opened = i
        elif faces == "close" or (faces is None and ch == '"'):
            spans.append((opened, i))
            opened = None
        else:  # an opening mark inside a quotation: the closing one was missing
            spans.append((opened, i))
            opened = i
    if opened is not None:
        spans.append((opened, None))
    return spans


# --- people and their names -----------------------------------------------------------------------------------

_TITLES = _words(
    "Mr Mrs Ms Dr Madam President Vice Premier Prime Minister Foreign Secretary State Ambassador Chinese US "
    "U.S. American Taiwanese Russian Deputy Defence Defense Spokesperson Spokeswoman Spokesman General Gen. "
    "Governor Senator Sen. Representative Rep. Chairman Special Envoy Commerce Treasury Trade National Security "
    "Adviser Advisor Former Counsellor Counselor Climate Leader Chief Director Admiral Commander Communist "
    "Party Top Senior Assistant Under Press"
)
_POSSESSIVE = re.compile(r"[’']s\b")
_NEXT_WORD = re.compile(r"\s+([A-Z][\w’'-]*)")
_CALENDAR = _words(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August "
    "September October November December"
)


class _Mention(NamedTuple):
    start: int
    end: int
    slug: str
    possessive: bool


@lru_cache(maxsize=8)
def _roster(people: tuple[tuple[str, str, tuple[str, ...]], ...]) -> _Roster:
    """One roster per set of (slug, name, aliases): a build passes the same people for every article."""
    return _Roster(people)


class _Roster:
    """The config's people, as one regular expression over their names and aliases (an alias of two: dropped)."""

    def __init__(self, people: Sequence[tuple[str, str, tuple[str, ...]]]) -> None:
        owners: dict[str, set[str]] = {}
        for slug, full_name, aliases in people:
            for name in (full_name, *aliases):
                if name.strip():
                    owners.setdefault(name.strip(), set()).add(slug)
        self.slug_of = {name: next(iter(slugs)) for name, slugs in owners.items() if len(slugs) == 1}
        self.names = tuple(self.slug_of)
        # Longest name first. Without the look-behind (?<![\w’'-]) that `mentions` checks itself, the pattern starts
        # with a known set of characters (the names' first letters) that the regex engine skips to.
        alternatives = _alternation(sorted(self.slug_of)) if self.slug_of else r"(?!x)x"
        self.pattern = re.compile(rf"{alternatives}(?![\w-])")
        self.longest = max(map(len, self.names), default=0)

    def mentions(self, text: str, pos: int, stop: int) -> tuple[list[_Mention], int]:
        """Names of people in text that start from pos up to stop, in order, without those that are part of someone
        else's name; and where a scan for the next ones goes on from."""
        endpos = min(stop + self.longest, len(text))  # room to tell a name that starts before stop from a longer one
        found = []
        while (m := self.pattern.search(text, pos, endpos)) and m.start() < stop:
            if _in_word(text, m.start()):
                pos = m.start() + 1  # what the look-behind would have skipped
                continue
            if self._part_of_another_name(text, m.start(), m.end()):
                pos = m.start() + 1  # "Mr Xi Jinping": not "Mr Xi", but maybe "Xi Jinping"
                continue
            possessive = bool(_POSSESSIVE.match(text, m.end()))
            found.append(_Mention(m.start(), m.end(), self.slug_of[m.group()], possessive))
            pos = m.end()
        return found, max(pos, stop)  # no name starts in [pos, stop): the next scan need not read it again

    @staticmethod
    def _part_of_another_name(text: str, start: int, end: int) -> bool:
        """ "Wang Wenbin" is not Wang (Yi), "Hunter Biden" is not Biden; "Foreign Minister Wang" is Wang."""
        following = _NEXT_WORD.match(text, end)
        if following and following.group(1) not in _CALENDAR:
            return True
        at, previous = _capitalised_before(text, start)
        return bool(
            previous
            and not set(previous.split("-")) <= _TITLES  # "Vice-Premier He Lifeng"
            and not previous.endswith(("’s", "'s"))  # "China's Xi"
            and not _starts_sentence(text, at)
        )


def _in_word(text: str, i: int) -> bool:
    r"""Whether the character before i is one of [\w’'-]."""
    return i > 0 and (text[i - 1].isalnum() or text[i - 1] in "_’'-")


def _abbreviation(text: str, full_stop: re.Match[str]) -> bool:
    """Whether the word before a full stop is an abbreviation ("Mr.", "U.S.") or an initial ("J.")."""
    word = _word_before(text, full_stop.start())
    return word in _ABBREVIATIONS or (len(word) == 1 and "A" <= word <= "Z")


def _word_before(text: str, end: int) -> str:
    r"""What `([\w.]+)$` finds in text[:end] ("" for nothing), without scanning all of it."""
    stop = end - 1 if end and text[end - 1] == "\n" else end  # `$` also matches before a final newline
    start = stop
    while start and (text[start - 1].isalnum() or text[start - 1] in "_."):  # \w is isalnum() or "_"
        start -= 1
    return text[start:stop]


def _capitalised_before(text: str, end: int) -> tuple[int, str]:
    r"""Where and what `(?<![\w’'.-])([A-Z][\w’'.-]*)\s+$` finds in text[:end] ((end, "") for nothing), read
    backwards: the word before the white space that ends text[:end], if it starts with a capital."""
    stop = end
    while stop and text[stop - 1].isspace():
        stop -= 1
    start = stop
    while start and (text[start - 1].isalnum() or text[start - 1] in "_’'.-"):
        start -= 1
    if stop == end or start == stop or not "A" <= text[start] <= "Z":
        return end, ""
    return start, text[start:stop]


def _starts_sentence(text: str, i: int) -> bool:
    """Nothing before i but white space, or a mark that ends a sentence or opens a clause (read backwards: a copy
    of text[:i] for every name would make a paragraph full of names quadratic)."""
    while i and text[i - 1].isspace():
        i -= 1
    return not i or text[i - 1] in '.!?:;“"(—–\x01-'


# --- transcripts: "Mao Ning: …", "MR MILLER: …" -----------------------------------------------------------

_TURN = re.compile(r"\s*(?P<label>[^\W\d_][\w’'.\- ]{0,58}?)\s*[:：]\s+(?P<said>\S.*)", re.S)
_LABEL_TITLES = frozenset(word.casefold().rstrip(".") for word in _TITLES | _words("Ministry Spokesperson"))


@lru_cache(maxsize=8)
def _speakers(people: tuple[tuple[str, str, tuple[str, ...]], ...]) -> tuple[dict[str, str], dict[str, str]]:
    """Who a transcript's speaker label names: (each name and alias, casefolded → slug; each surname → slug). A
    name or surname two people share names nobody."""
    names: dict[str, set[str]] = {}
    surnames: dict[str, set[str]] = {}
    for slug, full_name, aliases in people:
        for name in (full_name, *aliases):
            if name.strip():
                names.setdefault(" ".join(name.casefold().split()), set()).add(slug)
        if len(full_name.split()) > 1:
            surnames.setdefault(full_name.split()[-1].casefold(), set()).add(slug)
    return (
        {name: next(iter(slugs)) for name, slugs in names.items() if len(slugs) == 1},
        {name: next(iter(slugs)) for name, slugs in surnames.items() if len(slugs) == 1},
    )


def _labelled_speaker(label: str, speakers: tuple[dict[str, str], dict[str, str]]) -> str | None:
    """The person a speaker label names: "Mao Ning", "Spokesperson Mao Ning", "MR MILLER", "SECRETARY BLINKEN";
    None for anyone else ("QUESTION", "Reuters", "Q", a name not in config.yaml)."""
    names, surnames = speakers
    words = label.casefold().split()
    titled = 0
    while titled < len(words) - 1 and words[titled].rstrip(".") in _LABEL_TITLES:
        titled += 1
    rest = " ".join(words[titled:])
    return names.get(rest) or (surnames.get(rest) if titled else None)


def _transcript_turns(
    paragraphs: Sequence[str], speakers: tuple[dict[str, str], dict[str, str]], sections: Collection[int] = ()
) -> list[Quote]:
    """A transcript's paragraphs that open with a person's name and a colon ("Mao Ning: The US should …", "MR
    MILLER: So …"): their words, as that person's quotation. Conservative: only people of config.yaml, so a
    journalist's question ("Reuters: …?", "QUESTION: …") is never anyone's words.

    An answer often runs on over paragraphs with no label: in a transcript (two answers by known people, or one and
    a question from the floor), those are the same person's words too, up to the next label, a heading, or
    anything that may be a question or not the speaker's words (_ends_turn), but the speaker's own question
    (_own_question)."""
    labelled = [_turn(text, speakers) for text in paragraphs]
    answers = sum(1 for turn in labelled if turn and turn[0])
    asked = any(
        _from_the_floor(text) for text, turn in zip(paragraphs, labelled, strict=True) if not (turn and turn[0])
    )
    transcript = answers >= 2 or (answers == 1 and asked)  # an answer's own "?" is no question from the floor
    turns = []
    speaker: str | None = None  # whose answer the paragraph continues, when it does
    for index, text in enumerate(paragraphs):
        if index in sections:
            speaker = None
        if labelled[index]:
            speaker, said = labelled[index]
            if speaker and _LETTER.search(said):
                turns.append(Quote(_normalise(said), speaker, index))
            speaker = speaker if transcript else None
        elif speaker and (not _ends_turn(text) or _own_question(index, paragraphs, labelled, sections)):
            turns.append(Quote(_normalise(text), speaker, index))
        else:
            speaker = None
    return turns


def _turn(text: str, speakers: tuple[dict[str, str], dict[str, str]]) -> tuple[str | None, str] | None:
    """(the person a paragraph's speaker label names, or None for anyone else; what follows the label), or None
    for a paragraph with no label."""
    if ":" not in text[:61] and "：" not in text[:61]:
        return None
    turn = _TURN.match(text)
    return (_labelled_speaker(turn["label"], speakers), turn["said"]) if turn else None


# A question from the floor that _TURN does not read as a label: "Q  Thank you" (the White House's, with no colon),
# "Q.", "QUESTION (Bloomberg):", "Reporter:", a journalist's outlet in parentheses ("Nick Wadhams (Bloomberg): …",
# "(AFP) Will …").
_FLOOR = re.compile(
    r"\s*(?:(?:Q|QUESTION|Question|Reporter|Journalist)\b(?![’'])"
    r"|[^\W\d_][^:：.!?\n]{0,58}\([^()\n]{1,40}\)\s*[:：]"
    r"|\([A-Z][^()\n]{1,40}\)\s)"
)


def _from_the_floor(text: str) -> bool:
    """A journalist's question: a question label, an outlet in parentheses, or a label that asks something."""
    turn = _TURN.match(text) if ":" in text[:61] or "：" in text[:61] else None
    return bool(_FLOOR.match(text)) or bool(turn and turn["said"].rstrip(" \"”’'").endswith(("?", "？")))


_LABEL_LIKE = re.compile(r"[^.!?\n]{1,60}?[:：]\s")  # what may be a label _TURN does not read: "At 10:30: …"


def _ends_turn(text: str) -> bool:
    """Whether an unlabelled paragraph may not be the answer's: a question (the speaker's rhetorical one, or a
    journalist's follow-up: on its own, nobody can tell; _own_question tells some) or anything else that is not
    the speaker's (_not_the_speakers)."""
    return _not_the_speakers(text) or _asks(text)


def _not_the_speakers(text: str) -> bool:
    """A question from the floor, what may be a label, a stage direction in brackets ("(Laughter.)", "(The
    briefing ended at 2:15 p.m.)"), or no words at all."""
    stripped = text.strip()
    return (
        not _LETTER.search(stripped)
        or bool(_FLOOR.match(stripped) or _LABEL_LIKE.match(stripped))
        or stripped.startswith(("(", "["))
    )


def _asks(text: str) -> bool:
    return text.strip().rstrip(" \"”’'").endswith(("?", "？"))


# A question tagged on a statement: "…, isn't that right?", "…, don't they?", "…, is it not?", "…, right?".
_TAG_QUESTION = re.compile(
    r",\s*(?:(?:(?:is|are|was|were|do|does|did|has|have|had|ca|could|wo|would|should)n[’']t|is|are|was|were|does|do|did)"
    r"\s+(?:it|that|this|they|we|he|she|there)(?:\s+not)?(?:\s+(?:right|so|true|the\s+case))?|right)"
    r"\s*[?？][\"”’']*$",
    re.I,
)
_ADDRESSED = re.compile(r"\b(?:you|your|yours|yourself|thanks?)\b", re.I)  # a journalist's, to the speaker


QUESTIONS_IN_A_ROW = 3  # of the speaker's own, at most, before the answer must be seen to go on (bounds the look)


def _own_question(index: int, paragraphs: Sequence[str], labelled: Sequence[object], sections: Collection[int]) -> bool:
    """Whether a paragraph of an answer that ends with a question is the speaker's own, rhetorical one ("It claims
    to support free trade, yet it blocks our companies. That is a double standard, isn't that right?"): it reads as
    one (_rhetorical), and the answer visibly goes on: below it, after at most QUESTIONS_IN_A_ROW - 1 more such
    paragraphs, an unlabelled paragraph of the speaker's. A journalist's follow-up is answered under a label, or
    asks without stating: it stays nobody's."""
    if not _rhetorical(paragraphs[index]):
        return False
    for after in range(index + 1, min(index + 1 + QUESTIONS_IN_A_ROW, len(paragraphs))):
        if after in sections or labelled[after]:
            return False
        if not _ends_turn(paragraphs[after]):
            return True
        if not _rhetorical(paragraphs[after]):
            return False
    return False


def _rhetorical(text: str) -> bool:
    """A paragraph that asks as a speaker does, not as a journalist: it states something first (a sentence before
    its question, or the statement a tag question is on) and addresses nobody ("you", "thank you")."""
    stripped = text.strip()
    if not _asks(stripped) or _not_the_speakers(stripped) or _ADDRESSED.search(stripped):
        return False
    stated = any(
        stripped[m.start()] in ".!"
        and m.end() < len(stripped)
        and (m["short"] is None or not _abbreviation(stripped, m))
        for m in _SENTENCE_END.finditer(stripped)
    )
    return stated or _TAG_QUESTION.search(stripped) is not None


# --- paragraphs, sentences, quotations ------------------------------------------------------------------------

_ABBREVIATIONS = _words(
    "Mr Mrs Ms Dr St Jr Sr Gen Sen Rep Gov Lt Col Sgt Prof Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec No "
    "vs U.S U.K U.N E.U a.m p.m Inc Co Corp e.g i.e etc"
)
# [.!?…]+ written as [.!?…][.!?…]*: a pattern that starts with a character set lets the engine skip to it. The
# group `short` is empty when the word before is shorter than the longest abbreviation + 1: it may be one.
_LONG_WORD = r"\w" * (max(map(len, _ABBREVIATIONS)) + 1)
_SENTENCE_END = re.compile(rf"[.!?…](?:(?<={_LONG_WORD}.)|(?P<short>))[.!?…]*(?=\s+[\"“‘(\x01A-Z0-9]|\s*$)")
_MASK = "\x01"  # stands for every character of a quotation in `masked`
_NEXT_SENTENCE = re.compile(r"\s+[\"“‘(\x01A-Z0-9]|\s*$")
_WORD_CHARACTER = re.compile(r"\w")
_SPACE = re.compile(r"\s")
_PHRASE = re.compile(r"\s*([^,.;:!?\x01]*)")
# How far back from a speech verb its subject is looked for, and how far after "said" or "according to": far more
# than a name with two appositions, so that a sentence of a thousand quotations costs a thousand short reads.
_WINDOW = 500


def _window(text: str, start: int, end: int) -> int:
    """Where to read a phrase that ends at end from: start, or in a longer span, just after the first white space
    of its last _WINDOW characters (so that a word is never cut, and ^ there reads as after a space)."""
    if end - start <= _WINDOW:
        return start
    space = _SPACE.search(text, end - _WINDOW, end)
    return space.end() if space else end - _WINDOW


class _Verb(NamedTuple):
    start: int
    end: int
    according: bool  # "according to": its subject follows it


@dataclass
class _Part:
    """One quotation's marks in one paragraph."""

    paragraph: int
    open: int
    close: int | None  # None: the paragraph ends inside the quotation
    inner: str
    sentence: int = 0


class _Paragraph:
    """A paragraph's quotations, and (worked out when first asked for) its sentences and the people it names."""

    def __init__(self, index: int, text: str, roster: _Roster) -> None:
        self.index, self.text, self.roster = index, text, roster
        self.parts = [_Part(index, a, b, text[a + 1 : len(text) if b is None else b]) for a, b in _spans(text)]
        self.opens = [part.open for part in self.parts]
        self.masked = self._mask() if self.parts else text  # the reporter's words only, offsets unchanged
        self._named: list[_Mention] = []  # the names found so far: the text is scanned as far as someone asks
        self._named_starts: list[int] = []  # their starts, to find the ones in a span by bisection
        self._scanned = self._scan_from = 0
        self._verbs: dict[int, tuple[list[_Verb], list[int], list[int]]] = {}  # sentence -> verbs, starts, searched to
        self._said: dict[int, list[_Subject | None]] = {}  # sentence -> see last_subject
        self._first_word: dict[int, int] = {}  # sentence -> where its first word character is (its end if none)
        self.bounds = self._split() if self.parts else []  # a paragraph without quotations is split when read
        for part in self.parts:
            part.sentence = self.sentence_at(part.open)

    @property
    def mentions(self) -> list[_Mention]:
        """The people the paragraph names."""
        return self.mentions_before(len(self.text) + 1)

    def mentions_before(self, offset: int) -> list[_Mention]:
        """The people named before offset (the list may go on past it: it holds the names scanned so far)."""
        if offset > self._scanned:
            found, self._scan_from = self.roster.mentions(self.masked, self._scan_from, offset)
            self._named += found
            self._named_starts += (mention.start for mention in found)
            self._scanned = offset
        return self._named

    def mentions_in(self, start: int, end: int) -> list[_Mention]:
        """The people named from start up to end, in order."""
        named = self.mentions_before(end)
        starts = self._named_starts
        return named[bisect_left(starts, start) : bisect_left(starts, end)]

    def mention_ending_at(self, end: int) -> _Mention | None:
        """The name that ends at end, if any (names do not overlap: it is the last one starting before end)."""
        named = self.mentions_before(end)
        k = bisect_left(self._named_starts, end)
        return named[k - 1] if k and named[k - 1].end == end else None

    def sentence_count(self) -> int:
        self.bounds = self.bounds or self._split()
        return len(self.bounds) - 1

    def _split(self) -> list[int]:
        """Where the sentences start, and the text's end: sentence k is text[bounds[k] : bounds[k + 1]]."""
        masked = self.masked
        ends = {m.end() for m in _SENTENCE_END.finditer(masked) if m["short"] is None or not _abbreviation(masked, m)}
        ends.update(self._quotation_ends())
        ends.discard(len(self.text))  # (no end is 0: each is after a character)
        return [0, *sorted(ends), len(self.text)]

    def _mask(self) -> str:
        """The text with every character of its quotations, marks included, replaced by _MASK."""
        pieces, done = [], 0
        for part in self.parts:
            start = max(part.open, done)  # a quotation that opens on the mark that ended the one before
            stop = len(self.text) if part.close is None else part.close + 1
            pieces += (self.text[done:start], _MASK * (stop - start))
            done = stop
        return "".join(pieces) + self.text[done:]

    def verbs_in(self, sentence: int) -> list[_Verb]:
        """The speech verbs of a sentence."""
        self.verbs_before(sentence, self.bounds[sentence + 1])
        return self._verbs[sentence][0]

    def verbs_before(self, sentence: int, end: int) -> int:
        """How many of the sentence's speech verbs start before end (a quotation's opening mark, or the sentence's
        end). A sentence is searched as far as asked (most of the text never is), and each part once: a sentence of
        many quotations asks for each. No verb spans a quotation mark, so searching on from the last end finds what
        one search would."""
        if sentence not in self._verbs:
            self._verbs[sentence] = [], [], [self.bounds[sentence]]
        verbs, starts, searched = self._verbs[sentence]
        if end > searched[0]:
            for m in _VERB.finditer(self.masked, searched[0], end):
                verbs.append(_Verb(*m.span(), m.group().lower() == "according to"))
                starts.append(m.start())
            searched[0] = end
        return bisect_left(starts, end)

    def last_subject(self, sentence: int, count: int) -> _Subject | None:
        """The subject of the last of the sentence's first `count` speech verbs that has one: what reading them
        backwards finds, remembered for each count so that many quotations in one sentence cost no more."""
        said = self._said.setdefault(sentence, [])
        verbs, start, end = self._verbs[sentence][0], self.bounds[sentence], self.bounds[sentence + 1]  # count known
        while len(said) < count:
            verb = verbs[len(said)]
            if verb.according:  # its phrase stops at the quotation mark that follows: any end past it reads the same
                subject = _subject_after(self, verb.end, end)
            else:
                subject = _subject_before(self, start, verb.start)
            said.append(subject or (said[-1] if said else None))
        return said[count - 1] if count else None

    def has_words(self, start: int, end: int) -> bool:
        """Whether the reporter's words between start and end hold a word character; from a sentence's start, the
        sentence is searched once."""
        k = self.sentence_at(start)
        if self.bounds[k] != start:
            return _WORD_CHARACTER.search(self.masked, start, end) is not None
        if k not in self._first_word:
            found = _WORD_CHARACTER.search(self.masked, start, self.bounds[k + 1])
            self._first_word[k] = found.start() if found else self.bounds[k + 1]
        return self._first_word[k] < end

    def _quotation_ends(self) -> Iterator[int]:
        """“… a choice.” Then …: the quotation ends the sentence, but “Why now?” Lai asked: the attribution follows."""
        for part in self.parts:
            if part.close is None or not part.inner.rstrip().rstrip("'’)]").endswith((".", "!", "?", "…")):
                continue  # the quotation does not end with [.!?…]['’)\]]*\s*$
            following = part.close + 1
            if not _ATTRIBUTED.match(self.masked, following) and _NEXT_SENTENCE.match(self.masked, following):
                yield following

    def sentence_at(self, offset: int) -> int:
        """The sentence that holds offset (the last one for an offset past the end): sentences tile the text."""
        bounds = self.bounds
        return min(bisect_right(bounds, offset), len(bounds) - 1) - 1

    def before(self, part: _Part) -> tuple[int, int]:
        """The reporter's words before the quotation, from the start of its sentence."""
        return self.bounds[part.sentence], part.open

    def after(self, part: _Part) -> tuple[int, int]:
        """The words after the quotation, to the end of its sentence or the next quotation."""
        if part.close is None:
            return len(self.text), len(self.text)
        stop = self.bounds[self.sentence_at(part.close) + 1]
        following = bisect_right(self.opens, part.close)  # the first quotation opened after this one closes
        if following < len(self.opens):
            stop = min(stop, self.opens[following])
        return part.close + 1, stop

    def starts_with_quote(self) -> bool:
        return bool(self.parts) and not self.text[: self.parts[0].open].strip()


@dataclass
class _Unit:
    """One quotation: its parts (several when cut by an attribution or running over paragraphs)."""

    parts: list[_Part]
    attributed: bool = False

    @property
    def text(self) -> str:
        if len(self.parts) == 1:
            return self.parts[0].inner.strip()
        first, *rest = (part.inner.strip() for part in self.parts)
        return " ".join([first.rstrip(",").rstrip() if rest else first, *rest])


def _units(article: list[_Paragraph]) -> list[_Unit]:
    units: list[_Unit] = []
    running: _Unit | None = None  # a quotation left open at the end of the previous paragraph
    for para in article:
        for k, part in enumerate(para.parts):
            if k == 0 and running and para.starts_with_quote():
                running.parts.append(part)
            elif k and _cut_by_attribution(para, para.parts[k - 1], part):
                units[-1].parts.append(part)
            else:
                units.append(_Unit([part]))
        last = para.parts[-1] if para.parts else None
        running = units[-1] if last and last.close is None else None
    return units


def _cut_by_attribution(para: _Paragraph, first: _Part, second: _Part) -> bool:
    """“We are ready,” he said, “to work with you.”: one sentence, cut by its attribution."""
    if first.close is None or first.sentence != second.sentence or not first.inner.rstrip().endswith(","):
        return False
    between = para.masked[first.close + 1 : second.open]
    starts = _LETTER.search(second.inner)
    return bool(starts and starts.group().islower() and between.rstrip().endswith(","))


# --- who said it ----------------------------------------------------------------------------------------------

_VERB_PHRASES = (
    "said|says|say|added|adds|told|tells|asked|asks|warned|warns|stressed|stresses|noted|notes|insisted|insists|"
    "explained|explains|continued|continues|wrote|writes|declared|declares|argued|argues|replied|replies|"
    "recalled|recalls|urged|urges|reiterated|reiterates|emphasised|emphasized|emphasises|emphasizes|acknowledged|"
    "acknowledges|concluded|remarked|stated|observed|cautioned|complained|announced|responded|commented|claimed|"
    "claims|maintained|described|describes|called|calls|vowed|vows|pledged|promised|predicted|suggested|conceded|"
    "admitted|countered|tweeted|posted|underscored|affirmed|assured|proclaimed|quipped|joked|reported|reports|"
    "accused|accuses|criticised|criticized|denounced|condemned|dismissed|hailed|praised|welcomed|labelled|labeled|"
    "branded|dubbed|termed|went on|pointed out|according to|According to"
)
_VERBS = _alternation(_VERB_PHRASES.split("|"))
_VERB = re.compile(rf"(?<![\w-]){_VERBS}(?![\w-])")
_LEAD = re.compile(r"[\s,;:—–-]*")
_CLAUSE_MARK = re.compile(r"[,;\x01]")
_ATTRIBUTED = re.compile(rf"\s+(?:[\w’'.-]+\s+){{1,5}}?(?:{_VERBS})(?![\w-])")  # “Why now?” Lai asked
_PASSIVE_WORDS = ("was", "were", "is", "are", "be", "been", "being", "get", "got")
_PASSIVE = re.compile(rf"(?<![\w-])(?:{'|'.join(_PASSIVE_WORDS)})$")
_PRONOUNS = ("he", "she", "they", "we", "I", "He", "She", "They", "We")
_PRONOUN = re.compile(rf"(?:^|(?<=[\s,;:(—–-]))({'|'.join(_PRONOUNS)})$")
_AFTER_PRONOUN = re.compile(r"(he|she|they|we|He|She|They|We)(?![\w-])")
_DETERMINED = re.compile(
    r"(?:^|(?<=\s))(the|The|a|A|an|An|his|her|their|His|Her|Their)\s+([\w’'-]+(?:\s+[\w’'-]+){0,5})$"
)
_CAPITALISED = re.compile(r"(?<![\w’'.-])((?:[A-Z][\w’'.-]*\s+){0,4}[A-Z][\w’'.-]*)$")
_COMMON_PLURAL = re.compile(r"(?:^|(?<=\s))([a-z]+s)$")
_TAIL_WORDS = _words(
    "also again then later earlier further once still now previously recently separately has had have would will did "
    "does"
)
_TIMES = _CALENDAR | _words("week month year night morning afternoon evening weekend day")
_TAIL = re.compile(
    rf"(?:^|\s+)(?:{'|'.join(sorted(_TAIL_WORDS))}|[a-z]{{3,}}ly|"
    rf"(?:on|last|this|late|early|next)\s+(?:{'|'.join(sorted(_TIMES))}))$"
)
_TAIL_ENDINGS = (*_TAIL_WORDS, "ly", *_TIMES)  # how any text _TAIL matches ends
_OBJECT_MARKERS = _words("with to by for of about from and than told met meeting after before since like between")
_NOT_A_SUBJECT = _words(
    "and but or nor that which who whom whose as because while when where if so than since after before until "
    "especially even just from to in on at with by for of into over about against during without"
)


class _Subject(NamedTuple):
    kind: Literal["person", "pronoun", "role", "unknown"]
    value: str  # a slug, a pronoun, a role phrase, or the unknown words
    start: int  # where the subject begins in the paragraph


def _subject_before(para: _Paragraph, start: int, end: int) -> _Subject | None:
    """The noun phrase that ends just before `end` (a verb): a person, a pronoun, a role or someone unknown."""
    # Each pattern below is anchored at the end of s, so s.endswith(the ways a match can end) comes first: it is
    # much cheaper than a search that tries every position of s.
    if end - start > _WINDOW:
        start = _window(para.masked, start, end)
    s = para.masked[start:end].rstrip()
    if s.endswith(_PASSIVE_WORDS) and _PASSIVE.search(s):
        return None  # "Xi was told": the passive's subject is not the speaker
    for _ in range(4):  # "Xi Jinping on Friday", "Wang also", "Mr Xi strongly"
        if not s.endswith(_TAIL_ENDINGS):
            break
        shorter = _TAIL.sub("", s).rstrip()
        if shorter == s:
            break
        s = shorter
    for _ in range(2):  # "Qin Gang, China's ambassador to the US since July," said
        if not s.endswith(","):
            break
        comma = s.rfind(",", 0, len(s) - 1)
        s = s[:comma].rstrip() if comma >= 0 and _MASK not in s[comma:] else s[:-1].rstrip()
    stop = start + len(s)
    if para.masked.endswith(para.roster.names, 0, stop):  # a name ends here: is it one the paragraph mentions?
        mention = para.mention_ending_at(stop)
        if mention and not mention.possessive:
            return _Subject("person", mention.slug, mention.start)
    if s.endswith(_PRONOUNS) and (m := _PRONOUN.search(s)):
        return _Subject("pronoun", m.group(1).lower(), start + m.start(1))
    if not s or not (s[-1].isalnum() or s[-1] in "_’'.-"):  # the last three need a word at the end
        return None
    if m := _CAPITALISED.search(s):
        return _Subject("unknown", m.group(1), start + m.start(1))
    if m := _DETERMINED.search(s):
        kind = "role" if m.group(1).lower() == "the" else "unknown"
        return _Subject(kind, m.group(2).lower(), start + m.start(1))
    if s.endswith("s") and (m := _COMMON_PLURAL.search(s)) and m.group(1) not in _NOT_A_SUBJECT:
        return _Subject("unknown", m.group(1), start + m.start(1))
    return None


def _subject_after(para: _Paragraph, start: int, end: int) -> _Subject | None:
    """The noun phrase that starts at `start` (after "said" or "according to"), up to punctuation."""
    phrase = _PHRASE.match(para.masked, start, min(end, start + _WINDOW))
    if not phrase or not phrase.group(1).strip():
        return None
    at = phrase.start(1)
    words = phrase.group(1).rstrip()
    if m := _AFTER_PRONOUN.match(words):
        return _Subject("pronoun", m.group(1).lower(), at)
    for mention in para.mentions_in(at, at + len(words)):
        if not mention.possessive:
            return _Subject("person", mention.slug, mention.start)
    if m := re.match(r"(?:the|The)\s+(.+)", words):
        role = re.split(r"\s+(?:of|for|at|in|on|from|who|which)\s+", m.group(1))[0]
        return _Subject("role", role.lower(), at)
    return _Subject("unknown", words, at)


def _attribution_after(para: _Paragraph, part: _Part) -> _Subject | None:
    """“…,” Xi said / “…,” said Wang / “…,” the Chinese leader added / “…,” according to Xi."""
    start, end = para.after(part)
    begin = _LEAD.match(para.masked, start, end).end()
    verb = _VERB.search(para.masked, begin, end)
    if not verb:
        return None
    if verb.start() == begin:
        return _subject_after(para, verb.end(), end)
    if verb.group().lower() == "according to":
        return None
    subject = _subject_before(para, begin, verb.start())
    between = para.masked[begin : verb.start()]
    words = between.split()
    if not words or len(words) > 6 or _CLAUSE_MARK.search(between) or _NOT_A_SUBJECT & {w.lower() for w in words}:
        return subject if subject and subject.start == begin else None
    return subject or _Subject("unknown", " ".join(words), begin)  # “…,” China's foreign ministry said


def _attribution_before(para: _Paragraph, part: _Part) -> _Subject | None:
    """The subject of the last speech verb before the quotation in its sentence; unknown if it has none."""
    start, end = para.before(part)
    count = para.verbs_before(part.sentence, end)
    return para.last_subject(part.sentence, count) or (_Subject("unknown", "", start) if count else None)


# --- titles taught by the article ------------------------------------------------------------------------------

_ROLE_NOUNS = _words(
    "president premier leader chairman minister diplomat ambassador envoy spokesman spokeswoman spokesperson "
    "secretary adviser advisor governor official senator general chief director representative counsellor "
    "counselor"
)
_ROLE_FITS = {
    "leader": {"president", "premier", "leader", "chairman"},
    "diplomat": {"diplomat", "minister", "ambassador", "envoy"},
    "envoy": {"envoy", "ambassador"},
    "spokesman": {"spokesman", "spokeswoman", "spokesperson"},
    "spokeswoman": {"spokesman", "spokeswoman", "spokesperson"},
    "spokesperson": {"spokesman", "spokeswoman", "spokesperson"},
}
_NATIONS = {
    "chinese": "cn",
    "china’s": "cn",
    "china's": "cn",
    "beijing’s": "cn",
    "beijing's": "cn",
    "us": "us",
    "u.s.": "us",
    "american": "us",
    "america’s": "us",
    "america's": "us",
    "washington’s": "us",
    "washington's": "us",
    "taiwanese": "tw",
    "taiwan’s": "tw",
    "taiwan's": "tw",
    "russian": "ru",
    "russia’s": "ru",
    "russia's": "ru",
}


@dataclass
class _Roles:
    titles: dict[str, set[str]] = field(default_factory=dict)  # slug -> role nouns
    nation: dict[str, str] = field(default_factory=dict)  # slug -> the first nationality seen with them

    def resolve(self, phrase: str) -> str | None:
        """The one person of the article a role phrase ("chinese leader") fits, or None."""
        words = re.split(r"[\s—–-]+", phrase.lower())
        head = words[-1]
        if head not in _ROLE_NOUNS:
            return None
        fits = _ROLE_FITS.get(head, {head})
        nation = next((_NATIONS[w] for w in words if w in _NATIONS), None)
        candidates = [
            slug
            for slug, titles in self.titles.items()
            if titles & fits and (nation is None or self.nation.get(slug) == nation)
        ]
        return candidates[0] if len(candidates) == 1 else None


_APPOSITION = re.compile(r",\s*([^,.;:!?\x01]*)(?:[,.;:!?]|$)")


def _learn_roles(article: list[_Paragraph]) -> _Roles:
    """Titles the article gives its people: "Chinese President Xi Jinping", "Qin Gang, China's ambassador, …"."""
    roles = _Roles()
    for para in article:
        for k, mention in enumerate(para.mentions):
            floor = para.mentions[k - 1].end if k else 0
            before = re.split(r"[.;:!?,()\x01]", para.masked[floor : mention.start])[-1]
            words = re.split(r"[\s—–-]+", before.strip().lower())[-5:]
            # "Qin Gang, China's ambassador to the US since July, said": closed by a comma or the sentence's end,
            # and no verb in it ("…by Jake Sullivan, the ministry spokeswoman said…" is another subject)
            apposition = _APPOSITION.match(para.masked, mention.end)
            if apposition and not _VERB.search(apposition.group(1)):
                words += apposition.group(1).lower().split()[:8]
            nouns = {w for w in words if w in _ROLE_NOUNS}
            if nouns:
                roles.titles.setdefault(mention.slug, set()).update(nouns)
            nation = next((_NATIONS[w] for w in words if w in _NATIONS), None)
            if nation:
                roles.nation.setdefault(mention.slug, nation)
    return roles


class _Reader:
    """Reads the article in order, remembering who spoke last, to resolve "he", "the minister" and follow-ons.

    Lazily: sentences without a quotation are only queued (`read_later`), and read when something needs to know who
    spoke last ("he said", a quotation of its own). A quotation attributed to anyone else makes them the last speaker
    whatever the queued sentences said, so it drops them unread, as it does `last` and `fresh`. The titles the article
    teaches are learned when a role ("the Chinese leader") first needs resolving.
    """

    def __init__(self, article: list[_Paragraph]) -> None:
        self.article = article
        self.last: str | None = None  # the last speaker (None: someone unknown)
        self.fresh = False  # nobody else named since
        self.last_quote_paragraph = -2  # paragraph where the last quotation kept ends
        self.unread: list[tuple[_Paragraph, int, int | None]] = []  # (paragraph, first sentence, stop or None)

    @cached_property
    def roles(self) -> _Roles:
        return _learn_roles(self.article)

    def read_later(self, para: _Paragraph, first: int, stop: int | None) -> None:
        """Queue the paragraph's sentences from first up to stop (None: to its end)."""
        if stop is None or first < stop:
            self.unread.append((para, first, stop))

    def _catch_up(self) -> None:
        """Read the queued sentences, in order, so that `last` and `fresh` are what reading everything gives."""
        unread, self.unread = self.unread, []
        for para, first, stop in unread:
            for sentence in range(first, para.sentence_count() if stop is None else stop):
                self.read_sentence(para, sentence)

    def speaker_of(self, unit: _Unit, article: list[_Paragraph]) -> str | None:
        """The quotation's speaker (setting `unit.attributed`), remembered for "he added" and the like."""
        first = unit.parts[0]
        subject = None
        for part in unit.parts:
            subject = subject or _attribution_after(article[part.paragraph], part)
        subject = subject or _attribution_before(article[first.paragraph], first)
        if subject:
            if subject.kind == "pronoun":
                self._catch_up()
            else:
                self.unread.clear()  # _resolve sets both `last` and `fresh`: what those sentences did is overwritten
            unit.attributed = True
            return self._resolve(subject)
        if not self._alone(unit, article):
            return None
        self._catch_up()
        if self.fresh and self.last_quote_paragraph >= first.paragraph - 1:
            unit.attributed = True
            return self.last  # a quotation of its own, continuing the last one
        return None

    def _resolve(self, subject: _Subject) -> str | None:
        if subject.kind == "pronoun":
            return self.last if self.fresh and subject.value in ("he", "she") else None
        if subject.kind == "person":
            speaker: str | None = subject.value
        elif subject.kind == "role":
            speaker = self.roles.resolve(subject.value)
        else:
            speaker = None
        self.last, self.fresh = speaker, True
        return speaker

    @staticmethod
    def _alone(unit: _Unit, article: list[_Paragraph]) -> bool:
        first, last = unit.parts[0], unit.parts[-1]
        opening, closing = article[first.paragraph], article[last.paragraph]
        return not opening.has_words(*opening.before(first)) and not closing.has_words(*closing.after(last))

    def read_sentence(self, para: _Paragraph, sentence: int) -> None:
        """A sentence without quotations: "Xi said …" makes Xi the one speaking; naming another makes "he" unsure."""
        start, end = para.bounds[sentence], para.bounds[sentence + 1]
        verbs = [verb for verb in para.verbs_in(sentence) if not verb.according]
        for verb in reversed(verbs):
            subject = _subject_before(para, start, verb.start)
            if subject and subject.kind != "pronoun":
                self._resolve(subject)
                return
            if subject:
                return
        named = para.mentions_in(start, end)
        if named and _is_subject(para, start, named[0]):
            self._resolve(_Subject("person", named[0].slug, named[0].start))
        elif {m.slug for m in named} - {self.last}:
            self.fresh = False


def _is_subject(para: _Paragraph, start: int, mention: _Mention) -> bool:
    """ "Mao Ning, a spokeswoman, rejected …", "Earlier China's foreign minister Wang Yi warned …": a few words at most
    before the name, none of them a preposition or verb that would make it an object."""
    words = para.masked[start : mention.start].split()
    return not mention.possessive and len(words) <= 4 and not _OBJECT_MARKERS & {w.lower() for w in words}


# --- which quotations stand on their own, and which say the same ----------------------------------------------

SHORTEST_STATEMENT = 4  # words: a sentence shorter than this ("No.", "We agree.") says too little alone
_STATEMENT_END = re.compile(r"[.!?…][’'\"”)\]]*$")


def is_fragment(text: str) -> bool:
    """Whether a quotation is a phrase cut out of the reporter's sentence, not a statement that stands alone.

    A statement begins as a sentence does (a capital letter or a digit, after any opening mark) and ends as one does
    (a full stop, question or exclamation mark, or an ellipsis), with at least SHORTEST_STATEMENT words: “partners,
    not rivals”, “number of issues” and “Taiwan independence” are fragments, shown only in their article's text.
    """
    starts = _LETTER_OR_DIGIT.search(text)
    if starts is None or starts.group().islower():
        return True
    return len(text.split()) < SHORTEST_STATEMENT or not _STATEMENT_END.search(text.rstrip())


_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_STOP_WORDS = _words(
    "a an the and or but nor of to in on at by for with from as into onto than that this these those it its is are "
    "was were be been being will would shall should can could may might must do does did has have had not no so "
    "we our us i my me you your he his him she her they their them there here which who whom what when where all "
    "also very just only"
)
_WORD = re.compile(r"[^\W_]+")
STEM = 5  # characters: "historical" and "historically", "relations" and "relationship" are one word here
NEAR_DUPLICATE_SHARE = 0.7  # of the shorter wording's words found in the other
NEAR_DUPLICATE_WORDS = 4  # a wording with fewer content words is compared only by containment


def content_words(text: str) -> frozenset[str]:
    """A quotation's words that carry its meaning, cut to their first STEM letters: what two translations of one
    statement share ("U.S." and "US" are one word)."""
    text = text.casefold().replace("u.s.", "us").replace("u.k.", "uk")
    words = (w for w in _WORD.findall(text) if w not in _STOP_WORDS and (len(w) > 1 or w.isdigit()))
    return frozenset(w[:STEM] for w in words)


class Wording(NamedTuple):
    """What near_duplicates compares of a quotation, worked out once however many it is compared with."""

    key: str  # quote_key, with the punctuation between words made spaces, and a space at each end
    several: bool  # the key has two words or more: only then is it looked for inside another
    words: frozenset[str]  # content_words
    size: int  # how many content words


@lru_cache(maxsize=1 << 16)  # pages next to each other read some of the same quotations
def wording(text: str) -> Wording:
    key = _plain(quote_key(text))
    words = content_words(text)
    return Wording(f" {key} ", " " in key, words, len(words))


def near_duplicates(a: str | Wording, b: str | Wording) -> bool:
    """Whether two quotations of one speaker are the same statement: one contained in the other (“partners, not
    rivals” and "The two countries should be partners, not rivals."), or two wordings or translations sharing most of
    their words (NEAR_DUPLICATE_SHARE of the shorter one's, when it has NEAR_DUPLICATE_WORDS or more).

    Pages compare every pair of a person's quotations on them (a million pairs at 10,000 articles): kept cheap."""
    if not isinstance(a, Wording):
        a = wording(a)
    if not isinstance(b, Wording):
        b = wording(b)
    if len(a.key) > len(b.key):
        a, b = b, a
    if a.key == b.key:
        return len(a.key) > 2  # two empty keys are not one statement
    if a.several and a.key in b.key:
        return True
    smaller = a.size if a.size < b.size else b.size
    return smaller >= NEAR_DUPLICATE_WORDS and len(a.words & b.words) >= NEAR_DUPLICATE_SHARE * smaller


def _plain(key: str) -> str:
    """A key with the punctuation between words made spaces, so that a contained key is found at word bounds."""
    return " ".join(re.sub(r"[^\w’'-]+", " ", key).split())


def same_statements(
    texts: Sequence[str],
    pairs: Iterable[tuple[int, int]] | None = None,
    join: Callable[[int, int], bool] | None = None,
) -> list[list[int]]:
    """The quotations (by index) that say the same statement, each group in index order, groups by their first.

    Two quotations are one statement when `near_duplicates` says so of them, or of a chain of pairs linking them.
    Only `pairs` are compared when given (the caller's rule, such as said within a week of each other: a sorted
    window is far fewer pairs than all of them), in their order; otherwise all pairs are. `join`, when given, is
    asked of two groups (by their first quotations) about to become one, which they do, under the first of the
    two, only if it answers True: the caller's bound on a statement as a whole, which a chain of pairs each
    within it could otherwise pass.
    """
    parent = list(range(len(texts)))
    wordings = [wording(text) for text in texts]

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    if pairs is None:
        pairs = ((i, j) for i in range(len(texts)) for j in range(i + 1, len(texts)))
    for i, j in pairs:
        a, b = root(i), root(j)
        if a != b and near_duplicates(wordings[i], wordings[j]) and (join is None or join(min(a, b), max(a, b))):
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(len(texts)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())
