"""Typed reading of YAML with line numbers, for config.yaml and front matter.

PyYAML alone loses line numbers, keeps the last of two duplicate keys and
reads YAML 1.1 surprises (``no`` is false, ``12:30`` is 750). Working on the
composed node tree lets every problem name its line and every wrong type be
reported instead of silently converted.

What a file may hold is declared once, on the dataclasses of model.py: each field
carries `read_as(reader, default=…)` in its metadata, and `read_fields` reads a
mapping into any such dataclass (unknown keys with a did-you-mean, missing ones,
wrong types).
"""

from __future__ import annotations

import difflib
import json
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields, replace
from datetime import date, datetime
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import yaml

from .errors import Problem, short
from .urls import slugify

YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, when PyYAML was built with it
_constructor = yaml.constructor.SafeConstructor()

INVALID: Any = object()  # a value that failed; its problem is already recorded

_KINDS = {
    "tag:yaml.org,2002:bool": "true/false",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:null": "empty",
    "tag:yaml.org,2002:str": "text",
}

# Field names other generators use, so an editor coming from them is pointed at ours.
SYNONYMS = {
    "tags": "themes",
    "categories": "themes",
    "category": "themes",
    "topics": "themes",
    "theme": "themes",
    "published": "date",
    "pubdate": "date",
    "pub_date": "date",
    "created": "date",
    "meeting": "meetings",
    "events": "meetings",
    "event": "meetings",
    "person": "people",
    "persons": "people",
    "speakers": "people",
    "description": "summary",
    "excerpt": "summary",
    "abstract": "summary",
    "headline": "title",
    "name": "title",
}

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Not text, though scraped pages and YAML escapes (`"\x01"`, `"\uFFFE"`) carry them: C0 controls but tab and
# newlines, DEL, C1 controls (a Windows-1252 page read as Latin-1), Unicode non-characters and lone surrogates
# (never valid UTF-8). HTML forbids them all, and XML forbids most, so one of them made every feed unwritable.
# With them, the direction overrides, embeddings and isolates (U+202A-U+202E, U+2066-U+2069): one left open in a
# title turned around all that follows it in the page's <title>, the site's name with it, and in a list item.
# Right-to-left text needs none of them; the direction marks (U+200E, U+200F), which turn nothing around, stay.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_NONCHARACTERS_IN_BMP = "\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff"
_NONCHARACTERS = "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0x10000, 0x110000, 0x10000))
_IN_BMP = _CONTROLS + _NONCHARACTERS_IN_BMP
CONTROL = re.compile(f"[{_IN_BMP}{_NONCHARACTERS}]")  # to find and remove them: 90 ns a character
CONTROL_CHARACTER = re.compile(f"[{_CONTROLS}]")  # the two kinds apart, for reports that name them
NONCHARACTER = re.compile(f"[{_NONCHARACTERS_IN_BMP}{_NONCHARACTERS}]")
_CONTROL_IN_BMP = re.compile(f"[{_IN_BMP}]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def has_control(text: str) -> bool:
    """Whether `text` holds any of CONTROL, six times faster than asking CONTROL: the 32 non-characters
    beyond the BMP make its class a list tried in turn at every character, so they are looked for only
    in text that has a character beyond the BMP at all (two one-range scans of a 7 KB article: 0.1 ms)."""
    return bool(_CONTROL_IN_BMP.search(text) or (_ASTRAL.search(text) and CONTROL.search(text)))


# Dates an article or a meeting may have. Outside these years a date is a typo, and near year 1 or 9999 moving
# it to the site's time zone (or a day on, for a calendar's end) leaves what Python's dates can hold.
FIRST_YEAR, LAST_YEAR = 1900, 9998
# The most an article file may hold (the loader refuses more, the importer never writes more): news articles are
# under 100 KB, and every stage's time grows with it.
MAX_ARTICLE_BYTES = 2 * 2**20


def _syntax_problem(exc: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int | None, str, str]:
    """Line (1-based in the YAML text), problem and hint of a YAML syntax error, said as the editor's mistake
    where it is a common one: a tab, a `[` never closed, a field indented under the one above."""
    if escape := _escape_problem(exc, lines):
        return escape
    mark = exc.problem_mark or exc.context_mark
    raw = exc.problem or exc.context or ""
    problem = _in_plain_words(raw)
    hint = next((h for key, h in _SYNTAX_HINTS if key in str(exc)), "check the YAML syntax on this line")
    opened = exc.context_mark
    unclosed = "flow" in (exc.context or "") and "expected ','" in (exc.problem or "")
    if opened and unclosed and mark and mark.line != opened.line and opened.line < len(lines):
        mark, (problem, hint) = opened, _unclosed_flow(lines[opened.line], opened.column)
    elif "flow" in (exc.context or "") and mark and (found := _open_flow(lines)) and found[0] < mark.line:
        mark, (problem, hint) = found[1], _unclosed_flow(lines[found[0]], found[1].column)
    if "quoted scalar" in (exc.context or "") and opened:  # the file ends inside the quotes
        mark, problem, hint = opened, "the quote that opens on this line is never closed", _CLOSE_QUOTE
    if mark is not None and (typo := _typed_wrong(lines, mark.line)):
        return typo
    if "expected ':'" in raw and exc.context_mark is not None:  # YAML stumbles on the line after the one
        mark = exc.context_mark
    if mark is None or mark.line >= len(lines):
        return (mark.line + 1 if mark else None), problem, hint
    if "\t" in lines[mark.line]:
        return mark.line + 1, "a tab character is used on this line", "indent with spaces, not tabs"
    if quotes := _quote_problem(lines, mark.line):
        return quotes
    if misplaced := _out_of_line(lines, mark.line, raw):
        return mark.line + 1, *misplaced
    if started := _reserved_start(lines[mark.line], raw):
        return mark.line + 1, *started
    return mark.line + 1, problem, hint


def _out_of_line(lines: list[str], line: int, problem: str) -> tuple[str, str] | None:
    """Problem and hint when a field does not line up with the one above it, the commonest slip in indentation:
    `date:` indented under `title: …` (YAML reads it as the title's text), `speaker:` under `- text: …` in the
    column of the dash, `url:` one space left of `name:`."""
    here = _INDENTED_FIELD.match(lines[line])
    written = next((text for text in reversed(lines[:line]) if text.strip() and not text.lstrip().startswith("#")), "")
    above = _INDENTED_FIELD.match(written)  # the line just above, not a field further up past a list's items
    if not here or not above or not any(key in problem for key in _ALIGNMENT_PROBLEMS):
        return None
    field, other = here.group(2), above.group(2)
    column, other_column = len(here.group(1)), len(above.group(1))
    if column > other_column:  # `  date:` under `title: …`: read as the title's text
        problem = f"`{field}:` is indented more than `{other}:` above it, so it is read as that field's text"
    elif column < other_column and above.group(1).endswith("- ") and column == other_column - 2:
        problem = f"`{field}:` starts in the column of the `-` above it, so it belongs to no entry"
        return problem, f"line `{field}:` up with `{other}:`{_spaces(other_column)}, or start a new entry with `- `"
    elif column != other_column and "mapping values" not in problem:
        problem = f"`{field}:` does not line up with `{other}:` above it"
    else:
        return None
    return problem, f"start `{field}:` in the same column as `{other}:`{_spaces(other_column)}"


def _spaces(column: int) -> str:
    return f" ({column} spaces in)" if column else " (at the start of the line)"


_ALIGNMENT_PROBLEMS = ("mapping values", "expected key", "expected '-' indicator", "expected <block end>")


def _reserved_start(text: str, problem: str) -> tuple[str, str] | None:
    """Problem and hint when a value unquoted is not read as text: one holding `: ` (`title: Xi: partners`), or
    starting with a character YAML keeps for itself: `[Breaking] Xi says` is read as a list, `*Exclusive*` as a
    reference to another value, `> Xi says` as a block of the lines below, `@AP` as nothing at all. Quoting the
    value makes it text."""
    found = _FIELD_VALUE.match(text)
    if not found or not any(key in problem for key in _RESERVED_PROBLEMS):
        return None
    field, value = found.groups()
    first = value[0]
    if "mapping values" in problem and ": " in value and first not in "\"'":
        what = f"the value of `{field}:` holds `: `, which is read as the start of another field"
    elif first in "[{" and "expected key" in problem:
        closing, kind = ("]", "a list") if first == "[" else ("}", "a set of fields")
        what = f"a value that starts with `{first}` is read as {kind}, and the text after its `{closing}` is not read"
    elif first in "*&!":
        what = f"a value that starts with `{first}` is read as a reference to another value, not as text"
    elif first in ">|":
        what = f"a value that starts with `{first}` is read as the start of a block of text on the lines below"
    elif first in "@`%":
        what = f"a value cannot start with “{first}”"
    else:
        return None
    quoted = value.replace('"', "'")
    return what, f'put the whole value in quotes: {field}: "{short(quoted)}"'


_FIELD_VALUE = re.compile(r"^\s*(?:- )?([A-Za-z_][\w-]*):\s+(\S.*?)\s*$")
_RESERVED_PROBLEMS = (
    "mapping values",
    "expected key",
    "alphabetic or numeric",
    "comment or line break",
    "cannot start any token",
)


def _in_plain_words(problem: str) -> str:
    """The YAML reader's own words (`did not find expected key`, `mapping values are not allowed`) said as what an
    editor sees on the line."""
    return next((plain for key, plain in _PLAIN_PROBLEMS if key in problem), "this line cannot be read")


_PLAIN_PROBLEMS = [
    ("mapping values are not allowed", "a value holds `: `, which is read as the start of another field"),
    ("cannot start any token", "a value starts with a character that only quotes make text (@, ` or %)"),
    ("expected ':'", "a field name is not followed by `:`"),
    ("expected '-' indicator", "this line is in the column of the `- ` entries above it, but is not one"),
    ("expected key", "this line does not line up with the fields above it"),
    ("expected <block end>", "this line does not line up with the fields above it"),
    ("expected node content", "a value is missing here"),
    ("another document", "a line `---` here ends the fields; what follows it is not read"),
    ("alphabetic or numeric", "a value that starts with `*` or `&` is read as a reference to another value"),
    ("comment or line break", "a value that starts with `>` or `|` is read as a block of text on the lines below"),
]


_ESCAPE_PROBLEMS = (
    "found unknown escape character",
    "did not find expected hexdecimal number",
    "found invalid Unicode character escape code",
)
_KNOWN_ESCAPES = frozenset(("", *'0abt\tnvfre "/\\N_LP'))  # `\n`, `\"`, `\\`…: what may follow a backslash alone
_CODE_DIGITS = {"x": 2, "u": 4, "U": 8}  # `\xE9`, `\u00e9`, `\U0001F600`: a character by its code
_ESCAPE = re.compile(r"\\(?:([xuU])([0-9A-Fa-f]*)|(.?))")


def _escape_problem(exc: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, str, str] | None:
    """Line, problem and hint when a backslash in double quotes is the mistake (`"C:\\Users"`, `"\\ud800"`): YAML
    stops inside the quotes, and was said to have found them never closed."""
    mark, opened = exc.problem_mark, exc.context_mark
    if exc.problem not in _ESCAPE_PROBLEMS or mark is None or opened is None or mark.line >= len(lines):
        return None
    hint = "write `\\\\` for a backslash, or put the value in single quotes"
    for found in _ESCAPE.finditer(lines[mark.line], opened.column if opened.line == mark.line else 0):
        letter, digits, other = found.groups()
        if other is not None and other in _KNOWN_ESCAPES:
            continue
        if other is not None:
            return mark.line + 1, f"`{found.group()}` is no escape YAML knows: in double quotes `\\` starts one", hint
        wanted = _CODE_DIGITS[letter]
        if len(digits) < wanted:
            problem = f"`\\{letter}` must be followed by {wanted} hexadecimal digits, a character's code"
            return mark.line + 1, problem, hint
        code = int(digits[:wanted], 16)
        if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            what = "half of a character (a lone surrogate)" if code <= 0xDFFF else "past Unicode's last character"
            problem = f"`\\{letter}{digits[:wanted]}` is {what}, which no page can show"
            return mark.line + 1, problem, "type the character itself, or delete the escape"
    return None


def _open_flow(lines: list[str]) -> tuple[int, yaml.Mark] | None:
    """The line and mark of the last `[` or `{` still open where YAML stopped reading: YAML says where it
    stumbled, which can be lines below, or the end of the text."""
    opened: list[yaml.Mark] = []
    try:
        for token in yaml.scan("\n".join(lines), Loader=YAML_LOADER):
            if isinstance(token, yaml.FlowSequenceStartToken | yaml.FlowMappingStartToken):
                opened.append(token.start_mark)
            elif isinstance(token, yaml.FlowSequenceEndToken | yaml.FlowMappingEndToken) and opened:
                opened.pop()
    except yaml.YAMLError:
        pass
    return (opened[-1].line, opened[-1]) if opened else None


def _unclosed_flow(line: str, column: int) -> tuple[str, str]:
    """Problem and hint for a `[` or `{` never closed: a `#` after it starts a comment, which hides the rest of the
    line, the closing bracket with it."""
    opening = line[column] if line[column : column + 1] in ("[", "{") else "["
    closing, what = ("]", "list") if opening == "[" else ("}", "fields")
    if re.search(r"(^|[\s\[{,])#", line[column:]):
        problem = f"`#` starts a comment in YAML, so the rest of this line, its `{closing}` too, is not read"
        return problem, "remove the `#`, or put the value in quotes"
    return f"the `{opening}` on this line is never closed", f"end the {what} with `{closing}` on the same line"


def _typed_wrong(lines: list[str], line: int) -> tuple[int, str, str] | None:
    """Line, problem and hint when a character that looks right is the mistake, on `line` or the line above
    (where YAML reads on, and stumbles only at the next field): a space that is not one after a field's colon
    (a non-breaking space from a word processor), a full-width colon, a list item's dash without its space."""
    for at in (at for at in (line - 1, line) if 0 <= at < len(lines)):
        text = lines[at]
        if found := _ODD_SPACE.match(text):
            problem = f"the space after `{found.group(1)}:` is a non-breaking space (U+{ord(found.group(2)):04X})"
            return at + 1, problem, "delete it and type an ordinary space"
        if found := _WIDE_COLON.match(text):
            return at + 1, f"`{found.group(1)}：` has a full-width colon", f"type `{found.group(1)}: ` instead"
        if found := _DASH_WITHOUT_SPACE.match(text):
            problem = f"`-{found.group(1)}` has no space after its dash, so it is not a list item"
            return at + 1, problem, f"write `- {found.group(1)}`"
    return None


_ODD_SPACE = re.compile(r"^\s*(?:- )?([\w-]+):([\u00a0\u2007\u202f\u3000])")
_WIDE_COLON = re.compile(r"^\s*(?:- )?([\w-]+)\s*：")
_DASH_WITHOUT_SPACE = re.compile(r"^\s*-([a-z][\w-]*)\s*$")


def _quote_problem(lines: list[str], line: int) -> tuple[int, str, str] | None:
    """Line, problem and hint when quotes are the mistake on `line`: curly ones, one left open above, or one
    closed early by a quotation inside."""
    if curly := _CURLY_KEY.match(lines[line]):
        name = curly.group(2)
        problem = (
            f"the field name `{name}` is between curly quotes `{curly.group(1)}…`, so it is not the field `{name}`"
        )
        return (
            line + 1,
            problem,
            f'delete the quotes around the name, and write straight quotes around its value: {name}: "…"',
        )
    if curly := _CURLY_VALUE.search(lines[line]):
        problem = f"the value starts with a curly quote `{curly.group(1)}`, which YAML does not read as a quote"
        return line + 1, problem, 'use straight quotes: title: "Xi: partners, not rivals"'
    quoted = _quoted_on(lines, line)
    if quoted is None:
        return None
    if quoted.start_mark.line < line:
        return quoted.start_mark.line + 1, "the quote that opens on this line is not closed on it", _CLOSE_QUOTE
    after = lines[line][quoted.end_mark.column :].strip()
    if not after or after[0] in "#,]}":
        return None
    problem = f"the value's quotes end before `{_short_text(after)}`: the `{quoted.style}` inside them closes them"
    return line + 1, problem, "quote inside with the other kind of quote, e.g. title: \"Xi: 'partners, not rivals'\""


def _quoted_on(lines: list[str], line: int) -> yaml.ScalarToken | None:
    """The last quoted value that ends on `line`: one left open swallows the fields below it up to the next quote
    mark (YAML stumbles there, lines after the mistake), and one closed too early leaves the rest of the line."""
    tokens = []
    try:
        for token in yaml.scan("\n".join(lines[: line + 1]), Loader=YAML_LOADER):
            tokens.append(token)
    except yaml.YAMLError:
        pass
    for token in reversed(tokens):
        if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
            return token if token.end_mark.line == line else None
    return None


def _short_text(text: str) -> str:
    return text if len(text) <= 30 else text[:29] + "…"


_CLOSE_QUOTE = 'close it at the end of the value, e.g. title: "Xi: partners, not rivals"'
_QUOTE_MARKS = "“”‘’«»„\"'"
_CURLY_KEY = re.compile(r"^\s*(?:- )?([“”‘’«„\"'])([\w-]+)[“”‘’»\"']\s*:")  # `“title”: …`: a name pasted from Word
_CURLY_VALUE = re.compile(r"^\s*(?:- )?[\w-]*:\s+([“”‘’«„])")  # `title: “…”`: Word's quotes, not YAML's
# A field's line: its indent (with the dashes of the list entries it opens) and its name.
_INDENTED_FIELD = re.compile(r"^((?: *- +)* *)([A-Za-z_][\w-]*):(?: |$)")
_SYNTAX_HINTS = [
    ("mapping values are not allowed", 'put a value containing ": " in quotes, e.g. title: "Xi: partners, not rivals"'),
    ("cannot start any token", "quote values that start with @, ` or %"),
    (
        "could not find expected ':'",
        "write each field as `name: value`; check for a missing colon or an unclosed quote",
    ),
    ("while scanning a quoted scalar", "close the quote that starts here"),
    ("did not find expected key", "check the indentation: fields of one level must line up"),
    ("expected <block end>", "check the indentation: fields of one level must line up"),
    ("did not find expected node content", "write the value after the colon, in quotes if it starts with a sign"),
    ("another document", "delete the `---` line"),
    ("alphabetic or numeric", "put the value in quotes"),
    ("comment or line break", "put the value in quotes"),
    ("expected '-' indicator", "start it with `- ` if it is one more entry, else move it left, under its field"),
]


@dataclass
class Reader:
    """Collects the problems of one file; line numbers are relative to that file."""

    path: str
    line_offset: int = 0  # file line of the YAML text's first line, minus one
    problems: list[Problem] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # the YAML text's, to see what follows a value (a comment)

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + 1 + self.line_offset

    def error(self, node: yaml.Node | None, name: str | None, message: str, hint: str | None = None) -> Any:
        line = self.line(node) if node is not None else (self.line_offset + 1 if self.line_offset else None)
        self.problems.append(Problem(self.path, line, name, message, hint))
        return INVALID

    def warn(self, node: yaml.Node | None, name: str | None, message: str, hint: str | None = None) -> None:
        line = self.line(node) if node is not None else None
        self.problems.append(Problem(self.path, line, name, message, hint, warning=True))

    def compose(self, text: str) -> yaml.Node | None:
        """The node tree, or None with the problem recorded; aliases and non-scalar keys are refused here."""
        self.lines = text.splitlines()
        try:
            node = yaml.compose(text, Loader=YAML_LOADER)
            return node if node is None or self._plain(node, text) else None
        except yaml.MarkedYAMLError as exc:
            line, problem, hint = _syntax_problem(exc, text.splitlines())
            line = line + self.line_offset if line is not None else None
            self.problems.append(Problem(self.path, line, None, f"YAML syntax error: {problem}", hint))
        except yaml.YAMLError as exc:
            self.problems.append(Problem(self.path, None, None, f"YAML syntax error: {exc}", "check the YAML syntax"))
        except RecursionError:  # the pure-Python reader, without libyaml's nesting limit
            self.problems.append(Problem(self.path, None, None, "is nested too deeply", "flatten the lists"))
        return None

    def _plain(self, root: yaml.Node, text: str) -> bool:
        """Whether the tree is a tree with text keys; else record why not.

        An alias (`*name`) makes the tree a graph: turning a key made of nested aliases into text takes
        exponential time and memory (324 bytes took 11 GB), and a list key cannot be a field name anyway.
        Neither is needed in front matter or config, so both are refused before anything reads the tree.
        """
        if "*" in text and _shared(root):  # an alias is written `*name`: without a `*` there is none
            line = _alias_line(text)
            hint = "write the value out in full: digest does not read `&anchor` and `*alias`"
            self.problems.append(Problem(self.path, line and line + self.line_offset, None, "uses a YAML alias", hint))
            return False
        key = _list_key(root)
        if key is not None:
            hint = "write `name: value`; a `?` or a `[`/`{` before the colon makes the name a list"
            self.error(key, None, f"a field name must be a single word, found {_kind(key)}", hint)
            return False
        return True


def _shared(root: yaml.Node) -> bool:
    """Whether a node is met twice (through an alias): each is visited once, so a bomb costs its size."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack += (part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return False


def _list_key(root: yaml.Node) -> yaml.Node | None:
    """The first key that is not a scalar (a tree without aliases: every node is met once); scalars, most of a
    tree, are never pushed."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    return key
                if not isinstance(value, yaml.ScalarNode):
                    stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack += [item for item in node.value if not isinstance(item, yaml.ScalarNode)]
    return None


def _alias_line(text: str) -> int | None:
    """The line of the first alias (the composed tree only knows where its anchor is)."""
    try:
        events = yaml.parse(text, Loader=YAML_LOADER)
        return next((e.start_mark.line + 1 for e in events if isinstance(e, yaml.AliasEvent)), None)
    except yaml.YAMLError:
        return None


Read = Callable[[Reader, yaml.Node, str], Any]  # the value of a node, or INVALID with its problem recorded


def _key(name: str) -> str:
    """The key as the editor typed it: `feed_items`, not `site.feed_items`."""
    return name.rsplit(".", 1)[-1]


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a set of fields"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return _KINDS.get(node.tag, "an unusual value")


def _one_value_hint(node: yaml.Node, name: str) -> str:
    """How to write as one value what was written as a list (`description: [a, b]`, or items under it) or as
    fields: the editor meant one text, and YAML took its brackets, dashes or `: ` for structure."""
    if isinstance(node, yaml.SequenceNode):
        words = [str(item.value) for item in node.value if isinstance(item, yaml.ScalarNode)]
        return f'write it as one text, in quotes: {_key(name)}: "{short(", ".join(words)) if words else "…"}"'
    return f'write it as one text on the line of `{_key(name)}:`, in quotes: {_key(name)}: "…"'


def _scalar(r: Reader, node: yaml.Node, name: str) -> Any:
    """The Python value of a scalar node, or INVALID with a clear message."""
    if not isinstance(node, yaml.ScalarNode):
        return r.error(node, name, f"expected a single value, found {_kind(node)}", _one_value_hint(node, name))
    try:
        return _constructor.construct_object(node, deep=True)
    except (ValueError, KeyError, AttributeError, TypeError, OverflowError, yaml.YAMLError):
        # PyYAML's constructors fail each their own way on a tagged value (`!!bool maybe`, `!!timestamp soon`)
        if node.tag == "tag:yaml.org,2002:timestamp" and _DATE_LIKE.match(node.value):
            if _TIME_LIKE.search(node.value):
                hint = "check the day, the hour (00 to 23), the minutes and the offset (-12:00 to +14:00)"
                return r.error(node, name, f"`{node.value}` is not a real date and time", hint)
            return r.error(node, name, f"`{node.value}` is not a real date", "use an existing date, written YYYY-MM-DD")
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        if node.tag in _KINDS:
            return r.error(node, name, f"`{node.value}` is not {_kind(node)} (tagged `{tag}`)", "remove the tag")
        return r.error(node, name, f"the tag `{tag}` is not understood", "remove it")
    finally:  # the constructor remembers every node it made: 90,000 kept alive at 10,000 articles
        _constructor.constructed_objects.clear()
        _constructor.recursive_objects.clear()


_DATE_LIKE = re.compile(r"^\d{4}-\d\d?-\d\d?")
_TIME_LIKE = re.compile(r"\d:\d")


def _quoted(r: Reader, node: yaml.Node, name: str, what: str, looks_right: bool) -> Any:
    """INVALID, with the quotes named as the mistake when the value would be right without them; else None."""
    if not (looks_right and isinstance(node, yaml.ScalarNode) and node.style in ("'", '"')):
        return None
    value = node.value.strip()
    message = f"`{value}` is in quotes, so it is text, not {what}"
    return r.error(node, name, message, f"remove the quotes: {_key(name)}: {value}")


def clean(r: Reader, node: yaml.Node, name: str, value: str) -> str:
    """The text without control characters and non-characters, and a warning naming them and the field."""
    codes = ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in CONTROL.findall(value)[:3]))
    r.warn(
        node,
        name,
        f"invisible control characters ({codes}) were removed",
        "an escape in quotes such as \\x01 or \\uFFFE writes them: delete it",
    )
    return CONTROL.sub("", value)


