"""A reading of a networks page: what it says, with names resolved to organisation keys.

The same shape as `seed/natverk.expected.json`. A reading is what gets previewed and
applied; where it came from (page text, or a structured file) does not matter to
`reading_apply`.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field


@dataclass
class NameMention:
    """A name as the page writes it, and the organisation keys it stands for."""

    as_written: str
    resolved: list[str] = field(default_factory=list)
    joint: bool = False  # conveners only: "gemensamt sammankallande"
    role: str | None = None  # members only: observer, secretariat or chair, as the page says
    seats: int | None = None  # members only: "(2 personer)"
    # How the name was resolved, for the preview: name, alias, former, fuzzy or context;
    # the fuzzy score; for a context match, what the page is about ("county", "evidence").
    how: str | None = None
    score: float | None = None
    reason: dict | None = None


@dataclass
class Contact:
    """A person the page names with the organisation they sit for. Offered to the
    secretariat to review; never imported, never published."""

    name: str
    organisation: str = ""
    role: str = ""


@dataclass
class RelationMention:
    kind: str  # a RelationKind value
    as_written: str
    resolved: str | None = None  # "network:<slug>" or "organisation:<key>"

    @property
    def target_kind(self) -> str | None:
        return self.resolved.split(":", 1)[0] if self.resolved else None

    @property
    def target_key(self) -> str | None:
        return self.resolved.split(":", 1)[1] if self.resolved else None


@dataclass
class Cadence:
    meetings_per_year: int | float | None = None
    residential_per_year: int | None = None
    residential_places: list[str] = field(default_factory=list)


@dataclass
class NetworkReading:
    name: str
    short_name: str | None = None
    short_name_expansion: str | None = None
    informal: bool = False
    audience: str | None = None
    conveners: list[NameMention] = field(default_factory=list)
    members: list[NameMention] = field(default_factory=list)
    relations: list[RelationMention] = field(default_factory=list)
    cadence: Cadence | None = None
    home_role: str | None = None
    findings: list[str] = field(default_factory=list)
    # Whether the page says enough for the network to be public once imported: someone
    # takes part in it, or its name says it is a group.
    certain: bool = True
    contacts: list[Contact] = field(default_factory=list)
    # Beyond the gold reading: what the page's prose says, and how it classifies.
    slug: str | None = None
    description: list[str] = field(default_factory=list)
    function: str = ""
    ambition_level: str = ""
    focus: list[str] = field(default_factory=list)


@dataclass
class ReferencedBody:
    """A body the page names only as the target of a relation."""

    name: str
    slug: str
    described_as: str | None = None
    note: str | None = None


@dataclass
class PageReading:
    title: str
    intro: list[str] = field(default_factory=list)
    last_updated: datetime.date | None = None
    page_owner: str | None = None
    home_organisation: NameMention | None = None
    # The county the page is about, for bare "Länsstyrelsen" and "Regionen": its name, the
    # names on the page that point there, or that it is the installation's own.
    context: dict | None = None


@dataclass
class Reading:
    page: PageReading
    networks: list[NetworkReading] = field(default_factory=list)
    referenced_bodies: list[ReferencedBody] = field(default_factory=list)
    page_findings: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict) -> Reading:
        page = dict(data["page"])
        if page.get("home_organisation"):
            page["home_organisation"] = NameMention(**page["home_organisation"])
        if page.get("last_updated"):
            page["last_updated"] = datetime.date.fromisoformat(page["last_updated"])
        networks = []
        for raw in data.get("networks", []):
            raw = dict(raw)
            raw["conveners"] = [NameMention(**c) for c in raw.get("conveners", [])]
            raw["members"] = [NameMention(**m) for m in raw.get("members", [])]
            raw["relations"] = [RelationMention(**r) for r in raw.get("relations", [])]
            raw["contacts"] = [Contact(**c) for c in raw.get("contacts", [])]
            raw["cadence"] = Cadence(**raw["cadence"]) if raw.get("cadence") else None
            networks.append(NetworkReading(**raw))
        return cls(
            page=PageReading(**page),
            networks=networks,
            referenced_bodies=[ReferencedBody(**b) for b in data.get("referenced_bodies", [])],
            page_findings=list(data.get("page_findings", [])),
        )

    def to_dict(self) -> dict:
        data = asdict(self)
        if self.page.last_updated:
            data["page"]["last_updated"] = self.page.last_updated.isoformat()
        return data
