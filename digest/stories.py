"""Same story, several outlets: which articles report the same story, from their text, meetings and dates.

Two kinds of "same story" leave two kinds of evidence in the text, measured on
the seeds (tests/test_stories.py prints the table):

* **Copies** — a wire story reprinted, cut, re-edited, its sentences reordered —
  share runs of words. Their 5-word shingles (over content words: stop words
  dropped) overlap strongly, while different stories share almost none, even on
  the same topic: 0.000–0.008 between any two seeds. So a pair is one story
  when its estimated shingle Jaccard is at least `COPY_THRESHOLD` (0.15) and
  the two dates are at most `COPY_DAYS` (7) apart, whatever their meetings.
* **Paraphrases** of one event by different outlets (seeds 001 and 003 both
  report the letters read at the November 2021 NCUSCR gala, in their own
  words) share almost no 5-word shingle: exact Jaccard 0.015 over all words,
  against 0.010 for 003 and the report of the 2024 gala. What they share is
  vocabulary: the Jaccard of their content-word sets is 0.20, against 0.09–0.13
  for every other pair of seeds, all about US–China relations. Vocabulary is
  weak evidence, so it only counts with corroboration: the two articles share
  a meeting and are at most `EVENT_DAYS` (3) apart, and their estimated word
  Jaccard is at least `EVENT_THRESHOLD` (0.17, halfway between 0.13 and 0.20;
  the sketches estimate 0.132 and 0.205).

Groups are the connected components of the confirmed pairs (union-find), so a
story reported by several outlets is one group even when only some pairs match.

Never all pairs. Copy candidates come from LSH with one-row bands: two items
are candidates when one of the 128 shingle bins holds the same minimum in
both (a pair with shingle Jaccard J is a candidate with probability
1 - (1 - J)^128: 99.99 % at J = 0.07), and only when their dates are within
`COPY_DAYS`. A bin value shared by more than `MAX_BUCKET` (50) articles is a
stock phrase ("did not immediately respond to a request for comment"), not a
story, and gives no candidates. Event candidates are the articles of one
meeting within `EVENT_DAYS` of each other. The work grows with the number of
articles times their close neighbours, not with its square.

Signatures. The shingle half is One Permutation Hashing MinHash (Li, Owen and
Zhang 2012) with rotation densification of empty bins (Shrivastava and Li
2014): each shingle is hashed once, its top bits choose one of 128 bins, each
bin keeps its minimum; the fraction of equal bins estimates the Jaccard
similarity. Classic MinHash with 128 hash functions costs about 28 ms per 7 KB
article in pure Python, the whole signature about 0.6 ms. The word half is a
bottom-k sketch (the 192 smallest word hashes) compared by conditional random
sampling: exact when both texts have fewer than 192 distinct content words
(the seeds have 123–196), within about 0.02 for 7 KB articles. MinHash with 128
bins is too noisy on sets this small: it estimated one unrelated pair of seeds
at 0.19, next to the paraphrases' 0.20. Words are hashed with blake2b, stable
across processes and machines (Python's `hash()` of a string is salted per
process), so signatures can be cached. A signature is 320 integers: about
13 KB as a tuple in memory, 2.5 KB as an `array('Q')`, which `Item` accepts.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from hashlib import blake2b
from operator import eq

WORD_SKETCH = 192  # signature[:192]: the smallest word hashes, increasing, padded with EMPTY
SHINGLE_BINS = 128  # signature[192:]: one minimum per bin; a power of two
SHINGLE = 5  # content words per shingle (_shingles spells out the five)

COPY_THRESHOLD = 0.15
COPY_DAYS = 7
EVENT_THRESHOLD = 0.17
EVENT_DAYS = 3
MAX_BUCKET = 50

EMPTY = (1 << 64) - 1  # no value: padding of a short text's word sketch, every bin of a text without words
_M64 = (1 << 64) - 1
_MIX = 0x9E3779B97F4A7C15  # odd, so multiplying permutes 64-bit values; it carries low bits into the top ones
_POLY = 0x100000001B3  # odd: weighs a shingle's word hashes by position


def _words(text: str) -> frozenset[str]:
    """A word list written as one string."""
    return frozenset(text.split())


_WORD = re.compile(r"\w+")
STOP_WORDS = _words(
    "a about above after again against all also am an and any are as at be because been before being below "
    "between both but by can could did do does doing down during each few for from further had has have having "
    "he her here hers herself him himself his how i if in into is it its itself just me more most my myself no "
    "nor not now of off on once only or other our ours ourselves out over own same she should so some such than "
    "that the their theirs them themselves then there these they this those through to too under until up very "
    "was we were what when where which while who whom why will with would you your yours yourself yourselves "
    "said says say told tells added adds may might must shall"
)


def content_words(text: str) -> list[str]:
    """Lower-cased words in order, without stop words and one-letter tokens (the s of "China's")."""
    return [w for w in _WORD.findall(text.casefold()) if len(w) > 1 and w not in STOP_WORDS]


def signature(text: str) -> tuple[int, ...]:
    """WORD_SKETCH + SHINGLE_BINS values describing a text (plain or Markdown); the same text, the same values."""
    words = content_words(text)
    by_word = {w: int.from_bytes(blake2b(w.encode(), digest_size=8).digest(), "little") for w in set(words)}
    hashes = [by_word[w] for w in words]
    return (*_bottom_k(by_word.values()), *_one_permutation(_shingles(hashes)))


def _bottom_k(hashes: Iterable[int]) -> list[int]:
    smallest = sorted(hashes)[:WORD_SKETCH]
    return smallest + [EMPTY] * (WORD_SKETCH - len(smallest))


def _shingles(hashes: list[int]) -> set[int]:
    """One well-mixed 64-bit value per run of SHINGLE consecutive words (the whole text if it is shorter)."""
    if len(hashes) < SHINGLE:
        return {(sum(hashes) * _MIX) & _M64} if hashes else set()
    p1, p2, p3, p4 = _POLY, _POLY**2, _POLY**3, _POLY**4
    runs = zip(hashes, hashes[1:], hashes[2:], hashes[3:], hashes[4:], strict=False)
    return {((a * p4 + b * p3 + c * p2 + d * p1 + e) * _MIX) & _M64 for a, b, c, d, e in runs}


def _one_permutation(hashes: Iterable[int]) -> list[int]:
    """Min per bin, the bin chosen by a hash's top bits; an empty bin borrows from the next non-empty one."""
    shift = 64 - (SHINGLE_BINS.bit_length() - 1)
    low = (1 << shift) - 1
    mins = [EMPTY] * SHINGLE_BINS
    for h in hashes:
        b, v = h >> shift, h & low
        if v < mins[b]:
            mins[b] = v
    if mins.count(EMPTY) == SHINGLE_BINS:
        return mins
    out = list(mins)
    for b in range(SHINGLE_BINS):
        distance = 0
        while mins[(b + distance) % SHINGLE_BINS] == EMPTY:
            distance += 1
        # Offset by the distance: a borrowed value never equals a native one, and two texts agree on a borrowed
        # value only when both borrowed it from the same distance (Shrivastava and Li's rotation).
        out[b] = mins[(b + distance) % SHINGLE_BINS] + (distance << shift)
    return out