def text(r: Reader, node: yaml.Node, name: str) -> Any:
    value = _scalar(r, node, name)
    if value is INVALID:
        return INVALID
    if node.tag != "tag:yaml.org,2002:str":
        if value is None:
            return r.error(node, name, "is empty", f"write a value after `{_key(name)}:`")
        return r.error(
            node,
            name,
            f"expected text, but YAML reads `{node.value}` as {_kind(node)}",
            f'put it in quotes: {_key(name)}: "{node.value}"',
        )
    if not value.isprintable() and has_control(value):  # only through a YAML escape: raw text is clean
        value = clean(r, node, name, value)
    value = value.strip()
    if not value:
        return r.error(node, name, "is empty", f"write a value after `{_key(name)}:`")
    if not node.style and (cut := _cut_by_comment(r, node)):
        problem = f"`{short(cut.strip())}` is read as a comment, so the text ends at `{short(value)}`"
        whole = short(value + cut).replace('"', "'")
        hint = f'put the whole value in quotes: {_key(name)}: "{whole}" (a comment has a space after its `#`)'
        return r.error(node, name, problem, hint)
    return value


def _cut_by_comment(r: Reader, node: yaml.Node) -> str | None:
    """What a `#` ended an unquoted text with, when it reads as the text's own: `title: Xi's #1 priority`, `#MeToo`
    (a `#` run into a word). A comment an editor means has a space after its `#`: `date: 2024-04-26  # Friday`."""
    end = node.end_mark
    if end.line >= len(r.lines) or node.start_mark.line != end.line:
        return None
    rest = r.lines[end.line][end.column :]
    return rest if _RUN_IN_HASH.match(rest) else None


