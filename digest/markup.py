"""Markdown for untrusted text: one configured markdown-it parser for the whole build.

Raw HTML is off and markdown-it's link validation refuses ``javascript:``,
``vbscript:``, ``file:`` and most ``data:`` URLs, so scraped text can never
inject markup or script. The front matter plugin finds the YAML block; the
anchors plugin gives subheadings stable ids a reader can link to.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import takewhile

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

SUMMARY_LIMIT = 320
# markdown-it stops reading a list or quotation nested maxNesting (100) levels deep, and drops the rest of it
# without a word; a list takes two levels a step. One level short of that, the article is refused instead.
NESTING_LIMIT = 99


@functools.cache
def parser() -> MarkdownIt:
    md = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})
    interrupts = {"alt": ["paragraph", "reference", "blockquote"]}
    md.block.ruler.before("html_block", "comment", _comment_lines, interrupts)
    md.inline.ruler.before("autolink", "comment", _comment)
    md.block.ruler.before("reference", "footnote", _footnote_line, interrupts)
    return md.use(front_matter_plugin).use(anchors_plugin, min_level=2, max_level=4)


def _comment_lines(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Lines that are an HTML comment, `<!--` to `-->`, blank lines and all: an editor's note, never published.
    Raw HTML is off, so without this rule readers would see the note as text. A comment never closed, or with
    text after its `-->`, is left to the paragraph (and `_comment`): no word of the article is lost."""
    first = state.bMarks[start] + state.tShift[start]
    if state.sCount[start] - state.blkIndent >= 4 or not state.src.startswith("<!--", first):
        return False
    line, skip = start, first + 4
    while line < end:
        closing = state.src.find("-->", skip, state.eMarks[line])
        if closing != -1:
            if state.src[closing + 3 : state.eMarks[line]].strip():
                return False
            if not silent:
                state.line = line + 1
            return True
        line += 1
        skip = state.bMarks[line] if line < end else 0
    return False


_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]:")  # `[^1]:`, a footnote's definition in Markdown dialects that have them


def _footnote_line(state: StateBlock, start: int, end: int, silent: bool) -> bool:  # noqa: ARG001
    """`[^1]: Reuters.`, a footnote, which digest does not render: a paragraph of its own, shown as written (load.py
    warns). Else it reads as a link definition: the line vanishes and every `[^1]` links to `Reuters.`, no page."""
    first = state.bMarks[start] + state.tShift[start]
    found = _FOOTNOTE.match(state.src, first, state.eMarks[start])
    if state.sCount[start] - state.blkIndent >= 4 or found is None:
        return False
    if silent:
        return True
    opening = state.push("paragraph_open", "p", 1)
    opening.map, opening.meta = [start, start + 1], {"footnote": found.group(1)}
    inline = state.push("inline", "", 0)
    inline.content, inline.map, inline.children = state.src[first : state.eMarks[start]].strip(), [start, start + 1], []
    state.push("paragraph_close", "p", -1)
    state.line = start + 1
    return True


def _comment(state: StateInline, silent: bool) -> bool:
    """An HTML comment inside a paragraph, dropped: see `_comment_lines`."""
    if not state.src.startswith("<!--", state.pos):
        return False
    closing = state.src.find("-->", state.pos + 4)
    if closing == -1:
        return False
    state.pos = closing + 3
    return True


@dataclass(frozen=True)
class Document:
    front_matter: str | None  # the YAML text, None when the file has none
    front_matter_end: int  # 0-based line index of the closing `---`
    unclosed: bool  # opened with `---` but never closed
    body_html: str
    paragraphs: tuple[str, ...]  # plain text of each paragraph (not headings), for summaries, quotes, stories
    paragraph_lines: tuple[int, ...]  # the file line where each paragraph starts
    has_body: bool
    too_deep: int | None = None  # the file line where lists or quotes nest past NESTING_LIMIT, if they do
    links: tuple[tuple[int, str, bool], ...] = ()  # (file line, address, whether an image) of each link and image
    refused: tuple[tuple[int, str], ...] = ()  # (file line, address) of each link refused as unsafe: shown as text
    sections: frozenset[int] = frozenset()  # the paragraphs with a heading just above them (a transcript's turn ends)
    unclosed_fence: tuple[int, str] | None = None  # (file line, ``` or ~~~) of a code fence never closed
    indented: tuple[int, ...] = ()  # the file lines of text indented 4 spaces, which Markdown shows as code
    html: tuple[tuple[int, str], ...] = ()  # (file line, tag) of HTML written in the text: shown as text
    titles: tuple[int, ...] = ()  # the file lines of `#` headings, as big as the article's title
    unlinked: tuple[tuple[int, str], ...] = ()  # (file line, as written) of `[text](address)` Markdown left as text
    footnotes: tuple[tuple[int, str], ...] = ()  # (file line, label) of each footnote's definition, shown as text
    pasted: tuple[int, int] | None = None  # the first and last file lines of front matter pasted again below it
    underlined: tuple[tuple[int, str], ...] = ()  # (file line, - or =) of a `---` or `===` under text: a heading

    @property
    def first_paragraph(self) -> str:
        return shorten(self.paragraphs[0]) if self.paragraphs else ""