def word_similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of two texts' content-word sets, from their signatures."""
    return _bottom_k_similarity(_word_set(a), _word_set(b))


def shingle_similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of two texts' 5-word shingle sets, from their signatures."""
    return _agreement(a[WORD_SKETCH:], b[WORD_SKETCH:])


def _word_set(signature: Sequence[int]) -> frozenset[int]:
    return frozenset(signature[:WORD_SKETCH]) - {EMPTY}


def _bottom_k_similarity(a: frozenset[int], b: frozenset[int]) -> float:
    """Conditional random sampling (Li and Church 2007): compare the sketches below the smaller of their maxima.

    A sketch with fewer than WORD_SKETCH hashes is its whole set and sets no limit: two such sets compare exactly.
    """
    if not a or not b:
        return 0.0
    limit = min((max(s) for s in (a, b) if len(s) == WORD_SKETCH), default=EMPTY)
    return sum(1 for h in a & b if h <= limit) / sum(1 for h in a | b if h <= limit)


def _agreement(a: Sequence[int], b: Sequence[int]) -> float:
    if not a or a[0] == EMPTY or b[0] == EMPTY:
        return 0.0
    return sum(map(eq, a, b)) / len(a)


@dataclass(frozen=True)
class Item:
    """What clustering needs of an article. `signature` may be any sequence, e.g. a compact array('Q')."""

    key: str  # unique, e.g. the article's slug
    day: date
    meetings: tuple[str, ...]
    signature: Sequence[int]