_RUN_IN_HASH = re.compile(r"^[ \t]+#[^\s#]")


def optional_text(r: Reader, node: yaml.Node, name: str) -> Any:
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        return None
    return text(r, node, name)


def boolean(r: Reader, node: yaml.Node, name: str) -> Any:
    value = _scalar(r, node, name)
    if value is INVALID:
        return INVALID
    if not isinstance(value, bool):
        said = _quoted(r, node, name, "true or false", str(value).strip().lower() in ("true", "false"))
        return said or r.error(
            node,
            name,
            f"expected true or false, found `{node.value}`",
            f"write {_key(name)}: true or {_key(name)}: false",
        )
    return value


def integer(minimum: int = 1, maximum: int = 10_000) -> Read:
    def convert(r: Reader, node: yaml.Node, name: str) -> Any:
        value = _scalar(r, node, name)
        if value is INVALID:
            return INVALID
        if isinstance(value, bool) or not isinstance(value, int):
            said = _quoted(r, node, name, "a number", str(value).strip().isdigit())
            return said or r.error(
                node, name, f"expected a whole number, found `{node.value}`", f"write a number, e.g. {_key(name)}: 20"
            )
        if not minimum <= value <= maximum:
            return r.error(node, name, f"{value} is out of range", f"use a number from {minimum} to {maximum}")
        return value

    return convert


