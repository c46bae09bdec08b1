"""From the bytes of an uploaded page to a list of blocks: headings, paragraphs and list
items, each with the line it starts on. Plain text and HTML end up in the same shape."""

import re
import unicodedata
from dataclasses import dataclass

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from django.utils.translation import gettext as _

from natverk.importing.errors import ImportProblem

MAX_BYTES = 5 * 1024 * 1024

BULLET = re.compile(r"^\s*(?:[-•*–·▪◦]|\d{1,2}[.)])\s+")
# A short label and a colon at the start of a line: "Sammankallande: Region Skåne".
LABEL_LINE = re.compile(r"^\s*[A-ZÅÄÖ][\wåäö-]{1,25}(?: [\wåäö-]{1,25}){0,3}:(?:\s|$)")
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
SENTENCE_END = re.compile(r"[.!?;,:]\s*$")
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
CONTACT_HEADING = re.compile(r"^kontakt(?:person(?:er)?|uppgifter|information)?:?$", re.I)
# An e-mail address or a Swedish phone number ("040-12 34 56", "+46 40 123 45 67"): a
# person's contact details, which the public site never shows.
CONTACT_DETAILS = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?<![\w+-])(?:\+46\s*(?:\(0\)\s*)?|0)\d{1,3}(?:\s*[-–/]\s*|\s)?\d{2,3}"
    r"(?:[\s-]?\d{2,3}){1,3}(?![\w-])"
)


@dataclass
class Block:
    kind: str  # "heading", "paragraph" or "item"
    text: str
    line: int
    level: int = 0  # headings: 1 for the page title, more for the levels below


