"""The public register in the Popolo data specification (popoloproject.com): networks
and organisations as `organizations`, memberships of networks and of groupings as
`memberships` with an organisation as the `member` (Popolo's organisation-as-member),
public meetings as `events`. People are never part of it, so no membership has a
`person_id` or an `on_behalf_of_id`.

Identifiers are stable: `network/<key>`, `organisation/<key>`, `membership/<number>`,
`affiliation/<number>` and `meeting/<uid>`."""

import datetime
import json

from django.utils import timezone

from natverk.api import selectors
from natverk.api.enums import county_code
from natverk.registry.enums import NameKind, RelationKind
from natverk.registry.models import Network, Organisation

NAME_NOTES = {NameKind.ALIAS: "alias", NameKind.FORMER: "former name"}


def _network_id(network: Network) -> str:
    return f"network/{network.slug}"


def _organisation_id(organisation: Organisation) -> str:
    return f"organisation/{organisation.slug}"


def _day(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _compact(record: dict) -> dict:
    """Popolo leaves out what is unknown rather than writing null."""
    return {key: value for key, value in record.items() if value not in (None, "", [])}


def _moment(moment: datetime.datetime | None) -> str | None:
    if moment is None:
        return None
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def _network(network: Network, parent_id: str | None, base_url: str) -> dict:
    other_names = [{"name": network.name_en, "note": "English name"}] if network.name_en else []
    if network.short_name:
        other_names.append({"name": network.short_name, "note": "short name"})
    return _compact(
        {
            "id": _network_id(network),
            "name": network.name,
            "other_names": other_names,
            "classification": "network",
            "parent_id": parent_id,
            "founding_date": _day(network.founded_on),
            "dissolution_date": _day(network.closed_on),
            # The network's functional mailbox and page: public facts, as on its page.
            "contact_details": (
                [{"type": "email", "value": network.contact_email, "label": "contact"}]
                if network.contact_email
                else []
            ),
            "links": [
                {"url": base_url + network.get_absolute_url(), "note": "public page"},
                *([{"url": network.contact_url, "note": "contact"}] if network.contact_url else []),
            ],
        }
    )


def _organisation(organisation: Organisation, base_url: str) -> dict:
    other_names = []
    for name in selectors.prefetched(organisation, "names"):
        entry = {"name": name.name, "note": NAME_NOTES.get(name.kind, name.kind)}
        if name.kind == NameKind.FORMER and name.replaced_on:
            # The day the next name took effect is the day after this one's last.
            entry["end_date"] = (name.replaced_on - datetime.timedelta(days=1)).isoformat()
        other_names.append(entry)
    identifiers = []
    if organisation.municipality_code:
        identifiers.append({"scheme": "kommunkod", "identifier": organisation.municipality_code})
        identifiers.append(
            {"scheme": "lanskod", "identifier": county_code(organisation.municipality_code)}
        )
    links = [{"url": base_url + organisation.get_absolute_url(), "note": "public page"}]
    if organisation.website:
        links.append({"url": organisation.website, "note": "website"})
    return _compact(
        {
            "id": _organisation_id(organisation),
            "name": organisation.name,
            "other_names": other_names,
            "identifiers": [i for i in identifiers if i["identifier"]],
            "classification": organisation.kind,
            "parent_id": _organisation_id(organisation.parent) if organisation.parent else None,
            "founding_date": _day(organisation.start_date),
            "dissolution_date": _day(organisation.end_date),
            "links": links,
        }
    )


def popolo_export(*, base_url: str) -> dict:
    """The whole public register as one Popolo document. `base_url` (no trailing slash)
    makes the links to the public pages absolute."""
    parents: dict[int, str] = {}
    for relation in selectors.public_relations().filter(kind=RelationKind.PART_OF).order_by("pk"):
        target = relation.target_network or relation.target_organisation
        if relation.source_id in parents or target is None:
            continue
        if isinstance(target, Network) and not target.is_public:
            continue  # not in the export: nothing to point at
        parents[relation.source_id] = (
            _network_id(target) if isinstance(target, Network) else _organisation_id(target)
        )
    organizations = [
        _network(network, parents.get(network.pk), base_url)
        for network in selectors.public_network_list()
    ] + [
        _organisation(organisation, base_url)
        for organisation in selectors.organisations_with_names()
    ]
    memberships = [
        _compact(
            {
                "id": f"membership/{membership.pk}",
                "label": membership.described_as,
                "role": membership.role,
                "organization_id": _network_id(membership.network),
                "member": {
                    "@type": "Organization",
                    "id": _organisation_id(membership.organisation),
                },
                "start_date": _day(membership.start_date),
                "end_date": _day(membership.end_date),
            }
        )
        for membership in selectors.public_memberships().order_by("pk")
    ] + [
        _compact(
            {
                "id": f"affiliation/{affiliation.pk}",
                "role": "member",
                "organization_id": _organisation_id(affiliation.group),
                "member": {"@type": "Organization", "id": _organisation_id(affiliation.member)},
                "start_date": _day(affiliation.start_date),
                "end_date": _day(affiliation.end_date),
            }
        )
        for affiliation in selectors.affiliations()
    ]
    events = []
    for meeting in selectors.public_meetings().order_by("start", "pk"):
        leading = next(
            (link for link in selectors.prefetched(meeting, "public_links") if link.leading), None
        )
        events.append(
            _compact(
                {
                    "id": f"meeting/{meeting.uid}",
                    "name": meeting.title,
                    "classification": meeting.kind,
                    "status": meeting.status,
                    "start_date": _moment(meeting.start),
                    "end_date": _moment(meeting.end),
                    "location": meeting.town,
                    "organization_id": _network_id(leading.network) if leading else None,
                }
            )
        )
    return {"organizations": organizations, "memberships": memberships, "events": events}


def popolo_json(base_url: str) -> bytes:
    """The export as compact UTF-8 JSON."""
    document = popolo_export(base_url=base_url.rstrip("/"))
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