def parse(text: str) -> Document:
    md = parser()
    tokens = md.parse(text)
    front, end = None, 0
    if tokens and tokens[0].type == "front_matter":
        front, end = tokens[0].content, tokens[0].map[1] - 1 if tokens[0].map else 0
        tokens = tokens[1:]
    unclosed = front is None and text.lstrip("\ufeff").startswith("---")
    deep = next((token for token in tokens if token.level >= NESTING_LIMIT), None)
    opens = [
        i
        for i, token in enumerate(tokens)
        if token.type == "paragraph_open" and i + 1 < len(tokens) and tokens[i + 1].type == "inline"
    ]
    return Document(
        front_matter=front,
        front_matter_end=end,
        unclosed=unclosed,
        body_html=md.renderer.render(tokens, md.options, {}) if tokens else "",
        paragraphs=tuple(_plain(tokens[i + 1]) for i in opens),
        paragraph_lines=tuple((tokens[i].map or [0])[0] + 1 for i in opens),
        has_body=any(t.type == "inline" and t.content.strip() for t in tokens),
        too_deep=None if deep is None else (deep.map or [0])[0] + 1,
        links=tuple(_links(tokens)),
        refused=tuple(_refused(md, tokens)),
        unlinked=tuple(_unlinked(md, tokens)),
        sections=_sections(tokens, opens),
        unclosed_fence=_unclosed_fence(tokens, text.split("\n")),
        indented=tuple((token.map or [0])[0] + 1 for token in tokens if token.type == "code_block"),
        html=tuple(_html(tokens)),
        titles=tuple(
            (t.map or [0])[0] + 1
            for t in tokens
            if t.type == "heading_open" and t.markup.startswith("#") and t.tag == "h1"
        ),
        underlined=tuple(
            ((t.map or [0, 1])[1], t.markup) for t in tokens if t.type == "heading_open" and t.markup in ("-", "=")
        ),
        footnotes=tuple(((t.map or [0])[0] + 1, t.meta["footnote"]) for t in tokens if "footnote" in (t.meta or {})),
        pasted=_pasted_front_matter(text.split("\n"), end) if front is not None else None,
    )


_FRONT_FIELD = re.compile(r"^(title|date)\s*:")  # what every front matter holds


def _pasted_front_matter(lines: list[str], end: int) -> tuple[int, int] | None:
    """The file lines (first, last) of a second front matter just below the first (a copy pasted twice): `---`,
    fields with a `title:` or `date:`, and `---` again. Markdown shows it as a rule and a heading of its fields."""
    start = next((at for at in range(end + 1, len(lines)) if lines[at].strip()), None)
    if start is None or lines[start].strip() != "---":
        return None
    closing = next((at for at in range(start + 1, len(lines)) if lines[at].strip() == "---"), None)
    fields = lines[start + 1 : closing]
    if closing is None:  # never closed: up to its last field
        fields = list(takewhile(lambda line: line.strip() and not line.startswith(" " * 4), fields))
        closing = start + len(fields)
    return (start + 1, closing + 1) if any(_FRONT_FIELD.match(line) for line in fields) else None


# The HTML an editor may paste (an embed's code, a word processor's markup): raw HTML is off, so readers would
# see it as text. Tags only, by name, so "a <b> c" in prose or "<3" is not taken for one.
_TAG = re.compile(
    r"</?(script|iframe|div|span|p|br|a|img|b|i|u|s|em|strong|small|sup|sub|mark|cite|q|blockquote|figure"
    r"|figcaption|table|thead|tbody|tr|td|th|ul|ol|li|h[1-6]|hr|embed|object|video|audio|source|center|font"
    r"|style|link|meta|section|article|pre|code|noscript|form|input|button|svg)\b[^<>]*>",
    re.IGNORECASE,
)