def decode(data: bytes) -> str:
    """The page as text. UTF-8 first (with or without a byte-order mark), then the
    Windows and Latin-1 encodings that older Swedish pages are saved in."""
    if not data.strip():
        raise ImportProblem(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ImportProblem(
            _("The file is %(size).1f MB; a page can be at most %(limit)d MB.")
            % {"size": len(data) / 1024 / 1024, "limit": MAX_BYTES // 1024 // 1024}
        )
    sample = data[:8192]
    if b"\x00" in sample or sum(byte < 9 or 13 < byte < 32 for byte in sample) > len(sample) // 50:
        raise ImportProblem(_("The file is not text (it looks like a binary file)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    return clean_text(text)


def clean_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(INVISIBLE)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\t", " ")


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


def text_blocks(text: str) -> list[Block]:
    """Blocks of a plain-text page: paragraphs are separated by blank lines; a lone short
    line is a heading; lines starting with a bullet are list items."""
    blocks: list[Block] = []
    lines = text.split("\n")
    paragraph: list[str] = []
    start = 0

    def flush() -> None:
        if paragraph:
            blocks.extend(paragraph_blocks(paragraph, start))
            paragraph.clear()

    for number, line in enumerate(lines, start=1):
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
        if re.search(r"\w\*", block.text):
            starred = True
        block.text = block.text.removeprefix("\u2217").strip()
    return blocks


def paragraph_blocks(lines: list[str], start: int) -> list[Block]:
    """One run of non-blank lines: items for bulleted lines (a line without a bullet
    continues the item before it), a markdown heading, or one paragraph."""
    blocks: list[Block] = []
    prose: list[str] = []
    prose_start = start

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
        elif blocks and blocks[-1].kind == "item" and not prose and line.startswith(" "):
            blocks[-1].text = collapse(f"{blocks[-1].text} {line}")
        else:
            if not prose:
                prose_start = number
            prose.append(line)
    flush_prose()
    return blocks


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

DROPPED_TAGS = ["script", "style", "noscript", "template", "svg", "iframe", "form", "button",
                "nav", "select", "input", "object", "canvas", "picture", "img"]  # fmt: skip
# What marks a menu, banner or tool in a class, id or role. The short words must be whole
# words of the marker ("sv-share-links", "skipLink"), so that "shared-content",
# "blueprint" or "modelarea" is kept.
DROPPED_MARKERS = re.compile(
    r"cookie|consent|gdpr|breadcrumb|readspeaker|sitemap"
    r"|(?<![a-z0-9])(?:skip|skiplink|share|dela|social|search|sok|menu|meny|navigation"
    r"|toolbar|print|lyssna)s?(?![a-z0-9])",
    re.IGNORECASE,
)
FOOTER_LABELS = re.compile(
    r"senast (uppdaterad|ändrad|granskad)|sidansvarig|uppdaterad:|ansvarig för sidan",
    re.IGNORECASE,
)
BLOCK_TAGS = {"p", "div", "section", "article", "main", "header", "footer", "aside", "ul", "ol",
              "dl", "table", "thead", "tbody", "tfoot", "td", "th", "blockquote", "figure",
              "figcaption", "address", "details", "body", "html", "caption"}  # fmt: skip
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def html_blocks(html: str) -> list[Block]:
    """Blocks of the main content of an HTML page. Menus, cookie banners, scripts and the
    site's header and footer are left out; the page's 'Senast uppdaterad' and
    'Sidansvarig' are kept wherever they stand."""
    soup = BeautifulSoup(html, "html.parser")
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    # A wrapper around the main content ("has-mega-menu", an ASP.NET <form>) stays.
    content = _main_content(soup)
    kept = {id(content), *(id(parent) for parent in content.parents)}
    for tag in soup.find_all(DROPPED_TAGS):
        if id(tag) in kept:
            tag.unwrap()
        elif tag.name == "button" and tag.find_parent([*HEADING_TAGS, "summary"]):
            tag.unwrap()  # an accordion's toggle: its text is the heading
        else:
            tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed or tag.attrs is None or id(tag) in kept:
            continue
        marker = " ".join([tag.get("id") or "", *(tag.get("class") or []), tag.get("role") or ""])
        marker = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", marker)  # "mainMenu": "main Menu"
        if (
            marker.strip()
            and DROPPED_MARKERS.search(marker)
            and tag.name not in ("main", "article", "body")
        ):
            tag.decompose()
    for mark in soup.find_all("sup"):
        if re.fullmatch(r"[\d*†‡]{1,3}", mark.get_text(strip=True)):
            mark.decompose()  # a footnote mark, not part of the name it follows
    root = _main_content(soup)
    blocks: list[Block] = []
    _walk(root, blocks, [], [getattr(root, "sourceline", 1) or 1])
    if root is not soup.body and soup.body is not None:
        blocks.extend(_footer_blocks(soup, root))
    if not any(b.kind == "heading" and b.level == 1 for b in blocks):
        title = soup.find("title")
        if title and title.get_text(strip=True):
            name = re.split(r"\s+[|–-]\s+", collapse(title.get_text()))[0]
            blocks.insert(0, Block("heading", name, getattr(title, "sourceline", 1) or 1, 1))
    return blocks


def _main_content(soup: BeautifulSoup) -> Tag:
    return (
        soup.find("main")
        or soup.find(attrs={"role": "main"})
        or soup.find("article")
        or soup.find(id=re.compile(r"^(content|main|innehall|main-content)$", re.I))
        or soup.body
        or soup
    )


def _footer_blocks(soup: BeautifulSoup, root: Tag) -> list[Block]:
    """'Senast uppdaterad' and 'Sidansvarig' outside the main content, e.g. in a page
    footer below the article."""
    found = []
    for text in soup.find_all(string=FOOTER_LABELS):
        element = text.parent
        if root in element.parents or element is root:
            continue
        container = element.find_parent(["p", "div", "li", "dd", "span"]) or element
        value = collapse(container.get_text(" "))
        found.append(Block("paragraph", value, getattr(container, "sourceline", 1) or 1))
    return found


def _walk(node: Tag, blocks: list[Block], buffer: list[str], line: list[int]) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            # Line ends in HTML source are spaces; only <br> breaks a line.
            buffer.append(re.sub(r"\s+", " ", str(child)))
            continue
        if not isinstance(child, Tag):
            continue
        child_line = getattr(child, "sourceline", None) or line[0]
        if child.name == "br":
            buffer.append("\n")
        elif child.name == "summary" or (child.name == "p" and _emphasised_name(child)):
            # An accordion's title, or a bold name on a line of its own: a heading
            # below the page's own levels.
            _flush(blocks, buffer, line)
            text = collapse(child.get_text(" "))
            if text:
                blocks.append(Block("heading", text, child_line, 4))
        elif child.name == "dt":
            _flush(blocks, buffer, line)
            text = collapse(child.get_text(" "))
            if text:
                blocks.append(
                    Block("paragraph", text if text.endswith(":") else f"{text}:", child_line)
                )
        elif child.name == "dd":
            _flush(blocks, buffer, line)
            text = collapse(child.get_text(" "))
            if text:
                blocks.append(Block("item", text, child_line))
        elif child.name == "tr":
            _flush(blocks, buffer, line)
            text = _row_item(child)
            if text:
                blocks.append(Block("item", text, child_line))
        elif child.name in HEADING_TAGS:
            _flush(blocks, buffer, line)
            text = collapse(child.get_text(" "))
            if text:
                blocks.append(Block("heading", text, child_line, int(child.name[1])))
            line[0] = child_line
        elif child.name == "li":
            _flush(blocks, buffer, line)
            own: list[str] = []
            nested = []
            for part in child.children:
                if isinstance(part, Tag) and part.name in ("ul", "ol"):
                    nested.append(part)
                elif isinstance(part, Tag):
                    own.append(part.get_text(" "))
                elif isinstance(part, NavigableString):
                    own.append(str(part))
            text = collapse(" ".join(own))
            if text:
                blocks.append(Block("item", text, child_line))
            for sublist in nested:
                _walk(sublist, blocks, [], [child_line])
        elif child.name in BLOCK_TAGS:
            _flush(blocks, buffer, line)
            line[0] = child_line
            _walk(child, blocks, buffer, line)
            _flush(blocks, buffer, line)
        else:
            if not buffer:
                line[0] = child_line
            _walk(child, blocks, buffer, line)


def _emphasised_name(paragraph: Tag) -> bool:
    """<p><strong>Socialchefsnätverket</strong></p>: the whole paragraph is bold, and
    reads like a name."""
    parts = [
        c for c in paragraph.children if not (isinstance(c, NavigableString) and not c.strip())
    ]
    return (
        len(parts) == 1
        and isinstance(parts[0], Tag)
        and parts[0].name in ("strong", "b")
        and heading_like(collapse(parts[0].get_text(" ")))
    )


ROW_ROLES = [
    (re.compile(r"gemensamt sammankallande", re.I), " (gemensamt sammankallande)"),
    (re.compile(r"sammankallande", re.I), " (sammankallande)"),
    (re.compile(r"adjungerad|observatör", re.I), " (adjungerad)"),
]


def _row_item(row: Tag) -> str:
    """A table row as a list item: its first cell, with the role the other cells give.
    A header row (only <th> cells) is no item."""
    cells = row.find_all(["td", "th"], recursive=False)
    if not cells or all(cell.name == "th" for cell in cells):
        return ""
    name = collapse(cells[0].get_text(" "))
    rest = " ".join(collapse(cell.get_text(" ")) for cell in cells[1:])
    for pattern, role in ROW_ROLES:
        if pattern.search(rest):
            return name + role
    return name


def _flush(blocks: list[Block], buffer: list[str], line: list[int]) -> None:
    text = "".join(buffer)
    buffer.clear()
    if not text.strip():
        return
    lines = [collapse(raw) for raw in text.split("\n") if raw.strip()]
    if any(BULLET.match(raw) for raw in lines):
        blocks.extend(paragraph_blocks(lines, line[0]))
    elif len(lines) > 1 and lines[0].endswith(":"):
        # "Medlemmar:<br>Region Skåne<br>Malmö stad": a label, then one name a line.
        blocks.append(Block("paragraph", lines[0], line[0]))
        for raw in lines[1:]:
            item = re.sub(r"(?:,|\s+och|\s+samt)\s*$", "", raw)
            blocks.append(Block("item", item, line[0]))
    elif len(lines) > 1 and any(LABEL_LINE.match(raw) for raw in lines[1:]):
        paragraph: list[str] = []
        for raw in lines:
            if paragraph and LABEL_LINE.match(raw):
                blocks.append(Block("paragraph", " ".join(paragraph), line[0]))
                paragraph = []
            paragraph.append(raw)
        blocks.append(Block("paragraph", " ".join(paragraph), line[0]))
    else:
        blocks.append(Block("paragraph", collapse(text), line[0]))


def page_blocks(data: bytes, *, html: bool | None = None) -> list[Block]:
    """Decode the file and cut it into blocks; `html=None` decides from the content."""
    text = decode(data)
    if html is None:
        html = looks_like_html(text)
    blocks = html_blocks(text) if html else text_blocks(text)
    for block in blocks:
        block.text = clean_text(block.text).strip()
    return [block for block in blocks if block.text]
