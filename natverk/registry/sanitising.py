"""Text written by people is stored as a few harmless HTML tags, and edited as plain
paragraphs: a blank line between paragraphs, lines beginning with "- " (or "1. ") for a
list, web addresses that become links. `paragraphs_to_html` and `html_to_paragraphs`
turn one into the other; what the second writes, the first reads back to the same HTML."""

import re
from html import escape
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}

_ADDRESS = re.compile(
    r"(https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]])|(mailto:[^\s<>\"']+[^\s<>\"'.,;:!?)\]])"
)
_BULLET = re.compile(r"^[-*•]\s+")
_NUMBER = re.compile(r"^\d+[.)]\s+")


def sanitise_rich_text(html: str) -> str:
    if not html:
        return html
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def _linked(line: str) -> str:
    """The line escaped, its web and mail addresses made links."""
    out, last = [], 0
    for match in _ADDRESS.finditer(line):
        out.append(escape(line[last : match.start()], quote=False))
        address = match.group(0)
        shown = address.removeprefix("mailto:")
        out.append(f'<a href="{escape(address)}">{escape(shown, quote=False)}</a>')
        last = match.end()
    out.append(escape(line[last:], quote=False))
    return "".join(out)


def paragraphs_to_html(text: str) -> str:
    """Plain paragraphs as sanitised HTML: each block between blank lines a <p> (its
    lines kept apart by <br>), or a list when every line of it begins with "- "
    (<ul>) or a number and a full stop (<ol>)."""
    blocks = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").replace("\r", "\n"))
    html = []
    for block in blocks:
        lines = [" ".join(line.split()) for line in block.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        for pattern, tag in ((_BULLET, "ul"), (_NUMBER, "ol")):
            if all(pattern.match(line) for line in lines):
                items = "".join(f"<li>{_linked(pattern.sub('', line))}</li>" for line in lines)
                html.append(f"<{tag}>{items}</{tag}>")
                break
        else:
            html.append(f"<p>{'<br>'.join(_linked(line) for line in lines)}</p>")
    return sanitise_rich_text("".join(html))


class _Paragraphs(HTMLParser):
    """Reads the stored HTML into blocks of lines."""

    BLOCKS = {"p", "h3", "h4", "blockquote", "ul", "ol", "div"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[str]] = []
        self.line: list[str] = []
        self.lines: list[str] = []
        self.lists: list[list] = []  # [tag, number]
        self.link: tuple[str, list[str]] | None = None

    def _end_line(self) -> None:
        line = " ".join("".join(self.line).split())
        if line:
            self.lines.append(line)
        self.line = []

    def _end_block(self) -> None:
        self._end_line()
        if self.lines:
            self.blocks.append(self.lines)
        self.lines = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS and not (tag in ("p", "div") and self.lists):
            self._end_block()
        if tag in ("ul", "ol"):
            self.lists.append([tag, 0])
        elif tag == "li":
            self._end_line()
            if self.lists:
                self.lists[-1][1] += 1
                kind, number = self.lists[-1]
                self.line.append("- " if kind == "ul" else f"{number}. ")
            else:
                self.line.append("- ")
        elif tag == "br":
            self._end_line()
        elif tag == "a":
            self.link = (dict(attrs).get("href") or "", [])

    def handle_endtag(self, tag):
        if tag == "a" and self.link is not None:
            href, words = self.link
            shown = " ".join("".join(words).split())
            self.link = None
            bare = href.removeprefix("mailto:")
            if not href or shown in (href, bare):
                self.line.append(shown or bare)
            elif shown:
                self.line.append(f"{shown} ({bare})")
            else:
                self.line.append(bare)
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self._end_block()
        elif tag == "li":
            self._end_line()
        elif tag in self.BLOCKS and not self.lists:
            self._end_block()

    def handle_data(self, data):
        (self.link[1] if self.link is not None else self.line).append(data)


def html_to_paragraphs(html: str) -> str:
    """The stored HTML as the plain paragraphs it is edited as. Emphasis is dropped (it
    has no plain form); every word, line, list item and link address is kept."""
    if not html:
        return ""
    reader = _Paragraphs()
    reader.feed(sanitise_rich_text(html))
    reader.close()
    reader._end_block()
    return "\n\n".join("\n".join(lines) for lines in reader.blocks)
