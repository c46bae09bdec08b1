"""Reading a networks page: its title, introduction and footer, and for each network its
name, conveners, members, relations and cadence, with every name resolved.

A page about one network (its sub-headings "Syfte", "Deltagare", "Kontakt" are parts of
it) is read as that network; a page of several networks has a heading, a label or a list
item for each. Members are read from what sentences say ("består av …", "ett samarbete
mellan …", "I nätverket ingår …", "… står bakom …"), from lists under a heading or a
lead-in that says so, and from lines that give a person with their organisation. Names
that a sentence gives as funders, partners, places or predecessors are not members."""

import datetime
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext as _

from natverk.importing import swedish
from natverk.importing.entries import Entry, entry, person_in
from natverk.importing.errors import ImportProblem
from natverk.importing.reading import (
    Cadence,
    Contact,
    NameMention,
    NetworkReading,
    PageReading,
    Reading,
    ReferencedBody,
    RelationMention,
)
from natverk.importing.resolution import (
    NameIndex,
    PageContext,
    Resolved,
    Resolver,
    loose,
    network_names,
    page_context,
)
from natverk.importing.source import CONTACT_DETAILS, Block, Source, heading_like, page_source
from natverk.registry.models import normalise_name

FINDING_ORDER = [
    "no_convener", "no_member_sentence", "members_described_generally",
    "joint_convener_partner_not_named", "unresolved", "fuzzy", "context", "renamed", "split",
    "group_member", "convener_not_a_name", "people_left_out", "contact_details_left_out",
    "heading_twice", "network_uncertain",
]  # fmt: skip
# The label, then a colon, a date or nothing (the date on the line below): "Uppdaterade
# rutiner tas fram …" is a sentence, not the page's date.
LAST_UPDATED = re.compile(
    r"^(?:(?:sidan )?senast (?:uppdaterad|ändrad|granskad)|sidan (?:uppdaterades|ändrades"
    r"|granskad|granskades)|informationen (?:granskades|uppdaterades)|uppdaterad|granskad"
    r"|(?P<published>publicerad|publicerat|publiceringsdatum))(?![\wåäö])"
    r"\s*(?:den\s+)?(?::\s*|(?=\d)|$)(?P<value>.*)$",
    re.IGNORECASE,
)
# Where a footer line holding both date and owner divides: "… · Sidansvarig: …".
FOOTER_PARTS = re.compile(
    r"\s[·•|]\s|(?<=\S)\s+(?=(?:Sidansvarig|Senast uppdaterad|Ansvarig för sidan)\b)"
)
PAGE_OWNER = re.compile(r"^(?:sidansvarig|ansvarig för sidan)\s*:?\s*(?P<value>.*)$", re.IGNORECASE)
MONTHS = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip
# "Kontaktperson: Anna Berg, …": a person, whom the public site does not name.
CONTACT_LABEL = re.compile(
    r"^(?:kontakt(?:person(?:er)?|uppgifter|information)?(?: på [\wåäö:]+)?"
    r"|frågor besvaras av)\s*:",
    re.IGNORECASE,
)
NOT_NETWORKS = {
    "kontakt", "kontakta oss", "relaterat", "relaterade sidor", "relaterade länkar", "länkar",
    "mer information", "dela", "dela sidan", "om webbplatsen", "hitta hit", "nyheter",
    "kalender", "dokument", "läs mer", "se även", "publicerat", "innehåll på sidan",
    "kontaktperson", "kontaktpersoner", "kontaktuppgifter", "kontaktinformation", "share this",
}  # fmt: skip
# A line that is a link to a file, or a photographer's credit: not text of the network.
FILE_LINK = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?)\b|\((?:pdf|word)[^)]*\)|\bpdf,\s*\d", re.I)
CREDIT = re.compile(r"^(?:foto|bild|illustration|fotograf)\s*:", re.IGNORECASE)
# A block of an address: "Box 654, 831 27 Östersund", "Telefon 010-225 00 00".
ADDRESS = re.compile(r"\bbox \d+|\b\d{3} ?\d{2} [A-ZÅÄÖ]|\btelefon\b|\bbesöksadress|\bpostadress",
                     re.IGNORECASE)  # fmt: skip
# A lead-in that opens a list of tasks, not of members: "Gruppen ska:", "Har till uppgift att".
TASK_LEAD_IN = re.compile(
    r"(?:\bska|\buppgift(?:er)? (?:är|att)|\buppdrag(?:et)? (?:är|att)|\bansvarar för att"
    r"|\bverka för att|\binriktat på att|\bhandlar (?:bland annat )?om att|\bom att"
    r"|\bföljande uppgifter|\bfokus på|\bförväntningarna|\buppgifter är|:)\s*:?$",
    re.IGNORECASE,
)


@dataclass
class PageImport:
    """The reading of a page, with what the report needs to explain it."""

    reading: Reading
    renamed: list[tuple[str, str, str, object]] = field(default_factory=list)
    suggestions: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # network name -> line of heading


def parse_date(text: str) -> datetime.date | None:
    text = text.strip().rstrip(".")
    iso = re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    try:
        if iso:
            return datetime.date(int(iso[1]), int(iso[2]), int(iso[3]))
        written = re.search(r"(\d{1,2})\s+([a-zåäö]+)\s+(\d{4})", text, re.IGNORECASE)
        if written and written[2].casefold() in MONTHS:
            return datetime.date(int(written[3]), MONTHS[written[2].casefold()], int(written[1]))
        numeric = re.search(r"(\d{1,2})[/.](\d{1,2})[ /.](\d{4})", text)
        if numeric:
            return datetime.date(int(numeric[3]), int(numeric[2]), int(numeric[1]))
    except ValueError:
        return None
    return None