def cluster(
    items: Sequence[Item],
    *,
    copy_threshold: float = COPY_THRESHOLD,
    copy_days: int = COPY_DAYS,
    event_threshold: float = EVENT_THRESHOLD,
    event_days: int = EVENT_DAYS,
) -> list[tuple[str, ...]]:
    """Groups of two or more items that report the same story; an item alone is in no group.

    Each group's keys are sorted, and the groups are sorted by their first key.
    Candidates and confirmations depend on the set of items, and groups are
    connected components, so the result does not depend on the order of `items`.
    """
    keys = [item.key for item in items]
    if len(set(keys)) != len(keys):
        raise ValueError("cluster: item keys must be unique")
    days = [item.day.toordinal() for item in items]
    shingles = [item.signature[WORD_SKETCH:] for item in items]
    words: dict[int, frozenset[int]] = {}  # word sketches, as sets, of the items with a meeting

    def word_set(i: int) -> frozenset[int]:
        if i not in words:
            words[i] = _word_set(items[i].signature)
        return words[i]

    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(pairs: Iterable[tuple[int, int]], same: Callable[[int, int], bool]) -> None:
        for i, j in pairs:
            a, b = find(i), find(j)
            if a != b and same(i, j):
                parent[max(a, b)] = min(a, b)

    join(
        _close_pairs(_shingle_buckets(shingles), days, copy_days),
        lambda i, j: _agreement(shingles[i], shingles[j]) >= copy_threshold,
    )
    join(
        _close_pairs(_meeting_groups(items), days, event_days),
        lambda i, j: _bottom_k_similarity(word_set(i), word_set(j)) >= event_threshold,
    )

    groups: dict[int, list[str]] = defaultdict(list)
    for i, key in enumerate(keys):
        groups[find(i)].append(key)
    return sorted(tuple(sorted(g)) for g in groups.values() if len(g) > 1)


def _shingle_buckets(shingles: list[Sequence[int]]) -> Iterator[list[int]]:
    """Items holding the same minimum in the same bin (one-row LSH bands), bucket by bucket.

    Buckets of one item give no pair; buckets of more than MAX_BUCKET items are stock phrases.
    """
    usable = [i for i, values in enumerate(shingles) if len(values) and values[0] != EMPTY]
    for b in range(SHINGLE_BINS):
        buckets: dict[int, list[int]] = defaultdict(list)
        for i in usable:
            buckets[shingles[i][b]].append(i)
        yield from (members for members in buckets.values() if 1 < len(members) <= MAX_BUCKET)


def _meeting_groups(items: Sequence[Item]) -> Iterator[list[int]]:
    by_meeting: dict[str, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        for meeting in dict.fromkeys(item.meetings):
            by_meeting[meeting].append(i)
    yield from (members for members in by_meeting.values() if len(members) > 1)


def _close_pairs(groups: Iterable[list[int]], days: list[int], window: int) -> Iterator[tuple[int, int]]:
    """Each pair of items in a common group at most `window` days apart, once: sort by date, slide a window."""
    seen: set[tuple[int, int]] = set()
    for members in groups:
        members = sorted(members, key=lambda i: (days[i], i))
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                if days[j] - days[i] > window:
                    break
                pair = (i, j) if i < j else (j, i)
                if pair not in seen:
                    seen.add(pair)
                    yield pair