def day(r: Reader, node: yaml.Node, name: str) -> Any:
    """A calendar date written YYYY-MM-DD."""
    value = _scalar(r, node, name)
    if value is INVALID:
        return INVALID
    if isinstance(value, datetime) or not isinstance(value, date):
        said = _quoted(r, node, name, "a date", bool(_DATE_LIKE.match(str(value).strip())))
        fixed = respelt(str(node.value), with_time=False)
        hint = f"write {_key(name)}: {fixed}" if fixed else "write it as YYYY-MM-DD, e.g. 2024-04-26"
        return said or r.error(node, name, f"expected a date, found `{node.value}`", _either_way(node, name) or hint)
    return _in_range(r, node, name, value)


_LOOSE_DATE = re.compile(  # `2024/04/26` and `2024.04.26` too: the order is the same, the separator another
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:T| +)(\d{1,2}):(\d\d)(?::(\d\d))?(?: *(Z|[+-]\d\d?:?\d\d))?)?$"
)


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")  # fmt: skip
_WORDS_DATE = re.compile(r"^(?:(\d{1,2}) ([a-z]{3,9})\.?|([a-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,?) (\d{4})$")


def _from_words(written: str) -> str | None:
    """`April 26, 2024` or `26 April 2024` as YYYY-MM-DD (a day, without its time)."""
    parts = _WORDS_DATE.match(" ".join(written.lower().split()))
    if not parts:
        return None
    day_, month, other_month, other_day, year = parts.groups()
    word = month or other_month
    number = next((at for at, name in enumerate(_MONTHS, 1) if name.startswith(word)), None)
    if number is None:
        return None
    text = f"{year}-{number:02}-{int(day_ or other_day):02}"
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def _figures(written: str) -> list[date]:
    """The real days a date in figures, day and month in either order, may be (`04/26/2024`: one; `04/06/2024`:
    6 April or 4 June)."""
    parts = _FIGURES.match(written.strip())
    if not parts:
        return []
    first, second, year = (int(part) for part in parts.groups())
    found = []
    for month, day_ in ((first, second), (second, first)):
        try:
            found.append(date(year, month, day_))
        except ValueError:
            continue
    return sorted(set(found))


