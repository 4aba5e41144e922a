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
story reported by several outlets is one group even when only some pairs match;
then cut into spans of at most `STORY_DAYS` (7) from each one's first report,
since pairs chain: a meeting covered every day for months is one component, and
readers would be told a report was "also reported by" a season of others.

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
import struct
from array import array
from bisect import bisect_left, bisect_right
from collections import ChainMap, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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
STORY_DAYS = 7  # a story is what was reported within this many days of its first report
MAX_BUCKET = 50
REBUILD_FROM = 64  # changed items: more than this (or an eighth of all) and StoryIndex starts afresh

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
    known = _WORD_HASHES
    if len(known) > 500_000:  # a bound on memory, far above any news vocabulary
        known.clear()
    by_word = {w: known.get(w) or known.setdefault(w, _word_hash(w)) for w in set(words)}
    hashes = [by_word[w] for w in words]
    return (*_bottom_k(by_word.values()), *_one_permutation(_shingles(hashes)))


_WORD_HASHES: dict[str, int] = {}  # a corpus reuses its vocabulary: hashing each word once halves a signature's cost


def _word_hash(word: str) -> int:
    return int.from_bytes(blake2b(word.encode(), digest_size=8).digest(), "little")


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
    """Estimated Jaccard similarity of two texts' content-word sets, from their signatures.

    Conditional random sampling (Li and Church 2007): compare the sketches below the smaller of their maxima.
    A sketch with fewer than WORD_SKETCH hashes is its whole set and sets no limit: two such sets compare exactly.
    Read off the sketches as they are stored, increasing and padded with EMPTY: no set of the whole sketch per
    pair (a first build compares 26,000 pairs at 10,000 articles).
    """
    count_a, count_b = bisect_left(a, EMPTY, 0, WORD_SKETCH), bisect_left(b, EMPTY, 0, WORD_SKETCH)
    if not count_a or not count_b:
        return 0.0
    limit = min(a[WORD_SKETCH - 1], b[WORD_SKETCH - 1])  # a sketch not full ends with EMPTY: it sets no limit
    below_a = set(a[: bisect_right(a, limit, 0, count_a)])
    below_b = b[: bisect_right(b, limit, 0, count_b)]
    common = len(below_a.intersection(below_b))
    return common / (len(below_a) + len(below_b) - common)


def shingle_similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of two texts' 5-word shingle sets, from their signatures."""
    return _agreement(a[WORD_SKETCH:], b[WORD_SKETCH:])


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
    token: str = ""  # optional: changes whenever the above do (StoryIndex then need not hash the signature)


def cluster(
    items: Sequence[Item],
    *,
    copy_threshold: float = COPY_THRESHOLD,
    copy_days: int = COPY_DAYS,
    event_threshold: float = EVENT_THRESHOLD,
    event_days: int = EVENT_DAYS,
    max_bucket: int = MAX_BUCKET,
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
        _close_pairs(_shingle_buckets(shingles, max_bucket), days, copy_days),
        lambda i, j: _agreement(shingles[i], shingles[j]) >= copy_threshold,
    )
    join(
        _close_pairs(_meeting_groups(items), days, event_days),
        lambda i, j: word_similarity(items[i].signature, items[j].signature) >= event_threshold,
    )

    groups: dict[int, list[str]] = defaultdict(list)
    for i, key in enumerate(keys):
        groups[find(i)].append(key)
    day_of = dict(zip(keys, days, strict=True)).__getitem__
    return within_span(groups.values(), day_of)


def within_span(components: Iterable[list[str]], day_of: Callable[[str], int]) -> list[tuple[str, ...]]:
    """Connected components cut into stories of at most STORY_DAYS from each one's first report, sorted as
    `cluster` returns them.

    Pairs chain: a meeting covered every day for months links day 1 to day 3 to day 5…, and its whole coverage
    would be one story "also reported by" hundreds. Each story is sorted; stories of one report are dropped.
    """
    stories: list[tuple[str, ...]] = []
    for component in components:
        if len(component) < 2:
            continue
        spans: list[list[str]] = []
        start = 0
        for key in sorted(component, key=lambda k: (day_of(k), k)):
            day = day_of(key)
            if not spans or day - start > STORY_DAYS:
                spans.append([])
                start = day
            spans[-1].append(key)
        stories.extend(tuple(sorted(span)) for span in spans if len(span) > 1)
    return sorted(stories)