def normalise_network_name(text: str) -> tuple[str, str | None, str | None]:
    """(name, short name, expansion) from a heading such as
    'SKUR- nätverket (Stad, Kommun, Universitet och Region)' or '2. Styrgruppen'."""
    text = re.sub(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*[.)]?|[IVX]{1,4}\.)\s+(?=\w)", "", text)
    text = re.sub(r"(\w)-\s+(?!(?:och|eller|samt|till|respektive|som)\b)(\w)", r"\1-\2", text)
    text = " ".join(text.split()).strip(" :")
    short_name = expansion = None
    parenthesis = re.search(r"\s*\(([^()]+)\)\s*$", text)
    if parenthesis:
        inner = parenthesis[1].strip()
        base = text[: parenthesis.start()].strip()
        if re.fullmatch(r"[A-ZÅÄÖ0-9&-]{2,12}", inner):
            return base, inner, None
        abbreviation = re.search(r"\b([A-ZÅÄÖ]{2,10})(?=\b|-)", base)
        if abbreviation:
            return base, abbreviation[1], inner
    return text, short_name, expansion


def name_from_title(title: str, site_title: str = "") -> str:
    """The network a page's title names: 'Om oss - Sundsvallsregionen' ->
    'Sundsvallsregionen', 'Lärosäten Öst – fördjupat samarbete …' -> 'Lärosäten Öst',
    'Om Miljösamverkan Sverige' -> 'Miljösamverkan Sverige'; a title that names
    nothing ('Om oss') takes the site's name from the HTML title."""
    for text in (title, site_title):
        parts = [p.strip() for p in re.split(r"\s+[|–-]\s+", text) if p.strip()]
        if text is site_title:
            parts = parts[1:] + parts[:1]  # the site's own name comes last in a <title>
        for part in parts:
            stripped = re.sub(r"^om\s+(?!oss\b)", "", part, flags=re.IGNORECASE)
            if stripped != part:
                stripped = stripped[:1].upper() + stripped[1:]
            if stripped.casefold() not in swedish.GENERIC_TITLES and stripped[:1].isupper():
                return stripped
    return title