def _either_way(node: yaml.Node, name: str) -> str | None:
    """The hint for a date in figures that reads both ways: both, for the editor to pick; none is guessed."""
    days = _figures(str(node.value))
    if len(days) != 2:
        return None
    one, other = (f"{d.day} {d:%B %Y}" for d in days)
    return f"it may be {one} or {other}: write {_key(name)}: {days[0]} or {_key(name)}: {days[1]}"


_FIGURES = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")  # `04/26/2024`, `26.04.2024`


def respelt(written: str, with_time: bool) -> str | None:
    """A date (and time) written nearly as YAML reads one, `2024-4-26`, `2024-04-26 15:30` or `April 26, 2024`,
    as it must be: the month and day in two digits, the time with its seconds and a `T`. None when it names no
    real day."""
    parts = _LOOSE_DATE.match(written.strip())
    if not parts:
        days = _figures(written)
        return days[0].isoformat() if len(days) == 1 else _from_words(written)
    year, month, day_, hour, minute, second, offset = parts.groups()
    text = f"{year}-{int(month):02}-{int(day_):02}"
    if with_time and hour is not None:
        text += f"T{int(hour):02}:{minute}:{second or '00'}"
        if offset:
            digits = "0000" if offset == "Z" else offset[1:].replace(":", "").zfill(4)
            text += f"{'+' if offset == 'Z' else offset[0]}{digits[:2]}:{digits[2:]}"
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return None
    return text


def _in_range(r: Reader, node: yaml.Node, name: str, value: date) -> Any:
    if FIRST_YEAR <= value.year <= LAST_YEAR:
        return value
    hint = f"use a date from the year {FIRST_YEAR} to {LAST_YEAR}; check the year for a typo"
    return r.error(node, name, f"`{node.value}` is out of range", hint)


def moment(r: Reader, node: yaml.Node, name: str) -> Any:
    """A date, or a date and time (with an offset, or in the site's time zone)."""
    value = _scalar(r, node, name)
    if value is INVALID:
        return INVALID
    if not isinstance(value, date):
        said = _quoted(r, node, name, "a date", bool(_DATE_LIKE.match(str(value).strip())))
        fixed = respelt(str(node.value), with_time=True)
        hint = (
            f"write {_key(name)}: {fixed}"
            if fixed
            else "write it as YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS+HH:MM with a time"
        )
        return said or r.error(node, name, f"expected a date, found `{node.value}`", _either_way(node, name) or hint)
    return _in_range(r, node, name, value)


def url(r: Reader, node: yaml.Node, name: str) -> Any:
    value = text(r, node, name)
    if value is INVALID:
        return INVALID
    if not re.match(r"^https?://[^\s/?#]+\.[^\s/?#]+[^\s]*$", value, re.IGNORECASE):
        hint = "use a full http:// or https:// address"
        if _HOST_FIRST.match(value):  # `example.org/news/`: the address without its scheme
            hint = f"begin it with https://, as in {_key(name)}: https://{value}"
        return r.error(node, name, f"`{value}` is not a web address", hint)
    if bad := _NOT_IN_ADDRESSES.search(value):
        return r.error(
            node,
            name,
            f"`{value}` holds `{bad.group()}`, which a web address cannot",
            "copy the address from the browser's address bar, which writes such characters as %xx",
        )
    return value


