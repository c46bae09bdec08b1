"""From the bytes of an uploaded page to a list of blocks: headings, paragraphs, labels and
list items, each with the line it starts on. Plain text and HTML end up in the same shape.

HTML is read by a streaming parser that keeps only a stack of open elements, so time and
memory grow with the size of the page and not with how deeply it nests, and menus,
banners, scripts and the site's header and footer are left out as they are met.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.utils.translation import gettext as _

from natverk.importing.errors import ImportProblem

MAX_BYTES = 25 * 1024 * 1024

BULLET = re.compile(r"^\s*(?:[-•*–·▪◦]|\d{1,2}[.)])\s+")
# A short label and a colon at the start of a line: "Sammankallande: Region Skåne".
LABEL_LINE = re.compile(r"^\s*[A-ZÅÄÖ][\wåäö-]{1,25}(?: [\wåäö-]{1,25}){0,3}:(?:\s|$)")
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
SENTENCE_END = re.compile(r"[.!?;,:]\s*$")
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# Controls and the marks that reorder text (bidirectional overrides and isolates): they
# are never part of a name, and a name holding one could read differently from what it is.
CONTROLS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
CONTACT_HEADING = re.compile(r"^kontakt(?:person(?:er)?|uppgifter|information)?:?$", re.I)
# An e-mail address or a Swedish phone number ("040-12 34 56", "+46 40 123 45 67"): a
# person's contact details, which the public site never shows.
CONTACT_DETAILS = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?<![\w+-])(?:\+46\s*(?:\(0\)\s*)?|0)\d{1,3}(?:\s*[-–/]\s*|\s)?\d{2,3}"
    r"(?:[\s-]?\d{2,3}){1,3}(?![\w-])"
)
# Columns of a table that was flattened into text: a tab, or a gap of three spaces.
COLUMNS = re.compile(r"\t+|\s{3,}")


@dataclass
class Block:
    kind: str  # "heading", "paragraph", "label" (a short line over a list) or "item"
    text: str
    line: int
    level: int = 0  # headings: 1 for the page title, more for the levels below
    lines: bool = False  # items: one of several lines of a paragraph, not a bullet
    network: bool = False  # headings: made from a list item that names a network


@dataclass
class Source:
    """The page as blocks, with what was noticed while cutting it."""

    blocks: list[Block]
    title: str = ""  # the HTML <title>, for the page's name and what it is about
    findings: list[str] = field(default_factory=list)


def decode(data: bytes) -> str:
    """The page as text. UTF-8 first (with or without a byte-order mark), UTF-16 with a
    byte-order mark, then the Windows and Latin-1 encodings older Swedish pages use."""
    if not data.strip():
        raise ImportProblem(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ImportProblem(
            _("The file is %(size).1f MB; a page can be at most %(limit)d MB.")
            % {"size": len(data) / 1024 / 1024, "limit": MAX_BYTES // 1024 // 1024}
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportProblem(_("The file is not text (it looks like a binary file).")) from None
    sample = data[:8192]
    controls = sum(byte < 9 or 13 < byte < 32 for byte in sample)
    if sample.count(0) > len(sample) // 100 or controls > len(sample) // 50:
        raise ImportProblem(_("The file is not text (it looks like a binary file)."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def clean_text(text: str) -> str:
    """The page's text in one form: composed characters, LF line ends, no controls or
    invisible marks. Tabs stay: in plain text they divide the columns of a table."""
    text = unicodedata.normalize("NFC", text).translate(INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return CONTROLS.sub("", text)


def collapse(text: str) -> str:
    return " ".join(text.split())


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:2000].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or bool(
        re.search(r"<(body|main|article|div|p|h[1-6]|ul|table|section)[\s>]", head)
    )


def heading_like(line: str) -> bool:
    """A short line without sentence punctuation, as a name on a line of its own is."""
    words = line.split()
    return (
        0 < len(words) <= 12
        and len(line) <= 120
        and not SENTENCE_END.search(line)
        and ": " not in line  # "Sammankallande: Region Skåne" is a label and its value
        and (line[0].isupper() or line[0].isdigit())
        and not CONTACT_DETAILS.search(line)  # "Anna Berg, anna.berg@…": a person, not a name
    )


def short_line(line: str) -> bool:
    """A line of a list written one name a line: short, without a sentence's end."""
    return 0 < len(line.split()) <= 14 and not re.search(r"[.!?]\s*$", line)