def _shingle_buckets(shingles: list[Sequence[int]], max_bucket: int = MAX_BUCKET) -> Iterator[list[int]]:
    """Items holding the same minimum in the same bin (one-row LSH bands), bucket by bucket.

    Buckets of one item give no pair; buckets of more than MAX_BUCKET items are stock phrases.
    """
    usable = [i for i, values in enumerate(shingles) if len(values) and values[0] != EMPTY]
    for b in range(SHINGLE_BINS):
        buckets: dict[int, list[int]] = defaultdict(list)
        for i in usable:
            buckets[shingles[i][b]].append(i)
        yield from (members for members in buckets.values() if 1 < len(members) <= max_bucket)


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


class StoryIndex:
    """`cluster`'s answer, kept up to date as items change: what an incremental build uses.

    A clean `cluster` call groups ten thousand articles in about a second; an
    edit changes one. The index keeps what is costly to find again — every
    confirmed pair and each shingle bin as a column of values, so counting a
    bucket or finding its members is a scan in C — and `update` re-examines only
    the pairs a change can affect. `groups()` then equals `cluster(items)` for
    the same items, exactly (tests/test_stories.py checks it on random edits):

    * pairs with a changed, added or removed item are dropped, and the changed
      and added items are paired afresh, by the same candidates and tests;
    * a pair of two unchanged items can change only through `MAX_BUCKET`: a
      bucket the change made small enough gives new candidates, and one it made
      too large may take away the only one a confirmed copy pair had.

    Pairs are all kept (cluster skips testing a pair already in one group),
    which gives the same groups. Removed items leave empty rows, reused later.
    """

    def __init__(self, max_bucket: int = MAX_BUCKET) -> None:
        self.max_bucket = max_bucket
        self.rows: dict[str, int] = {}  # key → row
        self.free: list[int] = []
        self.keys: list[str | None] = []
        self.days: list[int] = []
        self.meetings: list[tuple[str, ...]] = []
        self.versions: list[bytes] = []  # its token, or a hash of day, meetings and signature: changes with the item
        self.columns = [array("Q") for _ in range(SHINGLE_BINS)]  # shingle bin values by row; EMPTY: no value
        self.copies: set[tuple[str, str]] = set()  # confirmed pairs, each sorted
        self.events: set[tuple[str, str]] = set()
        self.answer: list[tuple[str, ...]] | None = None  # groups() of these pairs, once asked for

    def update(self, items: Sequence[Item]) -> bool:
        """Bring the index to `items`; False when nothing changed."""
        by_key = {item.key: item for item in items}
        if len(by_key) != len(items):
            raise ValueError("cluster: item keys must be unique")
        versions = {item.key: _version(item) for item in items}
        gone = [key for key in self.rows if key not in by_key]
        changed = [
            key for key, version in versions.items() if key not in self.rows or self.versions[self.rows[key]] != version
        ]
        if not gone and not changed:
            return False
        if len(gone) + len(changed) > max(REBUILD_FROM, len(items) // 8):
            self._rebuild(items, versions)
            return True
        self._apply(gone, changed, by_key, versions)
        return True

    def revise(self, items: Sequence[Item], others: Mapping[str, Item], gone: Iterable[str] = ()) -> bool:
        """`update` when only `items` may have changed or come, and the items keyed `gone` went: the other items
        are looked up in `others` only when a changed item's candidates need them (an edit then never makes all
        ten thousand)."""
        versions = {item.key: _version(item) for item in items}
        rows = self.rows
        changed = [key for key, version in versions.items() if key not in rows or self.versions[rows[key]] != version]
        removed = [key for key in gone if key in rows and key not in versions]
        if not changed and not removed:
            return False
        self._apply(removed, changed, ChainMap({item.key: item for item in items}, others), versions)
        return True

    def rows_of(self, keys: Iterable[str]) -> dict[str, tuple]:
        """What the index holds of each item: enough for `put_rows` to bring another copy of it to the same state
        (cache.StoryCache stores an edit's rows this way instead of the whole index)."""
        result = {}
        for key in keys:
            row = self.rows[key]
            values = array("Q", [column[row] for column in self.columns])
            result[key] = (self.days[row], self.meetings[row], self.versions[row], values)
        return result

    def put_rows(self, rows: dict[str, tuple], copies: set[tuple[str, str]], events: set[tuple[str, str]]) -> None:
        """Items' rows as `rows_of` gave them (items already in the index), and the pairs to go with them."""
        moved = False
        for key, (day, meetings, version, values) in rows.items():
            row = self.rows[key]
            moved = moved or self.days[row] != day
            self.days[row], self.meetings[row], self.versions[row] = day, meetings, version
            for column, value in zip(self.columns, values, strict=True):
                column[row] = value
        if moved or copies != self.copies or events != self.events:  # where stories are cut depends on days
            self.copies, self.events, self.answer = copies, events, None

    def _apply(
        self, gone: list[str], changed: list[str], by_key: Mapping[str, Item], versions: dict[str, bytes]
    ) -> None:
        copies, events = self.copies, self.events
        moved = any(self.days[self.rows[key]] != by_key[key].day.toordinal() for key in changed if key in self.rows)
        touched = set(gone) | set(changed)
        leaving = {key: self._buckets([key]) for key in touched}
        arriving = {key: set(enumerate(_usable_bins(by_key[key].signature))) for key in changed}
        buckets = set().union(*leaving.values(), *arriving.values())  # every bucket whose size the change can alter
        before = {bucket: self._first_members(*bucket) for bucket in buckets}
        for key in gone:
            self._clear(key)
        for key in changed:
            self._store(by_key[key], versions[key])
        # Searched again: only the buckets an item left or joined (an edit moves few of its 128); the others keep
        # their members, each in its row.
        shifted = set().union(*(leaving[key] ^ arriving.get(key, set()) for key in touched))
        after = {bucket: self._first_members(*bucket) if bucket in shifted else rows for bucket, rows in before.items()}
        self.copies = {pair for pair in self.copies if pair[0] not in touched and pair[1] not in touched}
        self.events = {pair for pair in self.events if pair[0] not in touched and pair[1] not in touched}
        self._pair_changed(changed, by_key, after)
        self._recheck_buckets(before, after, touched, by_key)
        if moved or self.copies != copies or self.events != events:  # most edits leave pairs and days as they were
            self.answer = None

    def groups(self) -> list[tuple[str, ...]]:
        """Connected components of the confirmed pairs cut by `within_span`, as `cluster` returns them."""
        if self.answer is None:
            self.answer = self._components()
        return self.answer

    def _components(self) -> list[tuple[str, ...]]:
        parent: dict[str, str] = {}

        def find(key: str) -> str:
            root = key
            while parent.get(root, root) != root:
                root = parent[root]
            while key != root:
                parent[key], key = root, parent[key]
            return root

        pairs = self.copies | self.events
        for a, b in pairs:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        groups: dict[str, list[str]] = defaultdict(list)
        for key in {key for pair in pairs for key in pair}:
            groups[find(key)].append(key)
        rows, days = self.rows, self.days
        day_of = lambda key: days[rows[key]]  # noqa: E731
        return within_span(groups.values(), day_of)

    def _rebuild(self, items: Sequence[Item], versions: dict[str, bytes]) -> None:
        """From scratch, the way `cluster` finds pairs (every confirmed pair kept): a first build, a big change."""
        self.__init__(self.max_bucket)
        for item in items:
            self._store(item, versions[item.key])
        shingles = [item.signature[WORD_SKETCH:] for item in items]
        days = [item.day.toordinal() for item in items]
        keys = [item.key for item in items]
        for i, j in _close_pairs(_shingle_buckets(shingles, self.max_bucket), days, COPY_DAYS):
            if _agreement(shingles[i], shingles[j]) >= COPY_THRESHOLD:
                self.copies.add(_pair(keys[i], keys[j]))
        for i, j in _close_pairs(_meeting_groups(items), days, EVENT_DAYS):
            if _same_event(items[i], items[j]):
                self.events.add(_pair(keys[i], keys[j]))

    def _clear(self, key: str) -> None:
        row = self.rows.pop(key)
        self.keys[row] = None
        self.meetings[row] = ()
        self.versions[row] = b""
        for column in self.columns:
            column[row] = EMPTY
        self.free.append(row)

    def _store(self, item: Item, version: bytes) -> None:
        row = self.rows.get(item.key)
        if row is None:
            row = self.free.pop() if self.free else len(self.keys)
            self.rows[item.key] = row
            if row == len(self.keys):
                self.keys.append(None)
                self.days.append(0)
                self.meetings.append(())
                self.versions.append(b"")
                for column in self.columns:
                    column.append(EMPTY)
        self.keys[row] = item.key
        self.days[row] = item.day.toordinal()
        self.meetings[row] = tuple(item.meetings)
        self.versions[row] = version
        values = _usable_bins(item.signature)
        for b, column in enumerate(self.columns):
            column[row] = values[b] if values else EMPTY

    def _buckets(self, keys: Iterable[str]) -> set[tuple[int, int]]:
        """The (bin, value) buckets these items are in now."""
        buckets = set()
        for key in keys:
            row = self.rows.get(key)
            if row is not None:
                buckets.update((b, column[row]) for b, column in enumerate(self.columns) if column[row] != EMPTY)
        return buckets

    def _first_members(self, b: int, value: int) -> list[int]:
        """A bucket's rows up to one past MAX_BUCKET: all of a valid bucket, and enough to tell one that is not."""
        return self._members(b, value, self.max_bucket + 1)

    def _members(self, b: int, value: int, limit: int | None = None) -> list[int]:
        """The rows whose bin b holds value (the first `limit` of them). array.index and array.count box every
        element they pass (0.16 ms a column); searching the column's bytes for the value's 8 bytes, kept only
        where they start an element, runs in C."""
        data, needle, rows = self.columns[b].tobytes(), _PACKED.pack(value), []
        start = data.find(needle)
        while start != -1 and len(rows) != limit:
            if start % _PACKED.size == 0:
                rows.append(start // _PACKED.size)
                start = data.find(needle, start + _PACKED.size)
            else:
                start = data.find(needle, start + 1)
        return rows

    def _valid(self, count: int) -> bool:
        return 1 < count <= self.max_bucket

    def _pair_changed(
        self, changed: list[str], by_key: Mapping[str, Item], members: dict[tuple[int, int], list]
    ) -> None:
        """Candidates and tests, as in `cluster`, for every pair with a changed or added item (`members`: each
        bucket's first rows, as `_first_members` gives them)."""
        for key in changed:
            row = self.rows[key]
            item = by_key[key]
            shingles = item.signature[WORD_SKETCH:]
            for b, column in enumerate(self.columns):
                value = column[row]
                if value == EMPTY or not self._valid(len(members[(b, value)])):
                    continue
                for other in members[(b, value)]:
                    if other != row and abs(self.days[other] - self.days[row]) <= COPY_DAYS:
                        pair = _pair(key, self.keys[other])
                        if pair not in self.copies and _copies(shingles, by_key[self.keys[other]]):
                            self.copies.add(pair)
            if item.meetings:
                mine = set(item.meetings)
                for other, meetings in enumerate(self.meetings):
                    if (
                        other != row
                        and abs(self.days[other] - self.days[row]) <= EVENT_DAYS
                        and not mine.isdisjoint(meetings)
                    ):
                        pair = _pair(key, self.keys[other])
                        if pair not in self.events and _same_event(item, by_key[self.keys[other]]):
                            self.events.add(pair)

    def _recheck_buckets(
        self,
        old: dict[tuple[int, int], list[int]],
        new: dict[tuple[int, int], list[int]],
        touched: set[str],
        by_key: Mapping[str, Item],
    ) -> None:
        """Pairs of unchanged items whose candidacy a change of bucket size gave or took away (`old` and `new`: each
        bucket's first rows, as `_first_members` gives them)."""
        for (b, value), rows in old.items():
            before, after = len(rows), len(new[(b, value)])
            if self._valid(before) == self._valid(after) or after < 2:
                continue
            members = [row for row in self._members(b, value) if self.keys[row] not in touched]
            for n, i in enumerate(members):
                for j in members[n + 1 :]:
                    if abs(self.days[i] - self.days[j]) > COPY_DAYS:
                        continue
                    pair = _pair(self.keys[i], self.keys[j])
                    if self._valid(after):  # a new candidate
                        if pair not in self.copies and _copies(
                            by_key[pair[0]].signature[WORD_SKETCH:], by_key[pair[1]]
                        ):
                            self.copies.add(pair)
                    elif pair in self.copies and not self._candidate(i, j):
                        self.copies.discard(pair)

    def _candidate(self, i: int, j: int) -> bool:
        """Whether two rows still share a bucket that is not a stock phrase."""
        return any(
            column[i] == column[j] != EMPTY and self._valid(len(self._first_members(b, column[i])))
            for b, column in enumerate(self.columns)
        )


_PACKED = struct.Struct("=Q")  # an array('Q') element as its bytes


def _version(item: Item) -> bytes:
    if item.token:
        return b"t" + item.token.encode()
    digest = blake2b(f"{item.day.toordinal()}\0{','.join(item.meetings)}\0".encode(), digest_size=16)
    digest.update(array("Q", item.signature).tobytes())
    return digest.digest()


def _usable_bins(signature: Sequence[int]) -> Sequence[int]:
    """The shingle bins of a signature that has any (as `_shingle_buckets` decides), else nothing."""
    shingles = signature[WORD_SKETCH:]
    return shingles if len(shingles) and shingles[0] != EMPTY else ()


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _copies(shingles: Sequence[int], other: Item) -> bool:
    return _agreement(shingles, other.signature[WORD_SKETCH:]) >= COPY_THRESHOLD


def _same_event(a: Item, b: Item) -> bool:
    return word_similarity(a.signature, b.signature) >= EVENT_THRESHOLD