class _PageReader:
    def __init__(self, source: Source, index: NameIndex):
        self.source = source
        self.index = index
        self.result = PageImport(reading=Reading(page=PageReading(title="")))
        self.network_slugs = network_names()
        self.resolver = Resolver(index)

    def read(self) -> PageImport:
        reading = self.result.reading
        reading.page_findings.extend(
            f
            for f in self.source.findings
            if f in ("heading_without_text", "control_characters_removed")
        )
        blocks = self._take_footer(self.source.blocks)
        blocks = self._networks_in_lists(blocks)
        title, body = self._title(blocks)
        context = page_context(self.index, [b.text for b in blocks], f"{title} {self.source.title}")
        self.resolver = Resolver(self.index, context=context)
        county = self.index.counties.get(context.county)
        reading.page.context = {
            "county": county.name if county else "",
            "evidence": context.evidence,
            "home": context.from_home,
        }
        sections, intro = self._sections(title, body)
        if not sections:
            raise ImportProblem(
                _("The page has no networks: no heading names a group, and nothing on the "
                  "page says who takes part in one.")
            )  # fmt: skip
        page = reading.page
        page.title = title
        page.intro, left_out = without_contact_details(
            [b.text for b in intro if b.kind == "paragraph" and not FILE_LINK.search(b.text)]
        )
        if left_out:
            reading.page_findings.append("contact_details_left_out")
        self._home_organisation()
        first_lines: dict[str, int] = {}
        for name, line, _section in sections:
            network_name = normalise_network_name(name)[0]
            slug = slugify(network_name)
            self.network_slugs.setdefault(normalise_name(network_name), slug)
            first_lines.setdefault(slug, line)
        by_slug: dict[str, NetworkReading] = {}
        for name, line, section in sections:
            network = self._network(name, section)
            slug = network.slug or ""
            if slug in by_slug:
                # The same heading twice: one network, read from both places.
                earlier = by_slug[slug]
                merge_into(earlier, network)
                earlier.findings = ordered(
                    [*earlier.findings, f"heading_twice:{first_lines[slug]},{line}"]
                )
                continue
            by_slug[slug] = network
            reading.networks.append(network)
            self.result.lines[network.name] = line
        if page.last_updated is None:
            reading.page_findings.append("last_updated_missing")
        if not page.page_owner:
            reading.page_findings.append("page_owner_missing")
        return self.result

    # The page around the networks ------------------------------------------------

    def _take_footer(self, blocks: list[Block]) -> list[Block]:
        page = self.result.reading.page
        kept: list[Block] = []
        skip_next = False
        published = None
        for position, block in enumerate(blocks):
            if skip_next:
                skip_next = False
                continue
            parts = [part.strip(" .") for part in FOOTER_PARTS.split(block.text)]
            if len(block.text) > 160 or not any(
                LAST_UPDATED.match(part) or PAGE_OWNER.match(part) for part in parts
            ):
                kept.append(block)
                continue
            following = blocks[position + 1] if position + 1 < len(blocks) else None
            for part in parts:
                updated, owner = LAST_UPDATED.match(part), PAGE_OWNER.match(part)
                if updated:
                    value = updated["value"]
                    if not value and following and parse_date(following.text):
                        value, skip_next = following.text, True
                    if updated["published"]:
                        published = published or parse_date(value)
                    else:
                        page.last_updated = page.last_updated or parse_date(value)
                elif owner:
                    value = owner["value"].strip()
                    if (
                        not value
                        and following
                        and not LAST_UPDATED.match(following.text)
                        and heading_like(following.text)
                        and len(following.text.split()) <= 6
                    ):
                        value, skip_next = following.text, True
                    page.page_owner = page.page_owner or value or None
        # A page that says only when it was published is dated by that.
        page.last_updated = page.last_updated or published
        return kept

    def _networks_in_lists(self, blocks: list[Block]) -> list[Block]:
        """A list whose items each name a group and who takes part ("Blåljussamverkan med
        representanter från …") is a list of networks: each item becomes a heading over
        its own text."""
        out: list[Block] = []
        position = 0
        while position < len(blocks):
            block = blocks[position]
            if block.kind != "item":
                out.append(block)
                position += 1
                continue
            run_end = position
            while run_end < len(blocks) and blocks[run_end].kind == "item":
                run_end += 1
            run = blocks[position:run_end]
            named = [swedish.NETWORK_ITEM.match(b.text) for b in run]
            groups = sum(1 for m in named if m and swedish.names_a_network(m["name"].strip()))
            if groups >= 2 and groups >= len(run) // 2:
                level = max((b.level for b in out if b.kind == "heading"), default=1) + 1
                for item, match in zip(run, named, strict=True):
                    if match:
                        out.append(
                            Block(
                                "heading", match["name"].strip(" ,"), item.line, level, network=True
                            )
                        )
                    out.append(Block("paragraph", item.text, item.line))
            else:
                out.extend(run)
            position = run_end
        return out

    def _title(self, blocks: list[Block]) -> tuple[str, list[Block]]:
        """The page's title and the blocks after it. A page whose first heading is one of
        several networks at its level takes its title from the HTML <title>."""
        headings = [b for b in blocks if b.kind == "heading"]
        if not headings:
            if self.source.title:
                return name_from_title(self.source.title), blocks
            raise ImportProblem(
                _("The page has no networks: no heading followed by text was found.")
            )
        first = headings[0]
        peers = [
            h
            for h in headings[1:]
            if h.level == first.level and swedish.heading_role(h.text) is None
        ]
        if first.level > 1 and self.source.title and peers and swedish.names_a_network(first.text):
            return re.split(r"\s+[|–-]\s+", self.source.title)[0], blocks
        return first.text, blocks[blocks.index(first) + 1 :]

    def _promote_labels(self, body: list[Block]) -> list[Block]:
        """'Politisk styrgrupp:' over a list of people: a label that names a group is a
        heading of a network, one level below the headings around it."""
        out: list[Block] = []
        level = 1
        members_mode = False
        for position, block in enumerate(body):
            following = body[position + 1] if position + 1 < len(body) else None
            if block.kind == "heading":
                level = block.level
                members_mode = swedish.heading_role(block.text) in ("members", "observers")
            text = block.text.rstrip(":").strip()
            if (
                block.kind == "label"
                and not members_mode
                and following is not None
                and following.kind != "label"
                and swedish.heading_role(text) is None
                and swedish.names_a_network(text)
                and not self.resolver.exact_or_context(text)
            ):
                # <p><strong>Socialchefsnätverket</strong></p> over its text: a network's
                # name, below the page's own headings.
                out.append(Block("heading", text, block.line, max(level + 1, 4)))
                continue
            label = block.kind == "label" or (
                block.kind == "paragraph"
                and block.text.endswith(":")
                and len(block.text.split()) <= 6
            )
            if (
                label
                and not members_mode
                and following is not None
                and following.kind == "item"
                and swedish.heading_role(text) is None
                and re.search(swedish.NETWORK_NOUN.pattern, text.split()[-1], re.I)
                and not self.resolver.exact_or_context(text)
                and not swedish.find_lead_in(block.text)
                and not swedish.members_span(block.text)
            ):
                out.append(Block("heading", text, block.line, level + 1))
                continue
            out.append(block)
        return out

    def _sections(
        self, title: str, body: list[Block]
    ) -> tuple[list[tuple[str, int, list[Block]]], list[Block]]:
        """Network sections (name, line, blocks) and the introduction before the first."""
        body = self._promote_labels(body)
        headings = [i for i, b in enumerate(body) if b.kind == "heading"]
        candidates = []
        for i in headings:
            text = body[i].text
            if body[i].network:
                candidates.append(i)
                continue
            if swedish.heading_role(text) or normalise_name(text).rstrip(":") in NOT_NETWORKS:
                continue
            if not slugify(normalise_network_name(text)[0]):
                continue  # no letters to name a network by ("* * *"): a divider
            candidates.append(i)
        groups = self._group_headings(body, candidates)
        networks = [
            i
            for i in candidates
            if i not in groups and (body[i].network or self._is_network(body, i))
        ]
        empty = [i for i in networks if not self._section_blocks(body, i)]
        for position in empty:
            # A heading with nothing under it is reported, not read as a network.
            self.result.reading.page_findings.append(
                f"heading_without_text:{body[position].line}:{body[position].text}"
            )
        networks = [i for i in networks if i not in set(empty)]
        if not networks:
            name = name_from_title(title, self.source.title)
            if self._one_network_page(title, name, body):
                line = next((b.line for b in self.source.blocks if b.text == title), 1)
                return [(name, line, body)], []
            return [], body
        sections: list[tuple[str, int, list[Block]]] = []
        intro: list[Block] = []
        current: list[Block] | None = None
        skipping = False  # the text under a heading over a group of networks
        starts = set(networks)
        for position, block in enumerate(body):
            if position in starts:
                current, skipping = [], False
                sections.append((block.text, block.line, current))
            elif position in groups:
                current, skipping = None, True
            elif skipping and block.kind != "heading":
                continue
            else:
                (intro if current is None else current).append(block)
        return sections, intro

    def _one_network_page(self, title: str, name: str, body: list[Block]) -> bool:
        """Whether a page without network headings is about one network: its title says
        it is a group, or the page says who takes part; or its title is a name that is
        not an organisation's ('Lärosäten Öst'). A page about an organisation that names
        no members is not a network's page."""
        words = re.findall(r"[\wåäö-]+", name.casefold())
        if any(re.search(swedish.NETWORK_NOUN.pattern, w) for w in words):
            return True
        if self._reads_someone(name, body) or self._says_it_is_a_group(name, body):
            return True
        return swedish.names_a_network(name) and not self.resolver.exact_or_context(name)

    @staticmethod
    def _says_it_is_a_group(name: str, body: list[Block]) -> bool:
        """Whether the page says that what it is about is a group: 'Europa Direkt är
        EU-kommissionens nätverk …' on the page of Europa Direkt Lund."""
        folded = name.casefold()
        for block in body:
            if block.kind != "paragraph":
                continue
            for sentence in swedish.split_sentences(block.text):
                subject = swedish.defined_group(sentence)
                if (
                    subject
                    and len(subject.split()) >= 2
                    and (
                        folded == subject.casefold() or folded.startswith(subject.casefold() + " ")
                    )
                ):
                    return True
        return False

    def _reads_someone(self, name: str, body: list[Block]) -> bool:
        """Whether reading the blocks as one network finds a member or a convener (a trial
        reading; what it noticed is forgotten)."""
        result = self.result
        saved = (len(result.renamed), dict(result.suggestions),
                 len(result.reading.referenced_bodies))  # fmt: skip
        trial = NetworkReading(name=name, slug=slugify(name))
        _NetworkReader(self, trial, body).read()
        del result.renamed[saved[0] :]
        result.suggestions = saved[1]
        del result.reading.referenced_bodies[saved[2] :]
        return bool(trial.members or trial.conveners)

    def _section_blocks(self, body: list[Block], position: int) -> list[Block]:
        """The blocks under a heading: up to the next heading at its level or above that
        is not a part of a network ("SKUR" over "Deltagare" at the same level)."""
        level = body[position].level
        blocks = []
        for block in body[position + 1 :]:
            if (
                block.kind == "heading"
                and block.level <= level
                and (block.network or swedish.heading_role(block.text) is None)
            ):
                break
            blocks.append(block)
        return blocks

    def _is_network(self, body: list[Block], position: int) -> bool:
        """A heading names a network when its words say it is a group, or when its text
        speaks of the group or of who takes part; never when it only heads an address."""
        text = body[position].text
        blocks = self._section_blocks(body, position)
        if blocks and all(ADDRESS.search(b.text) or CONTACT_DETAILS.search(b.text) for b in blocks):
            return False
        if (
            self.resolver.exact_or_context(text)
            and not swedish.names_a_network(text.split()[-1])
            and all(len(b.text.split()) <= 12 for b in blocks[:4])
        ):
            return False  # an organisation's name over its own details
        if swedish.names_a_network(text):
            return True
        return self._speaks_of_members(blocks) or any(
            swedish.SELF_REFERENCE.match(s)
            for b in blocks[:3]
            if b.kind == "paragraph"
            for s in swedish.split_sentences(b.text)
        )

    def _speaks_of_members(self, blocks: list[Block]) -> bool:
        for block in blocks:
            if block.kind == "heading" and swedish.heading_role(block.text) in (
                "members", "observers", "conveners"
            ):  # fmt: skip
                return True
            if block.kind == "paragraph" and (
                swedish.find_lead_in(block.text)
                or swedish.members_span(block.text)
                or swedish.convener_sentence(block.text)
            ):
                return True
            if block.kind == "item" and self._entry(block.text).kind == "person":
                return True
        return False

    @staticmethod
    def _group_headings(body: list[Block], candidates: list[int]) -> set[int]:
        """Headings with network headings below them (at a deeper level, before the next
        heading at their own level or above)."""
        groups = set()
        for index, position in enumerate(candidates):
            level = body[position].level
            for later in candidates[index + 1 :]:
                between = [
                    b
                    for b in body[position + 1 : later]
                    if b.kind == "heading" and b.level <= level
                ]
                if between or body[later].level <= level:
                    break
                groups.add(position)
                break
        return groups

    def _home_organisation(self) -> None:
        key = settings.NATVERK_HOME_ORGANISATION
        intro = " ".join(self.result.reading.page.intro)
        names = [name for name, (owner, _n, _h) in self.index.strict.items() if owner == key]
        written = None
        for name in sorted(names, key=len, reverse=True):
            found = re.search(re.escape(name), intro, re.IGNORECASE)
            if found:
                written = found[0]
                break
        if key in self.index.organisations:
            self.result.reading.page.home_organisation = NameMention(
                as_written=written or self.index.organisations[key].name, resolved=[key]
            )

    # One network -------------------------------------------------------------------

    def _entry(self, text: str) -> Entry:
        return entry(text, lambda words: self.resolver.exact_or_context(words) is not None)

    def _network(self, heading: str, blocks: list[Block]) -> NetworkReading:
        name, short_name, expansion = normalise_network_name(heading)
        network = NetworkReading(
            name=name, short_name=short_name, short_name_expansion=expansion, slug=slugify(name)
        )
        _NetworkReader(self, network, blocks).read()
        return network

    def _relation_target(self, target: str) -> tuple[str, str | None, str | None]:
        """(the target's words, organisation key, network slug): the longest run of its
        first words that names an organisation or a network, else the words up to a
        lower-case phrase ('Länsstyrelsen i frågor om …' → 'Länsstyrelsen')."""
        words = target.split()
        for length in range(len(words), 0, -1):
            prefix = " ".join(words[:length])
            slug = self.network_slugs.get(normalise_name(prefix))
            if slug:
                return prefix, None, slug
            match = self.resolver.exact_or_context(prefix)
            if match:
                return prefix, match.key, None
        match = self.resolver.name(target)
        if match:
            return target, match.key, None
        cut = re.search(r"\s(?:i|om|kring|inom|med|vid|på|när|under)\s+[a-zåäö]", target)
        return (target[: cut.start()] if cut else target), None, None

    def add_relation(self, network: NetworkReading, relation: swedish.RelationText) -> None:
        target, key, slug = self._relation_target(relation.target)
        if key:
            resolved = f"organisation:{key}"
        else:
            if slug is None:
                slug = slugify(target)
                reading = self.result.reading
                if not any(body.slug == slug for body in reading.referenced_bodies):
                    reading.referenced_bodies.append(
                        ReferencedBody(name=target, slug=slug, described_as=relation.described_as)
                    )
            resolved = f"network:{slug}"
        mention = RelationMention(kind=relation.kind, as_written=target, resolved=resolved)
        if mention not in network.relations and resolved != f"network:{network.slug}":
            network.relations.append(mention)


