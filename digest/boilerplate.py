"""Tell an article's prose from the page furniture around it, on sites never seen before.

A page's furniture differs from its article in shape, not in wording any list could foresee: it is short, it is
not sentences, it holds few of the little words prose is made of, it repeats (menus, share bars), it sits away
from the article's block of prose, and it points or commands ("Read more", "Sign up", "Opens in new window").
Each line is judged on those (`furniture`); the importer applies the editors' patterns from config.yaml on top.
Pure functions of the lines.
"""

from __future__ import annotations

import re

_STOPWORDS = frozenset(
    [
        "a",
        "about",
        "after",
        "against",
        "all",
        "also",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "during",
        "each",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "just",
        "may",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "said",
        "says",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)
_FULL_STOP = re.compile("[.!?…。！？][\"”’'»)\\]]*$")  # a sentence's end, not a quoted headline's
# What a release or a wire story ends with, on a line of its own: "###", "– END –", "-30-", "(END)", "Enditem/ls",
# "==Kyodo" (the agency's name after a double rule).
END_MARK = (
    r"^([-–—]?\s*end\s*[-–—]?|\(\s*end\s*\)|enditem(\s*/\s*\w{1,8})?|#\s?#\s?#|-30-|={2,}\s*[a-z][\w .&-]{1,30})$"
)
SENTENCE_END = tuple(".!?…\"”’')»。！？」』")
_CALLS_TO_ACTION = re.compile(
    "|".join(
        (
            r"\b(?:click|tap) (?:here|to|on)\b",
            r"\bopens? in (?:a )?new (?:window|tab)\b",
            r"^listen to (?:this|the) (?:article|story)",
            r"\benter your (?:e-?mail|name)\b",
            r"\byour e-?mail(?: address)?\b",
            r"^(?:continue|keep) reading\b",
            r"\b(?:you|we) (?:might|may) (?:also )?(?:like|enjoy)\b",
            r"^(?:more|related|recommended|suggested|trending|popular|latest) "
            r"(?:stories|articles|reading|videos?|content|coverage|news|posts|links)\b",
            r"^comments? ?\(\d+\)$",
            r"^\(?\d+\)? comments?$",
            r"\btrust principles\b",
            r"^our standards\b",
            r"\bsubscribe\b",
            r"\bnewsletters?\b",
            r"\bdownload (?:the|our) app\b",
            r"^follow (?:us|@)",
            r"\bprivacy (?:policy|notice|settings)\b",
            r"\bterms (?:of|and) (?:use|service|conditions)\b",
            r"\ball rights reserved\b",
            r"^(?:watch|view|see)(?::| the| our) (?:video|gallery|photos?|full)\b",
            r"^(?:back to top|top of page|jump to)\b",
            r"\bcookies?\b",
            r"\breport an? (?:error|typo|correction)\b",
            r"\bsend us (?:a )?(?:tip|feedback)\b",
            r"^contact us\b",
            r"^share your (?:thoughts|views|comments?|opinions?)\b",
            r"\bcommunity (?:guidelines|standards|rules)\b",
            r"^(?:previous|next) (?:article|story|post|page)\b",
            r"^(?:show|hide|load|view) (?:more|less|all|comments)\b",
            r"^(?:sponsored|promoted|partner content)\b",
            r"^(?:sign|log) (?:in|up|out)\b",
            r"^(?:share|tweet|email|print|save)(?: this| article| story|$)",
            r"\bmin(?:ute)?s? read$",
            r"^(?:advertisement|advert|ad)$",
            r"^(?:most (?:read|popular|viewed)|editor'?s picks?|don'?t miss|top stories)$",
            r"^(?:(?:read|see) (?:more|also|next|the full)|further reading)\b",
            r"\bbreaking news\b.{0,40}\b(?:alerts?|app)\b",
        )
    ),
    re.I,
)
DATE_LABEL_ONLY = re.compile(r"^\W*(?:(?:first |last )?(?:published|updated|posted|modified)(?: on)?\W*)+$", re.I)
RELATED = re.compile(r"^(?:you (?:might|may) also (?:like|enjoy)|more (?:from|on|about) .{1,40}|related.{0,30})$", re.I)
_LINK_LIKE = re.compile(r"https?://|\bwww\.|\.(?:com|org|net|co\.uk)/|(?:\s[|›»/>]\s.*){2,}")


def content_words(text: str) -> set[str]:
    """A line's words that carry its meaning: lower case, without the common little words."""
    return {word for word in re.findall(r"\w+", text.casefold()) if word not in _STOPWORDS}


def _stopword_density(text: str) -> float:
    words = re.findall(r"[a-z’']+", text.lower())
    return sum(w in _STOPWORDS for w in words) / len(words) if words else 0.0


def words_in(text: str) -> int:
    """How much text a line holds, in words: a word for every two characters of scripts written without spaces."""
    unspaced = len(UNSPACED.findall(text))
    return len(text.split()) + unspaced // 2 if unspaced else len(text.split())


# Chinese, Japanese, Korean, Thai, Lao, Burmese and Khmer: scripts whose words are not separated by spaces.
UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _is_prose(text: str, english: bool) -> bool:
    """A line of the article's running text: long enough, shaped like sentences, made of ordinary words."""
    size = words_in(text)
    if size < 10 or (size < 25 and not _FULL_STOP.search(text)):
        return False
    return not english or _stopword_density(text) >= 0.2


# A sentence of reporting says who said or did what. Furniture speaks to the reader ("your email", "click",
# "sign up for our newsletter") or of the site ("we use cookies", "all rights reserved"), or credits its staff.
_REPORTED = re.compile(r"\b(?:said|says|told|tells|added|stated|according to|asked|urged|warned|wrote)\b", re.I)
_SPEAKS_AS_THE_SITE = re.compile(
    r"^\W*(?:click|tap|subscribe|sign|log|download|follow|share|read|watch|listen|enter|register|get|join|contact"
    r"|send|see|view|print|e-?mail|like|comment|leave|reporting|writing|editing|additional|compiled|translated)\b"
    r"|\b(?:you|your|yours)\b|\bwe use\b|©|\ball rights reserved\b|版权所有|不得转载"
    r"|\bour (?:apps?|newsletters?|site|website|standards|journalism|policy|terms|privacy|newsroom)\b",
    re.I,
)


def reads_as_reporting(text: str) -> bool:
    """A whole sentence of the article, which no rule about furniture's wording may take: it ends as a sentence
    does and reports someone's words, or at least does not speak to the reader as the site."""
    if words_in(text) < 6 or not text.rstrip().endswith(SENTENCE_END):
        return False
    return bool(_REPORTED.search(text)) or not _SPEAKS_AS_THE_SITE.search(text)


def call_to_action(text: str) -> str | None:
    """Why a short line is page furniture from its phrasing: it commands, points elsewhere or counts comments."""
    if words_in(text) > 15:
        return None
    if _CALLS_TO_ACTION.search(text):
        return "call to action"
    if _LINK_LIKE.search(text):
        return "link-like line"
    return None


def _main_block(
    lines: list[tuple[int, str]], english: bool, gap: int = 6, reach: int = 20
) -> tuple[list[int], int, int]:
    """The indices of the prose lines of the page's main block, and its first and last index.

    Prose lines at most `gap` lines apart make a run; the run holding the most text is the article, and it takes
    in the runs on either side within `reach` lines that are dense with prose (an article cut by a video, a
    gallery or an advertisement), not a list of teasers (a headline, a date, a one-sentence summary, again and
    again), which is also cut off the article's end. Empty when the page has no prose at all."""
    runs: list[list[int]] = []
    for at, (_, text) in enumerate(lines):
        if _is_prose(text, english):
            if runs and at - runs[-1][-1] <= gap:
                runs[-1].append(at)
            else:
                runs.append([at])
    if not runs:
        return [], 0, -1
    runs = [part for run in runs for part in _without_teasers(run)]
    best = max(range(len(runs)), key=lambda i: (sum(len(lines[at][1]) for at in runs[i]), -i))
    low = high = best
    while low > 0 and runs[low][0] - runs[low - 1][-1] <= reach and _dense(runs[low - 1]):
        low -= 1
    while high + 1 < len(runs) and runs[high + 1][0] - runs[high][-1] <= reach and _dense(runs[high + 1]):
        high += 1
    prose = [at for run in runs[low : high + 1] for at in run]
    return prose, prose[0], prose[-1]


def _without_teasers(run: list[int]) -> list[list[int]]:
    """A run split where its prose lines stop following one another: two or more prose lines in a row that each
    stand three or more lines after the last are teasers, not paragraphs."""
    isolated = [at > 0 and run[at] - run[at - 1] >= 3 for at in range(len(run))]
    for at in range(1, len(run) - 1):
        if isolated[at] and isolated[at + 1]:
            return [run[:at], run[at:]] if at else [run]
    return [run]


def _dense(run: list[int]) -> bool:
    """At least two prose lines, and more prose than not between its first and its last."""
    return len(run) >= 2 and len(run) / (run[-1] - run[0] + 1) > 0.5


def furniture(kept: list[tuple[int, str]]) -> tuple[dict[int, str], int | None]:
    """The page-furniture lines among `kept` (line number, text), each with why; and the line number where the
    main block of prose starts (the headline is looked for just above it), or None when there is no prose."""
    english = _stopword_density(" ".join(t for _, t in kept[:400])) >= 0.08
    prose, first, last = _main_block(kept, english)
    if not prose:
        return {}, None
    nearest = _distances(prose, len(kept))
    counts: dict[str, int] = {}
    for _, text in kept:
        counts[text.casefold()] = counts.get(text.casefold(), 0) + 1
    related = False  # under a "Related" or "You might also like" line: its links follow, until the prose resumes
    dropped: dict[int, str] = {}
    for at, (no, text) in enumerate(kept):
        reason = _line_verdict(text, at, (first, last), nearest[at], english, counts[text.casefold()], related)
        related = reason == "related links heading" or (related and reason is not None and at not in prose)
        if reason:
            dropped[no] = reason
    return dropped, kept[first][0]


def _line_verdict(
    text: str, at: int, block: tuple[int, int], near: tuple[int, int], english: bool, seen: int, related: bool
) -> str | None:
    """Why a line is furniture, judged by its phrasing, its shape and where it is; None when it is article."""
    first, last = block
    if reason := call_to_action(text):
        return "related links heading" if RELATED.match(text) or "also like" in text.lower() else reason
    if at > last:
        shaped = text.endswith(SENTENCE_END) and words_in(text) >= 3 or words_in(text) >= 8
        if at - last > 3 or not shaped or (english and _stopword_density(text) < 0.15):
            return "after the main block of prose"
    elif related and not _FULL_STOP.search(text) and words_in(text) <= 15:
        return "link under a related-links heading"
    elif seen > 1 and words_in(text) < 8 and at >= first:
        return "repeated line"
    elif at < first and english and _is_navigation(text):
        return "navigation line"
    elif at < last and not _near_prose(text, *near) and (at > first or 0 < at < first - 16):
        return "away from the article's prose"  # not the page's first line, where a scraper puts its title
    return None


def _is_navigation(text: str) -> bool:
    """A menu flattened into a line: capitalised words only, none of the little words a headline needs."""
    words = text.split()
    if len(words) < 3 or _stopword_density(text) or any(c.isdigit() for c in text):
        return False
    return all(w[:1].isupper() or not w[:1].isalpha() for w in words)


def _distances(prose: list[int], count: int) -> list[tuple[int, int]]:
    """For each line, how many lines back the last prose line is and how many ahead the next one (0: itself)."""
    back = [count] * count
    ahead = [count] * count
    for at in prose:
        back[at] = ahead[at] = 0
    for at in range(1, count):
        back[at] = min(back[at], back[at - 1] + 1)
    for at in range(count - 2, -1, -1):
        ahead[at] = min(ahead[at], ahead[at + 1] + 1)
    return list(zip(back, ahead, strict=True))


def _near_prose(text: str, back: int, ahead: int) -> bool:
    """A short line inside the article: a subheading or lead-in just before prose, a list after it, or a short
    sentence of it."""
    return ahead <= 2 or back <= 2 or (back <= 4 and text.endswith(SENTENCE_END))