# Plain text ------------------------------------------------------------------------


def text_blocks(text: str) -> list[Block]:
    """Blocks of a plain-text page: paragraphs are separated by blank lines; a lone short
    line is a heading; lines starting with a bullet are list items; lines with columns
    (a table flattened into text) are items, one row each."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    start = 0

    def flush() -> None:
        if paragraph:
            blocks.extend(paragraph_blocks(paragraph, start))
            paragraph.clear()

    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            flush()
            continue
        if paragraph and LABEL_LINE.match(line):
            flush()  # "Sammankallande: X" on its own line starts a paragraph of its own
        if not paragraph:
            start = number
        paragraph.append(line.rstrip())
    flush()
    return footnotes_as_text(mark_headings(blocks))


def footnotes_as_text(blocks: list[Block]) -> list[Block]:
    """'* Länsstyrelsen Skåne deltar som adjungerad.' below a list whose names carry a
    star is a footnote, not one more item."""
    starred = False
    for block in blocks:
        if block.kind == "item" and block.text.startswith("\u2217") and starred:
            block.kind = "paragraph"
        if "*" in block.text and re.search(r"\w\*", block.text):
            starred = True
        block.text = block.text.removeprefix("\u2217").strip()
    return blocks


def paragraph_blocks(lines: list[str], start: int) -> list[Block]:
    """One run of non-blank lines: items for bulleted lines (a line without a bullet
    continues the item before it), rows for lines with columns, a markdown heading, or
    one paragraph."""
    blocks: list[Block] = []
    prose: list[str] = []
    prose_start = start
    rows = [table_row(line) for line in lines]

    def flush_prose() -> None:
        if prose:
            blocks.append(Block("paragraph", collapse(" ".join(prose)), prose_start))
            prose.clear()

    for offset, line in enumerate(lines):
        number = start + offset
        heading = MARKDOWN_HEADING.match(line.strip())
        if heading:
            flush_prose()
            blocks.append(Block("heading", collapse(heading[2]), number, len(heading[1])))
        elif BULLET.match(line):
            flush_prose()
            star = "\u2217" if line.lstrip().startswith("*") else ""
            blocks.append(Block("item", star + collapse(BULLET.sub("", line)), number))
        elif rows[offset]:
            flush_prose()
            cells = [collapse(c) for c in COLUMNS.split(line.strip()) if c.strip()]
            blocks.append(Block("item", row_item(cells), number, lines=True))
        elif offset + 1 < len(lines) and rows[offset + 1] and short_line(line.strip()):
            flush_prose()  # the caption of the table below it
            blocks.append(Block("label", collapse(line), number))
        elif blocks and blocks[-1].kind == "item" and not prose and line.startswith(" "):
            blocks[-1].text = collapse(f"{blocks[-1].text} {line}")
        else:
            if not prose:
                prose_start = number
            prose.append(line)
    flush_prose()
    return blocks


def table_row(line: str) -> bool:
    """Whether a line is a row of a table flattened into text: short cells apart by a
    tab or a wide gap, not a sentence with a tab in it."""
    cells = [c.strip() for c in COLUMNS.split(line.strip()) if c.strip()]
    return (
        len(cells) >= 2
        and all(len(c.split()) <= 8 and not c.endswith((",", ":", ";")) for c in cells)
        and not re.search(r"[.!?]\s*$", line.strip())
    )


def mark_headings(blocks: list[Block]) -> list[Block]:
    """A one-line paragraph that reads like a name, followed by more text, is a heading;
    the first one on the page is its title."""
    title_seen = any(b.kind == "heading" and b.level == 1 for b in blocks)
    for index, block in enumerate(blocks):
        if block.kind != "paragraph" or not heading_like(block.text):
            continue
        if index > 0 and (
            FOOTER_LABELS.match(blocks[index - 1].text)
            or CONTACT_HEADING.match(blocks[index - 1].text)
        ):
            continue  # the value of "Sidansvarig" or "Kontaktperson" below it, not a heading
        block.kind = "heading"
        block.level = 2 if title_seen else 1
        title_seen = True
    return blocks


# HTML ------------------------------------------------------------------------------

# Elements whose content is never text of the page.
SKIPPED_TAGS = {"script", "style", "noscript", "template", "svg", "iframe", "select",
                "object", "canvas", "textarea", "head", "option", "math"}  # fmt: skip
# Controls: their text is a button's or a field's, except a toggle inside a heading.
CONTROL_TAGS = {"button", "input", "label"}
# The site around the content: menus, the site's header and footer, side columns.
FRAME_TAGS = {"nav", "header", "footer", "aside"}
# What marks a menu, banner or tool in a class, id or role. The short words must be whole
# words of the marker ("sv-share-links", "skipLink"), so that "shared-content",
# "blueprint" or "modelarea" is kept.
DROPPED_MARKERS = re.compile(
    r"cookie|consent|gdpr|breadcrumb|readspeaker|sitemap|visually-?hidden|sr-only"
    r"|screen-?reader|(?<![a-z0-9])(?:skip|skiplink|share|dela|social|search|sok|menu"
    r"|meny|navigation|toolbar|print|lyssna|ribbon)s?(?![a-z0-9])",
    re.IGNORECASE,
)
FOOTER_LABELS = re.compile(
    r"senast (uppdaterad|ändrad|granskad)|sidansvarig|uppdaterad:|ansvarig för sidan"
    r"|sidan (?:granskad|granskades|uppdaterades)|informationen granskades"
    r"|publicerad|publicerat|publiceringsdatum",
    re.IGNORECASE,
)
BLOCK_TAGS = {"p", "div", "section", "article", "main", "header", "footer", "aside", "ul",
              "ol", "dl", "table", "thead", "tbody", "tfoot", "blockquote", "figure",
              "figcaption", "address", "details", "body", "html", "caption", "form",
              "fieldset", "center", "hr", "pre"}  # fmt: skip
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
VOID_TAGS = {"br", "img", "hr", "input", "meta", "link", "source", "wbr", "area", "col",
             "base", "embed", "param", "track"}  # fmt: skip
# Ends of an element that a new one implies, as browsers read them.
IMPLIED_END = {"p": {"p", "div", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
                     "section", "article", "dl", "figure", "blockquote", "address"},
               "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "tr": {"tr"},
               "td": {"td", "th", "tr"}, "th": {"td", "th", "tr"}}  # fmt: skip
# What heavy pages carry that is never text: scripts, styles, inline images and comments.
HEAVY = re.compile(
    r"<(script|style|svg|template)\b[^>]*>.*?</\1\s*>|<!--.*?-->|\bdata:[^\"')\s]{64,}",
    re.IGNORECASE | re.DOTALL,
)
MAIN_CHOICES = [
    re.compile(r"<main[\s>]", re.I),
    re.compile(r"<[a-z0-9]+\s[^>]*\brole\s*=\s*[\"']?main\b", re.I),
    re.compile(r"<article[\s>]", re.I),
    re.compile(r"<[a-z0-9]+\s[^>]*\bid\s*=\s*[\"']?(?:content|main|innehall|main-content)[\"'\s>]",
               re.I),
]  # fmt: skip


@dataclass
class _Frame:
    tag: str
    skipped: bool = False  # nothing inside is text
    framing: bool = False  # the site around the content: only its footer labels count
    main: bool = False  # the page's main content
    emphasis: bool = False  # <strong>/<b>


class _Reader(HTMLParser):
    """Blocks from HTML as its tags stream by."""

    def __init__(self, main: re.Pattern | None) -> None:
        super().__init__(convert_charrefs=True)
        self.main_choice = main
        self.main_found = main is None  # without a main element the body is the content
        self.in_main = main is None
        self.stack: list[_Frame] = []
        self.blocks: list[Block] = []
        self.footer: list[Block] = []
        self.buffer: list[str] = []
        self.plain = 0  # characters of the current paragraph outside <strong>
        self.strong = 0
        self.line = 1
        self.heading: tuple[int, list[str], int] | None = None  # level, text, line
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.framing_text: list[str] = []
        self.title: list[str] | None = None
        self.title_text = ""
        self.skipped_depth = 0
        self.framing_depth = 0
        self.emphasis_depth = 0
        self.sup: int | None = None  # where a <sup> began in the buffer
        self.header_row = False  # the row being read has only <th> cells

    # Elements --------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag == "title" and not self.title_text:
            self.title = []
        if tag in VOID_TAGS:
            if tag == "br":
                self._text("\n")
            elif tag == "hr":
                self._flush()
            return
        for open_tag, ended_by in IMPLIED_END.items():
            if tag in ended_by and self.stack and self.stack[-1].tag == open_tag:
                self.handle_endtag(open_tag)
        frame = _Frame(tag)
        values = dict(attrs)
        marker = " ".join(filter(None, [values.get("id"), values.get("class"), values.get("role")]))
        marker = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", marker)
        starts_main = (
            not self.main_found
            and self.main_choice is not None
            and self.main_choice.match(self.get_starttag_text() or "")
        )
        if starts_main:
            self.main_found = self.in_main = frame.main = True
            self.framing_depth = 0  # a wrapper of the main content is never left out
        if tag in SKIPPED_TAGS:
            frame.skipped = True
        elif not frame.main and (
            tag in FRAME_TAGS
            or (marker and DROPPED_MARKERS.search(marker) and tag not in ("main", "body"))
        ):
            frame.framing = True
        elif tag in CONTROL_TAGS and not (self.heading and tag == "button"):
            frame.skipped = True
        frame.emphasis = tag in ("strong", "b")
        if tag == "sup":
            self.sup = len(self.buffer)
        self.skipped_depth += frame.skipped
        self.framing_depth += frame.framing
        self.emphasis_depth += frame.emphasis
        self.stack.append(frame)
        self._open(tag)

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag == "title" and self.title is not None:
            self.title_text = collapse("".join(self.title))
            self.title = None
        if not any(frame.tag == tag for frame in self.stack):
            return  # an end tag that closes nothing
        while self.stack:
            frame = self.stack.pop()
            self._close(frame.tag)
            self.skipped_depth -= frame.skipped
            self.framing_depth -= frame.framing
            self.emphasis_depth -= frame.emphasis
            if (frame.framing or frame.main) and not self.framing_depth:
                self._framing_done()
            if frame.main:
                self._flush()
                self.in_main = False
            if frame.tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.title is not None:
            self.title.append(data)
            return
        self._text(data)

    # Text ------------------------------------------------------------------------

    def _visible(self) -> bool:
        return self.in_main and not self.skipped_depth and not self.framing_depth

    def _text(self, data: str) -> None:
        if self.skipped_depth:
            return
        if self.framing_depth or not self.in_main:
            self.framing_text.append("\x1e" if data == "\n" else re.sub(r"\s+", " ", data))
            return
        if not self.buffer and not self.heading and data.strip():
            self.line = self.getpos()[0]
        # Line ends in HTML source are spaces; only <br> breaks a line.
        text = data if data == "\n" else re.sub(r"\s+", " ", data)
        if self.cell is not None:
            self.cell.append(text)
        elif self.heading is not None:
            self.heading[1].append(text)
        else:
            self.buffer.append(text)
            if text.strip() and text != "\n":
                if self.emphasis_depth:
                    self.strong += len(text.strip())
                else:
                    self.plain += len(text.strip())

    def _framing_done(self) -> None:
        """The footer labels the site's frame holds ("Senast uppdaterad: …"), with the
        line after a label that stands alone."""
        lines = [collapse(raw) for raw in "".join(self.framing_text).split("\x1e")]
        lines = [line for line in lines if line]
        self.framing_text = []
        for index, line in enumerate(lines):
            if FOOTER_LABELS.search(line) and len(line) <= 200:
                self.footer.append(Block("paragraph", line, self.getpos()[0]))
                if line.endswith(":") and index + 1 < len(lines):
                    self.footer.append(Block("paragraph", lines[index + 1], self.getpos()[0]))

    def _open(self, tag: str) -> None:
        if not self._visible():
            if self.framing_text and (tag in BLOCK_TAGS or tag in ("li", "td", "th", "tr")):
                self.framing_text.append("\x1e")
            return
        if self.cell is not None and (tag in HEADING_TAGS or tag in ("p", "ul", "ol", "table")):
            # A table used for layout: its cells hold paragraphs, not one row of a list.
            cells = [*(self.row or []), collapse("".join(self.cell))]
            self.row = self.cell = None
            self.blocks.extend(Block("paragraph", c, self.line) for c in cells if c)
        if tag in HEADING_TAGS or tag == "summary":
            self._flush()
            level = int(tag[1]) if tag in HEADING_TAGS else 4
            self.heading = (level, [], self.getpos()[0])
        elif tag == "tr":
            self._flush()
            self.row = []
            self.header_row = True
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
            self.header_row = self.header_row and tag == "th"
        elif tag in ("li", "dt", "dd") or tag in BLOCK_TAGS:
            self._flush()

    def _close(self, tag: str) -> None:
        if tag == "sup" and self.sup is not None:
            mark = "".join(self.buffer[self.sup :]).strip()
            if re.fullmatch(r"[\d*†‡]{1,3}", mark):
                del self.buffer[self.sup :]  # a footnote mark, not part of the name it follows
            self.sup = None
        if tag in HEADING_TAGS or tag == "summary":
            if self.heading is not None:
                level, parts, line = self.heading
                self.heading = None
                text = collapse("".join(parts))
                if text:
                    self.blocks.append(Block("heading", text, line, level))
                elif self._visible():
                    self.blocks.append(Block("heading", "", line, level))
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(collapse("".join(self.cell)))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            cells = [c for c in self.row if c]
            header = self.header_row
            self.row = None
            if cells and not header:
                self.blocks.append(Block("item", row_item(cells), self.getpos()[0], lines=True))
        elif tag == "li":
            self._flush(kind="item")
        elif tag == "dt":
            text = collapse("".join(self.buffer))
            self._reset()
            if text:
                self.blocks.append(
                    Block("paragraph", text if text.endswith(":") else f"{text}:", self.line)
                )
        elif tag == "dd":
            self._flush(kind="item")
        elif tag == "p":
            self._flush(paragraph=True)
        elif tag in BLOCK_TAGS:
            self._flush()

    def _reset(self) -> None:
        self.buffer = []
        self.plain = self.strong = 0

    def _flush(self, *, kind: str | None = None, paragraph: bool = False) -> None:
        text = "".join(self.buffer)
        bold = paragraph and self.strong and not self.plain
        self._reset()
        if not text.strip():
            return
        lines = [collapse(raw) for raw in text.split("\n") if raw.strip()]
        if kind == "item":
            self.blocks.append(Block("item", collapse(text), self.line))
        elif bold and len(lines) == 1 and heading_like(lines[0]):
            # <p><strong>Socialchefsnätverket</strong></p>: a name on a line of its own.
            self.blocks.append(Block("label", lines[0], self.line))
        else:
            self.blocks.extend(line_blocks(lines, self.line))

    def close(self) -> None:
        super().close()
        while self.stack:
            self.handle_endtag(self.stack[-1].tag)
        self._flush()
        if self.framing_text:
            self._framing_done()


ROW_ROLES = [
    (re.compile(r"gemensamt sammankallande", re.I), " (gemensamt sammankallande)"),
    (re.compile(r"sammankallande", re.I), " (sammankallande)"),
    (re.compile(r"adjungerad|observatör", re.I), " (adjungerad)"),
]


def row_item(cells: list[str]) -> str:
    """A table row as a list entry: the first cell with the role another cell gives
    ("Region Skåne (sammankallande)"), or the cells apart by tabs for a row of a person
    and the organisation they sit for."""
    rest = " ".join(cells[1:])
    for pattern, role in ROW_ROLES:
        if pattern.search(rest):
            return cells[0] + role
    if len(cells) > 1 and all(re.fullmatch(r"(?i)medlem|deltagare|ledamot|ordinarie", c)
                              for c in cells[1:]):  # fmt: skip
        return cells[0]
    return "\t".join(cells)


def line_blocks(lines: list[str], line: int) -> list[Block]:
    """One paragraph's lines (broken by <br>): bulleted items; a label and one name a
    line; several short lines, one entry each; or a paragraph."""
    if any(BULLET.match(raw) for raw in lines):
        return paragraph_blocks(lines, line)
    if len(lines) > 1 and lines[0].endswith(":") and len(lines[0].split()) <= 8:
        # "Medlemmar:<br>Region Skåne<br>Malmö stad": a label, then one name a line.
        return [Block("paragraph", lines[0], line)] + [
            Block("item", re.sub(r"(?:,|\s+och|\s+samt)\s*$", "", raw), line, lines=True)
            for raw in lines[1:]
        ]
    ended = sum(1 for raw in lines if re.search(r"[.!?]\s*$", raw))
    if len(lines) > 1 and all(len(raw.split()) <= 14 for raw in lines) and ended * 3 <= len(lines):
        # One entry a line ("Anna Berg (S) regionråd Region Skåne, ordförande.").
        return [Block("item", raw.rstrip("."), line, lines=True) for raw in lines]
    if len(lines) > 1 and any(LABEL_LINE.match(raw) for raw in lines[1:]):
        blocks: list[Block] = []
        paragraph: list[str] = []
        for raw in lines:
            if paragraph and LABEL_LINE.match(raw):
                blocks.append(Block("paragraph", " ".join(paragraph), line))
                paragraph = []
            paragraph.append(raw)
        return [*blocks, Block("paragraph", " ".join(paragraph), line)]
    return [Block("paragraph", " ".join(lines), line)]


def html_blocks(html: str) -> Source:
    """Blocks of the main content of an HTML page. Menus, cookie banners, scripts and the
    site's header and footer are left out; the page's 'Senast uppdaterad' and
    'Sidansvarig' are kept wherever they stand."""
    html = HEAVY.sub(lambda m: "\n" * m[0].count("\n"), html)  # keeps the line numbers
    main = next((choice for choice in MAIN_CHOICES if choice.search(html)), None)
    reader = _Reader(main)
    reader.feed(html)
    reader.close()
    blocks = reader.blocks
    findings = []
    if any(b.kind == "heading" and not b.text for b in blocks):
        findings.append("heading_without_text")
    blocks = [b for b in blocks if b.text]
    blocks.extend(reader.footer)
    title = reader.title_text
    if not any(b.kind == "heading" and b.level == 1 for b in blocks) and title:
        name = re.split(r"\s+[|–-]\s+", title)[0]
        blocks.insert(0, Block("heading", name, 1, 1))
    return Source(blocks=blocks, title=title, findings=findings)


def page_source(data: bytes, *, html: bool | None = None) -> Source:
    """Decode the file and cut it into blocks; `html=None` decides from the content."""
    raw = decode(data)
    text = clean_text(raw)
    if html is None:
        html = looks_like_html(text)
    if html:
        source = html_blocks(text)
    else:
        source = Source(blocks=text_blocks(text))
        if not any(b.kind == "heading" for b in source.blocks) and source.blocks:
            source.findings.append("no_title")
    if CONTROLS.search(raw):
        source.findings.append("control_characters_removed")
    for block in source.blocks:
        block.text = block.text.strip()
    source.blocks = [block for block in source.blocks if block.text]
    return source


def page_blocks(data: bytes, *, html: bool | None = None) -> list[Block]:
    return page_source(data, html=html).blocks