class _NetworkReader:
    """Reads one network's blocks: who convenes it, who takes part, what it is."""

    def __init__(self, page: _PageReader, network: NetworkReading, blocks: list[Block]):
        self.page = page
        self.resolver = page.resolver
        self.network = network
        self.blocks = blocks
        self.findings: list[str] = []
        self.description: list[str] = []
        self.prose: list[str] = []
        self.mode: str | None = None  # members, observers, conveners, contact, area
        self.list_mode: str | None = None  # a lead-in sentence opened a list of these
        self.task_list = False  # a lead-in opened a list of tasks
        self.member_list_found = False
        self.general_description = False
        self.run: list[Block] = []  # entries waiting for what they turn out to be
        self.contact_label = False

    # Reading -----------------------------------------------------------------------

    def read(self) -> None:
        for block in self.blocks:
            if block.kind == "heading" or (block.kind == "label" and self.mode not in (
                "members", "observers", "conveners"
            )):  # fmt: skip
                self._flush_run()
                role = swedish.heading_role(block.text)
                self.mode = role if role in ("members", "observers", "conveners", "contact",
                                             "area", "people") else None  # fmt: skip
                self.list_mode, self.task_list = None, False
                continue
            if self.mode in ("contact", "people"):
                # Contact details, or people in a role: never published, never members.
                self.findings.append(
                    "contact_details_left_out" if self.mode == "contact" else "people_left_out"
                )
                continue
            if CONTACT_LABEL.match(block.text):
                self._flush_run()
                self.findings.append("contact_details_left_out")
                self.contact_label = block.text.rstrip().endswith(":")
                continue
            if self.contact_label:
                if (
                    block.kind == "item"
                    or heading_like(block.text)
                    or CONTACT_DETAILS.search(block.text)
                ):
                    self.findings.append("contact_details_left_out")
                    continue
                self.contact_label = False
            if block.kind in ("item", "label") or self._entry_paragraph(block):
                self.run.append(block)
                continue
            self._flush_run()
            self._paragraph(block)
        self._flush_run()
        self._finish()

    def _entry_paragraph(self, block: Block) -> bool:
        """A short paragraph that is one line of an alternating list (a person, an
        organisation, a phone number): in a members part, or next to others like it."""
        if (
            block.kind != "paragraph"
            or len(block.text.split()) > 8
            or re.search(r"[.!?:]\s*$", block.text)
        ):
            return False
        kind = self.page._entry(block.text).kind
        if self.mode in ("members", "observers", "conveners"):
            return kind in ("person", "organisation", "phone")
        if kind == "organisation" and (
            swedish.SELF_REFERENCE.match(block.text)
            or re.search(swedish.NETWORK_NOUN.pattern, block.text.split()[0].casefold())
            or re.search(r"\b\d{4}\b", block.text)
        ):
            return False  # "Styrgruppen för … - maj 2019": a caption, not a member
        return kind in ("person", "phone") or bool(self.run)

    def _flush_run(self) -> None:
        run, self.run = self.run, []
        if not run:
            return
        entries = [self.page._entry(b.text) for b in run]
        mode = self.mode if self.mode in ("members", "observers", "conveners") else None
        mode = mode or (self.list_mode if not self.task_list else None)
        if mode is None and self.mode != "area" and not self.task_list:
            mode = "members" if self._looks_like_members(entries) else None
        if mode is None:
            for block in run:
                if block.kind == "paragraph":
                    self._paragraph(block)
                elif block.kind == "item" and not FILE_LINK.search(block.text):
                    if CONTACT_DETAILS.search(block.text) or person_in(block.text):
                        self.findings.append("contact_details_left_out")
                    else:
                        text = block.text.replace("\t", ", ")
                        self.description.append(text)
                        self.prose.append(text)
            return
        self._take_entries(entries, mode)
        self.list_mode = None  # the list ended with its last entry

    def _looks_like_members(self, entries: list[Entry]) -> bool:
        """A list under a network that names organisations: people with the organisation
        they sit for, or names the register knows."""
        seated = sum(1 for e in entries if e.kind == "person" and e.organisation)
        known = sum(
            1
            for e in entries
            if e.kind == "organisation"
            and self.resolver.exact_or_context(swedish.item_text(e.organisation).text)
        )
        people = sum(1 for e in entries if e.kind in ("person", "phone", "header"))
        counted = len(entries) - people + seated
        return seated + known >= 2 and (seated + known) >= 0.6 * max(counted, 1)

    def _take_entries(self, entries: list[Entry], mode: str) -> None:
        """Members (or conveners) from list entries; the people become contacts."""
        role = "observer" if mode == "observers" else None
        organisations = [i for i, e in enumerate(entries) if e.kind == "organisation"]
        people = [i for i, e in enumerate(entries) if e.kind == "person" and not e.organisation]
        # In an alternating list, a person belongs to the organisation next to them: the
        # one before if the list starts with an organisation, else the one after.
        first_org = organisations[0] if organisations else len(entries)
        first_person = people[0] if people else len(entries)
        for index, item in enumerate(entries):
            if item.kind == "phone":
                self.findings.append("contact_details_left_out")
                continue
            if item.kind in ("header", "other"):
                continue
            if item.kind == "person":
                organisation = item.organisation
                if not organisation:
                    step = -1 if first_org < first_person else 1
                    neighbour = index + step
                    while 0 <= neighbour < len(entries) and entries[neighbour].kind == "phone":
                        neighbour += step
                    if 0 <= neighbour < len(entries) and entries[neighbour].kind == "organisation":
                        organisation = entries[neighbour].organisation
                contact = Contact(
                    name=item.person, organisation=swedish.item_text(organisation).text,
                    role=item.role,
                )  # fmt: skip
                if contact not in self.network.contacts:
                    self.network.contacts.append(contact)
                self.findings.append("people_left_out")
                if item.organisation:
                    self._add_items([item.organisation], mode, role=role)
                continue
            self._add_items(swedish.list_items(item.organisation), mode, role=role)
        if mode in ("members", "observers"):
            self.member_list_found = True

    def _paragraph(self, block: Block) -> None:
        if FILE_LINK.search(block.text) and len(block.text.split()) <= 12:
            return  # a link to a file
        if self.list_mode and not self.task_list and self.run:
            self._flush_run()
        kept = []
        for sentence in swedish.split_sentences(block.text):
            if CREDIT.match(sentence):
                continue
            if CONTACT_LABEL.match(sentence):
                self.findings.append("contact_details_left_out")
                if sentence.endswith(":"):
                    self.contact_label, self.list_mode = True, None
                continue
            handled = self._sentence(sentence)
            if handled:
                continue
            if CONTACT_DETAILS.search(sentence):
                self.findings.append("contact_details_left_out")
            elif person_in(sentence, lambda w: self.resolver.exact_or_context(w) is not None):
                self.findings.append("people_left_out")
            else:
                kept.append(sentence)
                self.prose.append(sentence)
        if kept:
            self.description.append(" ".join(kept))

    def _sentence(self, sentence: str) -> bool:
        """Read one sentence; True if it was only structure (a lead-in, a list, a
        convener), so that it is not part of the description."""
        if sentence.endswith(":") and len(sentence.split()) <= 4:
            # A label over a list: "Sammankallande:", "Deltagare:", "Mötesfrekvens:"
            role = swedish.heading_role(sentence)
            if role in ("members", "observers", "conveners"):
                self.list_mode, self.task_list = role, False
                return True
        if sentence.endswith(":") or re.search(r"\b(?:att|är)$", sentence):
            self.task_list = bool(TASK_LEAD_IN.search(sentence)) and not (
                swedish.find_lead_in(sentence) or swedish.members_span(sentence + " X")
            )
            if self.task_list:
                self.list_mode = None
                return False
        sentence = swedish.convener_marks(sentence)
        convener = swedish.convener_sentence(sentence)
        if convener and (
            len(convener.names.split()) > 12 or re.search(r",?\s+som$", convener.names)
        ):
            convener = None  # "…, och Länsstyrelsen, som är sammankallande": a member list
        if convener:
            self._conveners(convener)
            return True
        marked = swedish.CONVENER_ROLE.search(sentence)
        members = self._sentence_members(sentence)
        if members is not None:
            return members
        if marked and 0 < len(sentence[: marked.start()].split()) <= 12:
            # "Helsingborgs stad och Region Skåne (gemensamt sammankallande) planerar …"
            items = [
                f"{item} {marked[0].strip()}"
                for item in swedish.list_items(sentence[: marked.start()])
            ]
            self._add_items(items, "conveners", joint=bool(marked["joint"]))
            return False
        if swedish.describes_members_generally(sentence):
            self.general_description = True
        return False

    def _conveners(self, convener: swedish.ConvenerSentence) -> None:
        names = convener.names
        if not names:
            self.list_mode = "conveners"
            return
        possessive = re.match(r"^(?P<owner>[A-ZÅÄÖ][\wåäö-]+?)s\s+[a-zåäö][\wåäö-]+$", names)
        if possessive and not self.resolver.exact_or_context(names):
            # "Kommunens folkhälsosamordnare är sammankallande": the municipality convenes.
            names = possessive["owner"]
        items = swedish.list_items(names)
        if convener.partner:
            items += swedish.list_items(convener.partner)
        self._add_items(items, "conveners", joint=convener.joint)

    def _sentence_members(self, sentence: str) -> bool | None:
        """Members a sentence names; None when it names none (or names them as something
        else: funders, partners, places, predecessors)."""
        lead_in = swedish.find_lead_in(sentence)
        if lead_in:
            span, direction = sentence[lead_in.end() :].strip().lstrip(":").strip(), "after"
            if not span:
                self.list_mode, self.task_list = "members", False
                self.member_list_found = True
                return True
        else:
            if swedish.says_not_members(sentence):
                return None
            found = swedish.members_span(sentence)
            if found is None:
                if self.list_mode and sentence.count(",") >= 1 and not sentence.endswith(":"):
                    found = ("after", sentence)
                else:
                    return None
            direction, span = found
            if not self._about_this_network(sentence, span, direction):
                return None
            if direction == "after":
                span = swedish.last_item_end(span)  # the list ends where the clause begins
            if direction == "after" and not span.strip(" :;"):
                self.list_mode, self.task_list = "members", False
                return True
        items = swedish.list_items(span)
        if not items:
            return None
        items[0] = swedish.without_fillers(items[0])
        if direction == "after":
            items[-1] = swedish.last_item_end(items[-1])
        mentions = self._mentions(items, sentence)
        names = [m for m in mentions if self._is_name(m[1])]
        prefix = sentence[: len(sentence) - len(span)].rstrip()
        strong = lead_in is not None or not prefix.endswith("mellan")
        if not names or (len(names) == 1 and not (strong and self._clearly_a_name(names[0][1]))):
            if lead_in:
                self.findings.append("members_described_generally")
                self.general_description = True
                return False
            return None
        if len(names) < len(mentions) / 2:
            return None
        self._add_mentions(names, "members")
        self.member_list_found = True
        return True

    def _about_this_network(self, sentence: str, span: str, direction: str) -> bool:
        """Whether a sentence's members are this network's: not those of another body
        the sentence is about ('SÖSK är ett samverkansorgan mellan …'), nor a body this
        network takes part in ('Representanter från nätverket ingår i Styrgruppen …')."""
        if direction == "after":
            subject = sentence[: len(sentence) - len(span)]
            relative = re.search(
                r"([A-ZÅÄÖ][\wåäöÅÄÖ-]*(?:\s+[\wåäöÅÄÖ-]+){0,6}?)\s+som\s+(?:[\wåäö]+\s+){0,2}"
                r"(?:består|bestod|utgörs|är)\b",
                subject,
            )
            if relative and not self._is_self(relative[1]):
                return False  # "… en del av Forum för X som består av …": that body's members
            first = re.match(r"^\s*([A-ZÅÄÖ][\wåäöÅÄÖ-]*(?:\s+[A-ZÅÄÖ][\wåäöÅÄÖ-]*)*)", subject)
            if first:
                match = self.resolver.exact_or_context(first[1])
                if match and not self._is_self(first[1]):
                    return False
            return True
        rest = sentence[len(span) :]
        target = re.search(
            r"\b(?:ingår|deltar|medverkar|sitter|plats|medlem(?:mar)?|bakom)\s+(?:med\s+)?"
            r"(?:i|av|bakom)\s+([A-ZÅÄÖ][^,.]*)",
            rest,
        )
        if target and not self._is_self(target[1]):
            return False
        return not self._is_self(span)

    def _is_self(self, text: str) -> bool:
        """Whether words name this network: its name or short name, or a group word its
        name also has ('Landsbygdsnätverkets styrgrupp' on a page about a steering group)."""
        folded = normalise_name(text)
        name = normalise_name(self.network.name)
        if folded in (name, normalise_name(self.network.short_name or "")) or name in folded:
            return True
        title = normalise_name(self.page.result.reading.page.title or "")
        for word in re.findall(r"[\wåäö]+", folded):
            head = re.search(swedish.NETWORK_NOUN.pattern, word)
            if head and (head[0][:5] in name or head[0][:5] in title):
                return True
        return False

    def _mentions(self, items: list[str], sentence: str) -> list[tuple[swedish.ItemText, Resolved]]:
        mentions: list[tuple[swedish.ItemText, Resolved]] = []
        # "A (adjungerad) och B (ordförande)": each name with its own parenthesis.
        items = [part for raw in items for part in re.split(r"(?<=\))\s+(?:och|samt|&)\s+", raw)]
        for raw in items:
            if re.match(r"^som (?:är )?(?:gemensamt )?sammankallande", raw.strip(), re.I):
                if mentions:
                    mentions[-1][0].convener = True
                continue
            convener = re.search(r",?\s+som (?:är )?(?P<joint>gemensamt )?sammankallande.*$", raw)
            item = swedish.item_text(raw[: convener.start()] if convener else raw)
            if convener:
                item.convener, item.joint = True, bool(convener["joint"])
            item.text = swedish.without_fillers(item.text)
            if not item.text or len(item.text.split()) > 16:
                continue
            parts = [item.text]
            if ", " in item.text and not swedish.DISTRIBUTIVE.match(item.text):
                parts = swedish.top_level_split(item.text, swedish.COMMA)  # "samt A, B och C"
            for part in parts:
                found = self.resolver.item(part, sentence=sentence, in_list=True)
                for index, resolved in enumerate(found):
                    mentions.append((self._marks_of(item, index, len(found)), resolved))
        return mentions

    @staticmethod
    def _marks_of(item: swedish.ItemText, index: int, parts: int) -> swedish.ItemText:
        """What an item's parenthesis says, for one of the names it splits into: "A och
        B (sammankallande)" says it of B; "A och B (gemensamt sammankallande)" of both."""
        if parts == 1 or index == parts - 1 or item.joint:
            return item
        return swedish.ItemText(text=item.text)

    def _is_name(self, resolved: Resolved) -> bool:
        """Whether a mention is a name: known to the register, or written as a name and
        not as a kind of body ('länets kommuner', 'räddningstjänsten')."""
        if resolved.keys:
            return True
        text = resolved.as_written
        if swedish.is_generic_kind(text) or normalise_name(text) == normalise_name(
            self.network.name
        ):
            return False
        place = loose(text.rstrip(":"))
        if place in self.page.index.places or (
            place.endswith("s") and place[:-1] in self.page.index.places
        ):
            return False  # a place ("Jönköpings län", "Hallands"), not an organisation
        if text[:1].isupper():
            # A sentence's first word is upper case whatever it is: "Vi driver och …".
            return text.split()[0].casefold() not in swedish.NOT_A_NAME_START
        # "svenska kyrkan": an adjective and a noun in the definite form, in lower case.
        words = text.split()
        return (
            len(words) == 2
            and words[0].endswith(("a", "ska", "s"))
            and words[1].endswith(("en", "et", "an"))
            and words[0] not in swedish.CONNECTORS
        )

    @staticmethod
    def _clearly_a_name(resolved: Resolved) -> bool:
        return bool(resolved.keys) or len(resolved.as_written.split()) >= 2

    def _add_items(self, items, mode, *, joint: bool = False, role: str | None = None) -> int:
        mentions = []
        for raw in items:
            item = swedish.item_text(raw)
            if role and not item.role:
                item.role = role
            if not item.text:
                continue
            for resolved in self.resolver.item(item.text):
                mentions.append((item, resolved))
        names = [m for m in mentions if self._is_name(m[1])]
        if mode == "conveners":
            # A fragment that names no one never becomes an organisation.
            names = [m for m in names if m[1].keys or m[1].as_written[:1].isupper()]
            for _item, resolved in mentions:
                if not any(resolved is r for _i, r in names):
                    self.findings.append(f"convener_not_a_name:{resolved.as_written}")
        return self._add_mentions(names, mode, joint=joint)

    def _add_mentions(self, mentions, mode: str, *, joint: bool = False) -> int:
        network = self.network
        conveners_here = [m for m in mentions if m[0].convener or mode == "conveners"]
        for item, resolved in mentions:
            # A convener named only in a sentence is reported where it is a member.
            reported = (
                resolved.findings
                if mode != "conveners"
                else [f for f in resolved.findings if not f.startswith("renamed:")]
            )
            self.findings.extend(reported)
            self.page.result.renamed.extend(resolved.renamed)
            if resolved.suggestions:
                self.page.result.suggestions[resolved.as_written] = resolved.suggestions
            how = _how(resolved)
            is_joint = joint or item.joint or (mode == "conveners" and len(conveners_here) > 1)
            if item.convener or mode == "conveners":
                mention = NameMention(
                    as_written=resolved.as_written, resolved=resolved.keys, joint=is_joint, **how
                )
                if mention not in network.conveners:
                    network.conveners.append(mention)
            if mode in ("members", "observers"):
                role = item.role if item.role != "chair" else None
                mention = NameMention(
                    as_written=resolved.as_written,
                    resolved=resolved.keys,
                    role=role,
                    seats=item.seats,
                    **how,
                )
                if not any(
                    normalise_name(m.as_written) == normalise_name(mention.as_written)
                    for m in network.members
                ):
                    network.members.append(mention)
        if joint or any(item.joint for item, _r in mentions):
            for convener in network.conveners:
                if any(convener.as_written == r.as_written for _i, r in mentions):
                    convener.joint = True
        return len(mentions)

    def _finish(self) -> None:
        network = self.network
        text = " ".join(self.prose)
        network.description = self.description
        network.informal = bool(swedish.INFORMAL.search(text))
        network.audience = swedish.audience(text)
        found = swedish.cadence(text)
        if found:
            network.cadence = Cadence(
                meetings_per_year=found.meetings_per_year,
                residential_per_year=found.residential_per_year,
                residential_places=found.residential_places,
            )
        network.function = swedish.classify(text, swedish.FUNCTIONS)
        network.ambition_level = swedish.classify(text, swedish.AMBITIONS)
        network.focus = swedish.focus_tags(f"{network.name} {text}")
        for sentence in swedish.split_sentences(text):
            for relation in swedish.relation_sentences(sentence):
                self.page.add_relation(network, relation)
        findings = self.findings
        if not network.conveners:
            findings.insert(0, "no_convener")
        if not self.member_list_found and not network.members:
            findings.append(
                "members_described_generally"
                if self.general_description or "members_described_generally" in findings
                else "no_member_sentence"
            )
        joint = [c for c in network.conveners if c.joint]
        if joint and len(joint) == 1:
            findings.append("joint_convener_partner_not_named")
        network.certain = bool(network.members or network.conveners) or bool(
            re.search(swedish.NETWORK_NOUN.pattern, network.name.split()[-1].casefold())
            or any(
                re.search(swedish.NETWORK_NOUN.pattern, w.casefold())
                for w in re.findall(r"[\wåäö-]+", network.name)
            )
        )
        if not network.certain:
            findings.append("network_uncertain")
        network.findings = ordered(findings)
        home = settings.NATVERK_HOME_ORGANISATION
        if any(home in c.resolved for c in network.conveners):
            network.home_role = "convener"
        elif any(home in m.resolved for m in network.members):
            network.home_role = "member"