def _html(tokens: list[Token]) -> Iterator[tuple[int, str]]:
    """The first HTML tag of each line of text, outside code, with its file line."""
    for token in tokens:
        if token.type != "inline" or "<" not in token.content:
            continue
        text = _CODE_SPAN.sub(lambda span: " " * len(span.group()), token.content)
        line, last = (token.map or [0])[0] + 1, None
        for tag in _TAG.finditer(text):
            at = line + text.count("\n", 0, tag.start())
            if at != last:
                yield at, tag.group()
                last = at


def _unclosed_fence(tokens: list[Token], lines: list[str]) -> tuple[int, str] | None:
    """The line of a code fence never closed: Markdown runs it to the end, and the article below it is code."""
    for token in tokens:
        if token.type == "fence" and token.map:
            last = lines[token.map[1] - 1].strip() if token.map[1] - 1 < len(lines) else ""
            closed = token.map[1] - token.map[0] > 1 and last.startswith(token.markup) and not last.strip("`~")
            if not closed:
                return token.map[0] + 1, token.markup
    return None


def _sections(tokens: list[Token], opens: list[int]) -> frozenset[int]:
    """The paragraphs (by their index among `opens`) that a heading comes just before."""
    found = set()
    previous = 0
    for index, at in enumerate(opens):
        if any(token.type == "heading_open" for token in tokens[previous:at]):
            found.add(index)
        previous = at
    return frozenset(found)


def _links(tokens: list[Token]) -> Iterator[tuple[int, str, bool]]:
    for token in tokens:
        if token.type == "inline" and token.children:
            line = (token.map or [0])[0] + 1
            for child in token.children:
                image = child.type == "image"
                address = child.attrGet("src") if image else child.attrGet("href")
                if (image or child.type == "link_open") and isinstance(address, str):
                    yield line, address, image


_WRITTEN_LINK = re.compile(r"(?<!\\)\]\(\s*<?([^\s)>]+)")  # `](address`, where a link's address is written
_CODE_SPAN = re.compile(r"(`+).*?\1")  # `[text](address)` in backticks is shown as written, not a link


def _refused(md: MarkdownIt, tokens: list[Token]) -> Iterator[tuple[int, str]]:
    """Addresses markdown-it refuses (javascript:, vbscript:, file:, most data:): their links stay as text."""
    for token in tokens:
        if token.type == "inline" and "](" in token.content:
            line = (token.map or [0])[0] + 1
            for address in _WRITTEN_LINK.findall(_CODE_SPAN.sub("", token.content)):
                if not md.validateLink(md.normalizeLink(address)):
                    yield line, address


# `[text](address)` as an editor means it, with a web or site address: where Markdown made no link of it (a space
# in the address, or between `]` and `(`), readers see the brackets and the address as text.
_MEANT_LINK = re.compile(r"(?<![\\!])\[[^\[\]\n]+\]([ \t]*)\((https?://|www\.|/)([^()\n]*)\)")


_TITLED = re.compile(r"""\s+("[^"]*"|'[^']*')\s*$""")


def _unlinked(md: MarkdownIt, tokens: list[Token]) -> Iterator[tuple[int, str]]:
    """Links written in Markdown that Markdown did not read as links (their address is not among the links it
    made of the line), with their line."""
    for token in tokens:
        if token.type != "inline" or "](" not in token.content and "] (" not in token.content:
            continue
        made = {child.attrGet("href") for child in token.children or [] if child.type == "link_open"}
        text = _CODE_SPAN.sub(lambda span: " " * len(span.group()), token.content)
        for found in _MEANT_LINK.finditer(text):
            address = _TITLED.sub("", found.group(2) + found.group(3)).strip()  # `(address "a title")`
            if found.group(1) or md.normalizeLink(address) not in made:
                yield (token.map or [0])[0] + 1 + text.count("\n", 0, found.start()), found.group()


def render_inline_text(markdown: str) -> str:
    """Plain text of a short Markdown string (a summary), markup removed."""
    return _plain(parser().parseInline(markdown)[0]) if markdown.strip() else ""


def _plain(inline: Token) -> str:
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def shorten(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """Cut at a word boundary so list pages stay short."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:—–- ")
    return cut + "…"
