"""Reading a networks page: its title, introduction and footer, and for each network its
name, conveners, members, relations and cadence, with every name resolved."""

import datetime
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext as _

from natverk.importing import swedish
from natverk.importing.errors import ImportProblem
from natverk.importing.reading import (
    Cadence,
    NameMention,
    NetworkReading,
    PageReading,
    Reading,
    ReferencedBody,
    RelationMention,
)
from natverk.importing.resolution import NameIndex, Resolved, Resolver, network_names
from natverk.importing.source import CONTACT_DETAILS, Block, heading_like, page_blocks
from natverk.registry.models import normalise_name

FINDING_ORDER = [
    "no_convener", "no_member_sentence", "members_described_generally",
    "joint_convener_partner_not_named", "unresolved", "fuzzy", "renamed", "split",
    "group_member", "contact_details_left_out",
]  # fmt: skip
# The label, then a colon, a date or nothing (the date on the line below): "Uppdaterade
# rutiner tas fram …" is a sentence, not the page's date.
LAST_UPDATED = re.compile(
    r"^(?:(?:sidan )?senast (?:uppdaterad|ändrad|granskad)|sidan (?:uppdaterades|ändrades)"
    r"|uppdaterad)(?![\wåäö])"
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
SUBHEADINGS = {
    "medlemmar": "members", "deltagare": "members", "organisationer": "members",
    "ingående organisationer": "members", "deltagande organisationer": "members",
    "representerade organisationer": "members", "medlemsorganisationer": "members",
    "sammankallande": "conveners", "sammankallare": "conveners",
    "syfte": None, "mål": None, "målgrupp": None, "mötesfrekvens": None, "möten": None,
    "om nätverket": None, "bakgrund": None, "uppdrag": None, "arbetssätt": None,
    "verksamhet": None,
    "kontaktperson": "contact", "kontaktpersoner": "contact", "kontaktuppgifter": "contact",
    "kontaktinformation": "contact",
}  # fmt: skip
# "Kontaktperson: Anna Berg, …": a person, whom the public site does not name.
CONTACT_LABEL = re.compile(
    r"^(?:kontakt(?:person(?:er)?|uppgifter|information)?|frågor besvaras av)\s*:", re.IGNORECASE
)
NOT_NETWORKS = {
    "kontakt", "kontakta oss", "relaterat", "relaterade sidor", "relaterade länkar", "länkar",
    "mer information", "dela", "dela sidan", "om webbplatsen", "hitta hit", "nyheter",
    "kalender", "dokument", "läs mer", "se även", "publicerat", "innehåll på sidan",
    "kontaktperson", "kontaktpersoner", "kontaktuppgifter", "kontaktinformation",
}  # fmt: skip


@dataclass
class PageImport:
    """The reading of a page, with what the report needs to explain it."""

    reading: Reading
    renamed: list[tuple[str, str, str, object]] = field(default_factory=list)
    suggestions: dict[str, list[tuple[str, str, float]]] = field(default_factory=dict)
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
    'SKUR- nätverket (Stad, Kommun, Universitet och Region)'."""
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


class _PageReader:
    def __init__(self, blocks: list[Block], index: NameIndex):
        self.blocks = blocks
        self.index = index
        self.resolver = Resolver(index)
        self.result = PageImport(reading=Reading(page=PageReading(title="")))
        self.network_slugs = network_names()

    def read(self) -> PageImport:
        blocks = self._take_footer(self.blocks)
        headings = [b for b in blocks if b.kind == "heading"]
        if not headings:
            raise ImportProblem(
                _("The page has no networks: no heading followed by text was found.")
            )
        title = headings[0]
        self.result.reading.page.title = title.text
        body = blocks[blocks.index(title) + 1 :]
        sections, intro = self._sections(body)
        if not sections:
            raise ImportProblem(
                _("The page has no networks: no heading followed by a description was found.")
            )
        page = self.result.reading.page
        page.intro, left_out = without_contact_details(
            [b.text for b in intro if b.kind == "paragraph"]
        )
        if left_out:
            self.result.reading.page_findings.append("contact_details_left_out")
        self._home_organisation()
        names_on_page: dict[str, str] = {}
        first_lines: dict[str, int] = {}
        for heading, _blocks in sections:
            name = normalise_network_name(heading.text)[0]
            slug = slugify(name)
            if slug in first_lines:
                raise ImportProblem(
                    _("The network “%(name)s” is on the page twice: on line %(first)d and on "
                      "line %(second)d.")
                    % {"name": name, "first": first_lines[slug], "second": heading.line}
                )  # fmt: skip
            first_lines[slug] = heading.line
            names_on_page[normalise_name(name)] = slug
        self.network_slugs.update(names_on_page)
        for heading, section in sections:
            network = self._network(heading, section)
            self.result.reading.networks.append(network)
            self.result.lines[network.name] = heading.line
        if page.last_updated is None:
            self.result.reading.page_findings.append("last_updated_missing")
        if not page.page_owner:
            self.result.reading.page_findings.append("page_owner_missing")
        return self.result

    # The page around the networks ------------------------------------------------

    def _take_footer(self, blocks: list[Block]) -> list[Block]:
        page = self.result.reading.page
        kept: list[Block] = []
        skip_next = False
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
        return kept

    def _sections(self, body: list[Block]) -> tuple[list[tuple[Block, list[Block]]], list[Block]]:
        """Network sections (heading, blocks) and the introduction before the first one."""
        sections: list[tuple[Block, list[Block]]] = []
        intro: list[Block] = []
        current: list[Block] | None = None
        network_level = None
        skipping = False
        groups = self._group_headings(body)
        for position, block in enumerate(body):
            if block.kind != "heading":
                if skipping:
                    continue
                (intro if current is None else current).append(block)
                continue
            label = normalise_name(block.text).rstrip(":")
            if not slugify(normalise_network_name(block.text)[0]):
                # No letters to name a network by ("* * *"): a divider, not a heading.
                continue
            if position in groups:
                # "Nätverk där vi deltar" over the networks: neither a network nor a
                # part of the one before it.
                current, skipping = None, True
                continue
            if (
                current is not None
                and label in SUBHEADINGS
                and (network_level is None or block.level >= network_level)
            ):
                current.append(block)  # a part of the network's section
                skipping = False
                continue
            following = body[position + 1] if position + 1 < len(body) else None
            # "SKUR" over "Deltagare" and a list: a network whose text starts with a
            # subheading.
            has_text = following is not None and (
                following.kind != "heading"
                or normalise_name(following.text).rstrip(":") in SUBHEADINGS
            )
            if label in NOT_NETWORKS:
                skipping = True
                continue
            if not has_text:
                deeper = following is not None and following.level > block.level
                if deeper:
                    skipping = False
                    continue  # a heading over a group of networks
                raise ImportProblem(
                    _("The heading “%(heading)s” has no text after it.") % {"heading": block.text},
                    line=block.line,
                )
            skipping = False
            network_level = block.level if network_level is None else network_level
            current = []
            sections.append((block, current))
        return sections, intro

    @staticmethod
    def _group_headings(body: list[Block]) -> set[int]:
        """Positions of headings with network headings below them (at a deeper level,
        before the next heading at their own level or above)."""
        groups = set()
        for position, block in enumerate(body):
            if block.kind != "heading":
                continue
            for later in body[position + 1 :]:
                if later.kind != "heading":
                    continue
                if later.level <= block.level:
                    break
                label = normalise_name(later.text).rstrip(":")
                if label not in SUBHEADINGS and label not in NOT_NETWORKS:
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

    def _network(self, heading: Block, blocks: list[Block]) -> NetworkReading:
        name, short_name, expansion = normalise_network_name(heading.text)
        network = NetworkReading(
            name=name, short_name=short_name, short_name_expansion=expansion, slug=slugify(name)
        )
        findings: list[str] = []
        description: list[str] = []
        list_mode: str | None = None  # "members" or "conveners" while a list continues
        member_list_found = general_description = items_taken = False
        prose: list[str] = []
        # A contact person is left out with all that follows: under a "Kontaktperson"
        # heading up to the next heading, after a "Kontaktperson:" label for the lines
        # that give a name, an address or a number.
        contact: str | None = None  # "section" or "label"

        for block in blocks:
            if block.kind == "heading":
                list_mode = SUBHEADINGS.get(normalise_name(block.text).rstrip(":"))
                contact = "section" if list_mode == "contact" else None
                list_mode = None if contact else list_mode
                continue
            if contact == "label" and not (
                block.kind == "item"
                or heading_like(block.text)
                or CONTACT_DETAILS.search(block.text)
            ):
                contact = None
            if contact:
                findings.append("contact_details_left_out")
                continue
            if block.kind == "item":
                if list_mode:
                    self._add_items(network, [block.text], list_mode, findings)
                    member_list_found |= list_mode == "members"
                    items_taken = True
                elif CONTACT_DETAILS.search(block.text):
                    findings.append("contact_details_left_out")
                else:
                    description.append(block.text)
                    prose.append(block.text)
                continue
            if items_taken:
                list_mode, items_taken = None, False  # the list ended with its last item
            kept_sentences = []
            for sentence in swedish.split_sentences(block.text):
                if CONTACT_LABEL.match(sentence):
                    findings.append("contact_details_left_out")
                    if sentence.endswith(":"):
                        contact, list_mode = "label", None  # the details are on the lines below
                    continue
                handled, mode = self._sentence(network, sentence, findings, list_mode)
                if mode == "members-found":
                    member_list_found = True
                    list_mode = None
                elif mode in ("members", "conveners"):
                    list_mode = mode
                    member_list_found |= mode == "members"
                elif mode == "general":
                    general_description = True
                elif list_mode and mode is None and not handled:
                    list_mode = None
                if not handled and CONTACT_DETAILS.search(sentence):
                    findings.append("contact_details_left_out")
                elif not handled:
                    kept_sentences.append(sentence)
                    prose.append(sentence)
            if kept_sentences:
                description.append(" ".join(kept_sentences))

        text = " ".join(prose)
        network.description = description
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
        network.focus = swedish.focus_tags(f"{name} {text}")
        for sentence in swedish.split_sentences(text):
            for relation in swedish.relation_sentences(sentence):
                self._add_relation(network, relation)

        if not network.conveners:
            findings.insert(0, "no_convener")
        if not member_list_found and not network.members:
            findings.append(
                "members_described_generally"
                if general_description or "members_described_generally" in findings
                else "no_member_sentence"
            )
        joint = [c for c in network.conveners if c.joint]
        if joint and len(joint) == 1:
            findings.append("joint_convener_partner_not_named")
        network.findings = ordered(findings)
        home = settings.NATVERK_HOME_ORGANISATION
        if any(home in c.resolved for c in network.conveners):
            network.home_role = "convener"
        elif any(home in m.resolved for m in network.members):
            network.home_role = "member"
        return network

    def _sentence(self, network, sentence: str, findings, list_mode) -> tuple[bool, str | None]:
        """Read one sentence; (whether it was only structure, what list it opens)."""
        if sentence.endswith(":") and len(sentence.split()) <= 4:
            # A label over a list: "Sammankallande:", "Deltagare:", "Mötesfrekvens:"
            mode = SUBHEADINGS.get(normalise_name(sentence).rstrip(":"))
            return mode is not None, mode
        lead_in = swedish.find_lead_in(sentence)
        if lead_in:
            rest = sentence[lead_in.end() :].strip().lstrip(":").strip()
            if not rest:
                return True, "members"
            added = self._add_items(network, swedish.list_items(rest), "members", findings)
            if not added:
                findings.append("members_described_generally")
                return False, "general"
            return True, "members-found"
        convener = swedish.convener_sentence(sentence)
        if convener and len(convener.names.split()) <= 30:
            names = convener.names
            if not names:
                return True, "conveners"
            items = swedish.list_items(names)
            if convener.partner:
                items += swedish.list_items(convener.partner)
            self._add_items(network, items, "conveners", findings, joint=convener.joint)
            return True, None
        marked = swedish.CONVENER_ROLE.search(sentence)
        if marked and 0 < len(sentence[: marked.start()].split()) <= 12:
            # "Helsingborgs stad och Region Skåne (gemensamt sammankallande) planerar …"
            items = [
                f"{item} {marked[0].strip()}"
                for item in swedish.list_items(sentence[: marked.start()])
            ]
            self._add_items(network, items, "conveners", findings, joint=bool(marked["joint"]))
            return False, None
        if list_mode and sentence.count(",") >= 1 and not sentence.rstrip().endswith(":"):
            # A list that runs on from a lead-in on the line before, if it names someone.
            items = swedish.list_items(sentence)
            if any(self.resolver.name(swedish.item_text(item).text) for item in items):
                self._add_items(network, items, list_mode, findings)
                return True, "members-found" if list_mode == "members" else None
        if swedish.describes_members_generally(sentence):
            return False, "general"
        return False, None

    def _add_items(self, network, items, mode, findings, *, joint: bool = False) -> int:
        """Resolve list items into members or conveners; returns how many were added.
        A lower-case phrase that names nobody is a description, not a member."""
        added = 0
        mentions: list[tuple[swedish.ItemText, Resolved]] = []
        for raw in items:
            item = swedish.item_text(raw)
            if not item.text:
                continue
            for resolved in self.resolver.item(item.text):
                if not resolved.keys and not re.search(r"[A-ZÅÄÖ]", resolved.as_written):
                    continue  # "skånska kommuner": says what kind, names no one
                mentions.append((item, resolved))
        conveners_here = [m for m in mentions if m[0].convener or mode == "conveners"]
        for item, resolved in mentions:
            # A convener named only in a sentence is reported where it is a member.
            reported = (
                resolved.findings
                if mode == "members"
                else [f for f in resolved.findings if not f.startswith("renamed:")]
            )
            findings.extend(reported)
            self.result.renamed.extend(resolved.renamed)
            if resolved.suggestions:
                self.result.suggestions[resolved.as_written] = resolved.suggestions
            is_joint = joint or item.joint or (mode == "conveners" and len(conveners_here) > 1)
            if item.convener or mode == "conveners":
                network.conveners.append(
                    NameMention(
                        as_written=resolved.as_written, resolved=resolved.keys, joint=is_joint
                    )
                )
            if mode == "members":
                network.members.append(
                    NameMention(
                        as_written=resolved.as_written,
                        resolved=resolved.keys,
                        role=item.role,
                        seats=item.seats,
                    )
                )
            added += 1
        if joint or any(item.joint for item, _r in mentions):
            for convener in network.conveners:
                if any(convener.as_written == r.as_written for _i, r in mentions):
                    convener.joint = True
        return added

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

    def _add_relation(self, network: NetworkReading, relation: swedish.RelationText) -> None:
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
    blocks = page_blocks(data, html=html)
    return _PageReader(blocks, index or NameIndex.from_database()).read()