def _how(resolved: Resolved) -> dict:
    """How a mention was resolved, for the preview."""
    if not resolved.matches:
        return {}
    match = resolved.matches[0]
    how = match.how
    if resolved.renamed:
        how = "former"
    result: dict = {"how": how}
    if how == "fuzzy":
        result["score"] = match.score
    if how == "context":
        result["reason"] = match.reason
    return result


def merge_into(earlier: NetworkReading, later: NetworkReading) -> None:
    """What a second section with the same heading adds to the network."""
    for attribute in ("conveners", "members", "relations", "contacts"):
        target = getattr(earlier, attribute)
        for mention in getattr(later, attribute):
            if mention not in target:
                target.append(mention)
    earlier.description += later.description
    earlier.cadence = earlier.cadence or later.cadence
    earlier.focus = sorted(set(earlier.focus) | set(later.focus))
    earlier.findings = ordered([*earlier.findings, *later.findings])
    if earlier.members:
        earlier.findings = [f for f in earlier.findings if f != "no_member_sentence"]
    if earlier.conveners:
        earlier.findings = [f for f in earlier.findings if f != "no_convener"]


def without_contact_details(paragraphs: list[str]) -> tuple[list[str], bool]:
    """The paragraphs without the sentences that give an e-mail address or a phone
    number, and whether any did."""
    kept, left_out = [], False
    for paragraph in paragraphs:
        sentences = swedish.split_sentences(paragraph)
        clean = [s for s in sentences if not CONTACT_DETAILS.search(s)]
        if len(clean) == len(sentences):
            kept.append(paragraph)
            continue
        left_out = True
        if clean:
            kept.append(" ".join(clean))
    return kept, left_out


def ordered(findings: list[str]) -> list[str]:
    unique = list(dict.fromkeys(findings))
    return sorted(unique, key=lambda code: FINDING_ORDER.index(code.split(":", 1)[0]))


def page_read(
    data: bytes, *, html: bool | None = None, index: NameIndex | None = None
) -> PageImport:
    """Read a page (bytes of text or HTML) into a reading with every name resolved."""
    source = page_source(data, html=html)
    return _PageReader(source, index or NameIndex.from_database()).read()


__all__ = ["PageContext", "PageImport", "page_read"]