_HOST_FIRST = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(:\d+)?([/?#]\S*)?$", re.IGNORECASE)

# RFC 3986 leaves these out of addresses, and a browser sends them %-encoded. In a page or a feed they would end an
# attribute or start markup where the address is quoted.
_NOT_IN_ADDRESSES = re.compile(r"[<>\"`\\\x00-\x1f\x7f]")


def text_list(r: Reader, node: yaml.Node, name: str) -> Any:
    """A list of texts; a single text is read as a list of one."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:null":
            return ()
        value = text(r, node, name)
        return INVALID if value is INVALID else (value,)
    if not isinstance(node, yaml.SequenceNode):
        return r.error(node, name, f"expected a list, found {_kind(node)}", f"write {_key(name)}: [first, second]")
    items = [text(r, item, name) for item in node.value]
    return INVALID if INVALID in items else tuple(items)


def phrase_list(r: Reader, node: yaml.Node, name: str) -> Any:
    """A list of names or keywords. Written without brackets, `keywords: Russia, Russian, Moscow` is one text, a
    keyword no article holds, and an alias `Xi, Mr Xi` finds no quotation: refused, with the list to write. A
    comma inside one name is quoted: `aliases: ["Biden, Joe"]`."""
    if isinstance(node, yaml.ScalarNode) and not node.style and "," in str(node.value):  # plain: not quoted
        items = ", ".join(part.strip() for part in str(node.value).split(",") if part.strip())
        return r.error(node, name, "is one text, not a list", f"put it in brackets: {_key(name)}: [{items}]")
    return text_list(r, node, name)


def slug_list(r: Reader, node: yaml.Node, name: str) -> Any:
    items = text_list(r, node, name)
    if items is INVALID:
        return INVALID
    seen: set[str] = set()
    for item in items:
        if item in seen:
            r.warn(node, name, f"`{item}` is listed twice", "list it once")
        seen.add(item)
    return tuple(dict.fromkeys(items))


def regex_list(r: Reader, node: yaml.Node, name: str) -> Any:
    items = text_list(r, node, name)
    if items is INVALID:
        return INVALID
    nodes = node.value if isinstance(node, yaml.SequenceNode) else [node]
    for item, item_node in zip(items, nodes, strict=True):
        try:
            re.compile(item)
        except re.error as exc:
            r.error(
                item_node, name, f"`{item}` is not a valid pattern: {exc}", "fix the regular expression or quote it"
            )
            return INVALID
    return items


def timezone(r: Reader, node: yaml.Node, name: str) -> Any:
    """An IANA time zone name, e.g. Europe/London: one of the list's, not any file the zone reader opens
    (`localtime` is this machine's own zone, `posix/…` and `right/…` copies, and a name in the wrong case one only
    where file names ignore case), so that every machine builds the same site."""
    value = text(r, node, name)
    if value is INVALID:
        return INVALID
    if value not in _zone_names():
        shown = f"`{short(value)}`" + (f" ({len(value)} characters)" if len(value) > 70 else "")
        return r.error(node, name, f"{shown} is not a known time zone", _zone_hint(value))
    if surprise := _surprising_zone(value):
        r.warn(node, name, *surprise)
    return value


_NAMES_LIKE = "IANA names look like America/New_York or Asia/Shanghai"
_WRITE_ONE = "write an IANA name such as America/New_York or Asia/Shanghai"
# An offset written for a zone: `+08:00`, `UTC+8`, `GMT-5`, `8`.
_OFFSET = re.compile(r"(?i)(?:utc|gmt)?\s*[+\-\u2212]?\s*\d{1,2}(?::?\d{2})?")


@cache
def _zone_names() -> frozenset[str]:
    """The IANA list, less `localtime` and `Factory`, which name no place."""
    return frozenset(zoneinfo.available_timezones() - {"localtime", "Factory"})


def _zone_hint(value: str) -> str:
    """What to write instead: the name in its own case, a place's name for an offset, else the closest name."""
    if len(value) > 64:  # IANA names are under 40 characters; a longer one is no name, and too long to compare
        return _NAMES_LIKE
    if same := [zone for zone in sorted(_zone_names()) if zone.casefold() == value.casefold()]:
        return f"did you mean `{same[0]}`?"
    if _OFFSET.fullmatch(value.strip()):
        return (
            "write the zone of the place, not its offset, which misses summer time: "
            "an IANA name such as Asia/Shanghai (UTC+08:00) or America/New_York"
        )
    if (abbreviation := value.strip().upper()) in _ABBREVIATIONS:
        return f"write the zone of the place: {_ABBREVIATIONS[abbreviation]}"
    if zone := _zone_of_place(value):
        return f"write `{zone}`, the zone of {value.strip()} (a zone is named after its region and its largest city)"
    close = difflib.get_close_matches(value, sorted(_zone_names()), n=1, cutoff=0.5)
    return f"did you mean `{close[0]}`? ({_NAMES_LIKE})" if close else _WRITE_ONE


def _zone_of_place(value: str) -> str | None:
    """The IANA zone of a place written for one: a city that names a zone (`Shanghai`, `New York`, `hong kong`),
    or a capital that does not (`Beijing` keeps Shanghai's time, `Washington` New York's), spelt nearly right. A
    close spelling of another zone's whole name is no guide: `Beijing` was offered `America/Ojinaga`."""
    place = re.sub(r"[\s_,-]+", " ", value.strip().casefold().replace(".", ""))
    places = _places()
    close = difflib.get_close_matches(place, sorted(places), n=1, cutoff=0.8)
    return places[close[0]] if close else None


@cache
def _places() -> dict[str, str]:
    """Zones by the place they are named after (`new york`: America/New_York), and the capitals of _CAPITALS."""
    zones = [zone for zone in sorted(_zone_names()) if zone.partition("/")[0] in _REGIONS]  # not US/…, Etc/…
    cities = {zone.rpartition("/")[2].replace("_", " ").casefold(): zone for zone in zones}
    return {**cities, **_CAPITALS}


_REGIONS = {"Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"}
# Capitals and cities in the news whose time zone is named after another city.
_CAPITALS = {
    "beijing": "Asia/Shanghai",
    "peking": "Asia/Shanghai",
    "china": "Asia/Shanghai",
    "washington": "America/New_York",
    "washington dc": "America/New_York",
    "washington d c": "America/New_York",
    "dc": "America/New_York",
    "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "chicago": "America/Chicago",
    "new delhi": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
    "ottawa": "America/Toronto",
    "canberra": "Australia/Sydney",
    "brasilia": "America/Sao_Paulo",
    "geneva": "Europe/Zurich",
    "hanoi": "Asia/Bangkok",
    "taiwan": "Asia/Taipei",
    "japan": "Asia/Tokyo",
    "korea": "Asia/Seoul",
    "south korea": "Asia/Seoul",
    "north korea": "Asia/Pyongyang",
    "hong kong": "Asia/Hong_Kong",
}
# Abbreviations of clocks, which name no place (and CST two of them).
_ABBREVIATIONS = {
    "EASTERN": "America/New_York",
    "PACIFIC": "America/Los_Angeles",
    "ET": "America/New_York",
    "EDT": "America/New_York",
    "PT": "America/Los_Angeles",
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "CT": "America/Chicago",
    "CDT": "America/Chicago",
    "CST": "Asia/Shanghai (China Standard Time) or America/Chicago (US Central)",
    "BJT": "Asia/Shanghai",
    "JST": "Asia/Tokyo",
    "KST": "Asia/Seoul",
    "HKT": "Asia/Hong_Kong",
    "BST": "Europe/London",
    "IST": "Asia/Kolkata (India) or Europe/Dublin (Ireland)",
}


def _surprising_zone(value: str) -> tuple[str, str] | None:
    """Why a valid zone is likely not the clock meant: `EST` keeps winter time all year, and `Etc/GMT+8` is
    eight hours behind UTC (POSIX reverses the sign)."""
    if value.upper() in ("EST", "MST"):
        place = "America/New_York" if value.upper() == "EST" else "America/Denver (or America/Phoenix)"
        offset = "-05:00" if value.upper() == "EST" else "-07:00"
        return f"`{value}` is UTC{offset} all year, without summer time", f"use {place}, which follows the clock there"
    if reversed_sign := re.fullmatch(r"(?i)etc/gmt([+-])(\d{1,2})", value):
        sign, hours = "-" if reversed_sign.group(1) == "+" else "+", int(reversed_sign.group(2))
        message = f"`{value}` is UTC{sign}{hours:02}:00: names under Etc/ reverse the sign"
        return message, "use a place's name, such as Asia/Shanghai (UTC+08:00) or America/New_York"
    return None


def language(r: Reader, node: yaml.Node, name: str) -> Any:
    value = text(r, node, name)
    if value is not INVALID and not re.match(r"^[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})*$", value):
        return r.error(node, name, f"`{value}` is not a language tag", "use a code such as en or en-US")
    return value


def base_url(r: Reader, node: yaml.Node, name: str) -> Any:
    """Where the site lives, ending with `/`: every absolute link starts with it, so nothing may follow its path."""
    value = url(r, node, name)
    if value is INVALID:
        return INVALID
    parts = urlsplit(value)
    try:
        port = parts.port
    except ValueError:
        port = -1
    hint = "write only the scheme, the host and the folder, e.g. https://example.com/news/"
    if parts.query or value.endswith("?"):
        return r.error(node, name, f"has a query (`?{parts.query}`)", hint)
    if parts.fragment or value.endswith("#"):
        return r.error(node, name, f"has a fragment (`#{parts.fragment}`)", hint)
    if "@" in parts.netloc:
        return r.error(node, name, "holds a user name or password (before `@`)", hint)
    if port is not None and not 0 < port < 65536:
        port_text = parts.netloc.rpartition(":")[2]
        return r.error(node, name, f"`{port_text}` is not a port", "use a port from 1 to 65535, or none")
    if "//" in parts.path:
        return r.error(node, name, "has an empty folder name (`//`) in its path", hint)
    page = parts.path.rpartition("/")[2]
    if _PAGE_NAME.search(page):  # `…/index.html` would be read as a folder: every link would go under it
        folder = value[: value.rindex(page)]
        return r.error(node, name, f"ends with a page's file name (`{page}`)", f"write the folder only: {folder}")
    return value.rstrip("/") + "/"


_PAGE_NAME = re.compile(r"\.(html?|php|aspx?|jsp|xml)$", re.IGNORECASE)


# --- Records: a dataclass declares how each of its fields is written in YAML -----------------------------------


@dataclass(frozen=True)
class Spec:
    """How editors write one field of a dataclass: the metadata `read_as` gives it."""

    read: Read
    default: Any = MISSING  # MISSING: the dataclass field's own default; a field with neither is required
    key: str = ""  # its name in YAML, when that is not the field's name
    hint: str = ""  # what to do when it is missing, when "add `key:` here" says too little
    name: str = ""  # the dataclass field's (`entries` fills in this and the above)


def read_as(read: Read, *, default: Any = MISSING, key: str = "", hint: str = "") -> dict[str, Spec]:
    """The metadata of a field editors write: `feed_items: int = field(metadata=read_as(integer(), default=20))`."""
    return {"yaml": Spec(read, default, key, hint)}


NOT_READ: dict[str, None] = {"yaml": None}  # the metadata of a field the program fills in: never read from YAML


@cache
def entries(cls: type) -> dict[str, Spec]:
    """The fields of dataclass `cls` that YAML gives, by their key in YAML, in the order they are declared."""
    found = {}
    for each in fields(cls):
        if "yaml" not in each.metadata:  # a field added without saying: caught the first time the class is read
            raise TypeError(f"{cls.__name__}.{each.name}: give it metadata=read_as(...) or metadata=NOT_READ")
        spec = each.metadata["yaml"]
        if spec is not None:
            key = spec.key or each.name
            default = each.default if spec.default is MISSING else spec.default
            found[key] = replace(spec, default=default, key=key, hint=spec.hint or f"add `{key}:` here", name=each.name)
    return found


def read_fields(r: Reader, node: yaml.Node, name: str, cls: type, item: bool = False) -> Any:
    """A mapping's values for the fields of dataclass `cls`, by field name, or INVALID when it is no mapping.

    Unknown, duplicate and missing keys are errors. A field that could not be read holds INVALID (its problem
    recorded), so checks across fields still see the others; any error stops the load, so no INVALID goes further.
    """
    known = entries(cls)
    if not isinstance(node, yaml.MappingNode):
        where = f"`{name}`" if name else "the file"
        hint = _shape_hint(node, name, known, item) if name else None
        return r.error(node, name or None, f"{where} should hold fields (`name: value`), found {_kind(node)}", hint)
    values: dict[str, Any] = {}
    seen: dict[str, int] = {}
    meant: set[str] = set()  # fields an unknown key was taken for: `Title:` is reported once, not also as no title
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else _kind(key_node)  # see Reader._plain
        qualified = f"{name}.{key}" if name else key
        if key in seen:
            r.error(key_node, qualified, f"appears twice (first on line {seen[key]})", "keep one of them")
            continue
        seen[key] = r.line(key_node)
        entry = known.get(key)
        if entry is None and (odd := _ODD_SPACE.match(key)) and odd.group(1) in known:  # `title:\u00a0"Xi: …"`
            meant.add(odd.group(1))
            problem = f"the space after `{odd.group(1)}:` is a non-breaking space (U+{ord(odd.group(2)):04X})"
            r.error(key_node, odd.group(1), problem, "delete it and type an ordinary space")
        elif entry is None and (bare := key.strip(_QUOTE_MARKS)) != key and bare in known:  # `“title”: …`
            meant.add(bare)
            r.error(key_node, qualified, "the field name is in quotes", f"delete them: write `{bare}:`")
        elif entry is None:
            close = _closest(key, list(known))
            meant.add(close or "")
            r.error(key_node, qualified, "unknown field", f"did you mean `{close}`?" if close else _fields_of(known))
        else:
            values[entry.name] = entry.read(r, value_node, qualified)
    for key, entry in known.items():
        if entry.name in values:
            continue
        if key in meant:  # its problem is the unknown key's, already recorded: checks across fields skip it
            values[entry.name] = INVALID
        elif entry.default is not MISSING:
            values[entry.name] = entry.default
        else:
            values[entry.name] = missing(r, node, name, cls, key)
    return values


def _shape_hint(node: yaml.Node, name: str, known: dict[str, Spec], item: bool) -> str:
    """How to write the fields a single value or a list was given for, from the value itself: `source:
    https://…` is `source: {url: https://…}`, a quotation listed as text is `- {text: "…", speaker: …}`."""
    required = [key for key, spec in known.items() if spec.default is MISSING]
    if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null" or not str(node.value).strip():
        return f"write its fields below it, indented, or as {{{', '.join(f'{k}: …' for k in required or known)}}}"
    value = str(node.value).strip()
    addressed = "url" in known and re.match(r"^(https?://|www\.)", value, re.IGNORECASE)
    first = "url" if addressed else next(iter(required or known))
    shape = _flow(known, {first: value})
    return f"write each entry as `- {shape}`" if item else f"write `{_key(name)}: {shape}`"


def _flow(known: dict[str, Spec], given: dict[str, str]) -> str:
    """`{text: "…", speaker: …}`: the given values (quoted where a `,` or `: ` would end them) and every
    required field."""
    required = [key for key, spec in known.items() if spec.default is MISSING]
    shown = {key: _in_flow(value) for key, value in given.items()} | {k: "…" for k in required if k not in given}
    return "{" + ", ".join(f"{key}: {text}" for key, text in shown.items()) + "}"


def _in_flow(value: str) -> str:
    written = yaml_scalar(value)
    return json.dumps(value, ensure_ascii=False) if re.search(r"[,\[\]{}]|: |^[\"']", written) else written


def missing(r: Reader, node: yaml.Node, name: str, cls: type, key: str) -> Any:
    """Report that field `key` of `cls` is missing from the mapping `node` (`name`: where it is, "" at the top)."""
    return r.error(node, f"{name}.{key}" if name else key, "is missing", entries(cls)[key].hint)


def _closest(key: str, known: list[str]) -> str | None:
    """The field an unknown key most likely meant: a near spelling, another case, or another generator's name."""
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6) or [k for k in known if k.lower() == key.lower()]
    if not close and SYNONYMS.get(key.lower()) in known:
        close = [SYNONYMS[key.lower()]]
    return close[0] if close else None


def _fields_of(known: dict[str, Spec]) -> str:
    return f"known fields: {', '.join(known)}"


def unwritten(cls: type) -> Any:
    """The record an editor gets by leaving all of it out: every field at its default."""
    return cls(**{entry.name: entry.default for entry in entries(cls).values()})


def valid(value: Any, otherwise: Any) -> Any:
    """`value`, or `otherwise` when it could not be read: for checks that look at several fields."""
    return otherwise if value is INVALID else value


def record(cls: type) -> Read:
    """A mapping read into dataclass `cls`."""

    def read(r: Reader, node: yaml.Node, name: str) -> Any:
        values = read_fields(r, node, name, cls)
        return INVALID if values is INVALID else cls(**values)

    return read


def record_list(cls: type) -> Read:
    """A list of records, e.g. quotes: [{text: …, speaker: …}]."""

    def read_one(r: Reader, node: yaml.Node, name: str) -> Any:
        values = read_fields(r, node, name, cls, item=True)
        return INVALID if values is INVALID else cls(**values)

    def read(r: Reader, node: yaml.Node, name: str) -> Any:
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            return ()
        if not isinstance(node, yaml.SequenceNode):
            hint = f"write each entry on a line of its own, as `- {_flow(entries(cls), {})}`"
            return r.error(node, name, f"expected a list of entries, found {_kind(node)}", hint)
        items = [read_one(r, item, name) for item in node.value]
        return INVALID if any(item is INVALID for item in items) else tuple(items)

    return read


def table(cls: type) -> Read:
    """slug → record of dataclass `cls` (its `slug` field is the key), in file order; slugs must be URL-safe."""

    def read(r: Reader, node: yaml.Node, name: str) -> Any:
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            return {}
        if not isinstance(node, yaml.MappingNode):
            first = node.value[0] if isinstance(node, yaml.SequenceNode) and node.value else None
            slug = first.value if isinstance(first, yaml.ScalarNode) and SLUG_RE.match(str(first.value)) else "slug"
            hint = f"write one entry a line, `{slug}: {_flow(entries(cls), {})}`, indented under `{_key(name)}:`"
            return r.error(node, name, f"expected entries `slug: {{…}}`, found {_kind(node)}", hint)
        result: dict[str, Any] = {}
        first: dict[str, int] = {}  # slug → its line, whether or not its entry is valid
        for key_node, value_node in node.value:
            slug = str(key_node.value)
            if slug in first:
                r.error(key_node, f"{name}.{slug}", f"appears twice (first on line {first[slug]})", "keep one of them")
                continue
            first[slug] = r.line(key_node)
            if not SLUG_RE.match(slug):
                hint = f"write it `{slugify(slug)}`: lowercase letters, digits and single hyphens"
                r.error(key_node, f"{name}.{slug}", "is not a valid slug", hint)
                continue
            values = read_fields(r, value_node, f"{name}.{slug}", cls)
            if values is not INVALID:
                result[slug] = cls(slug=slug, **values)
        return result

    return read


def suggest(word: str, known: list[str]) -> str:
    """A did-you-mean hint, or the list of choices when nothing is close."""
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.5)
    if close:
        return f"did you mean `{close[0]}`?"
    if not known:
        return "none are defined in config.yaml yet"
    shown = ", ".join(known[:12]) + (", …" if len(known) > 12 else "")
    return f"use one defined in config.yaml: {shown}"


def yaml_scalar(value: str) -> str:
    """One YAML scalar on one line, quoted only when needed, read back by safe_load as exactly ``value``."""
    out = yaml.safe_dump(value, allow_unicode=True, width=1_000_000, default_flow_style=True)
    return out.removesuffix("\n").removesuffix("\n...")
