"""The data-quality report of an import, in sentences a secretariat can act on, and how
each name on the page was resolved."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from natverk.importing.parser import PageImport
from natverk.importing.reading import NameMention, NetworkReading


@dataclass
class Finding:
    network: str  # empty for findings about the whole page
    code: str
    text: str
    detail: str = ""
    organisation: str = ""  # key of the organisation it is about, if any


def _names(keys: list[str], names: dict[str, str]) -> str:
    return ", ".join(names.get(key, key) for key in keys)


def quality_report(page: PageImport, organisation_names: dict[str, str]) -> list[Finding]:
    """One sentence per finding; `organisation_names` maps keys to current names."""
    findings: list[Finding] = []
    renamed = {key: (old, new, date) for key, old, new, date in page.renamed}
    for network in page.reading.networks:
        for finding in network.findings:
            code, _sep, detail = finding.partition(":")
            text = _sentence(code, detail, network, renamed, page, organisation_names)
            findings.append(
                Finding(network.name, code, text, detail, _organisation(code, detail, network))
            )
        told: set[str] = set()
        for mention in [*network.conveners, *network.members]:
            # A convener that is also a member is told about once.
            if mention.how == "context" and mention.resolved and mention.as_written not in told:
                told.add(mention.as_written)
                findings.append(
                    Finding(
                        network.name,
                        "context",
                        context_sentence(mention, organisation_names),
                        mention.as_written,
                        mention.resolved[0],
                    )
                )
    for body in page.reading.referenced_bodies:
        findings.append(
            Finding(
                "",
                "relation_target_not_in_register",
                _(
                    "“%(name)s” is not in the register; it is added as a network that is not "
                    "public until someone reviews it."
                )
                % {"name": body.name},
                body.name,
            )
        )
    for raw in page.reading.page_findings:
        code, _sep, detail = raw.partition(":")
        findings.append(Finding("", code, _page_sentence(code, detail), detail))
    return findings


def _organisation(code: str, detail: str, network: NetworkReading) -> str:
    if code in ("renamed", "group_member"):
        return detail
    if code in ("fuzzy", "split"):
        mention = next(
            (m for m in [*network.members, *network.conveners] if m.as_written == detail), None
        )
        return mention.resolved[0] if mention and mention.resolved else ""
    return ""


def _page_sentence(code: str, detail: str) -> str:
    if code == "heading_without_text":
        line, _sep, heading = detail.partition(":")
        if heading:
            return _(
                "The heading “%(heading)s” on line %(line)s has no text after it; it was not "
                "read as a network."
            ) % {"heading": heading, "line": line}
        return _("A heading on the page has no text in it.")
    return {
        "last_updated_missing": _("The page has no date after “Senast uppdaterad”."),
        "page_owner_missing": _("The page names no page owner (“Sidansvarig”)."),
        "contact_details_left_out": _(
            "Sentences with an e-mail address or a phone number were left out of the "
            "page's introduction: the public site shows no contact details."
        ),
        "control_characters_removed": _(
            "The page held control characters or marks that reorder text; they were "
            "removed from what was read."
        ),
    }.get(code, code)


def context_sentence(mention: NameMention, names: dict[str, str]) -> str:
    """Why a bare 'Länsstyrelsen', 'Regionen' or 'Kommunen' was read as the body it was."""
    reason = mention.reason or {}
    organisation = _names(mention.resolved, names)
    if reason.get("sentence"):
        return _("“%(name)s” was read as %(organisation)s, which the same sentence names.") % {
            "name": mention.as_written,
            "organisation": organisation,
        }
    if reason.get("municipality"):
        return _("“%(name)s” was read as %(organisation)s, the municipality the page is about.") % {
            "name": mention.as_written,
            "organisation": organisation,
        }
    if reason.get("home"):
        return _(
            "“%(name)s” was read as %(organisation)s: nothing on the page says which county "
            "it is about, so the installation's own county (%(county)s) was taken."
        ) % {
            "name": mention.as_written,
            "organisation": organisation,
            "county": reason.get("county", ""),
        }
    return _(
        "“%(name)s” was read as %(organisation)s: the page is about %(county)s (it names "
        "%(evidence)s)."
    ) % {
        "name": mention.as_written,
        "organisation": organisation,
        "county": reason.get("county", ""),
        "evidence": ", ".join(reason.get("evidence", [])),
    }


def _sentence(code, detail, network, renamed, page, names) -> str:
    if code == "no_convener":
        return _("No convener is named.")
    if code == "no_member_sentence":
        return _("The page names no members.")
    if code == "members_described_generally":
        return _("The members are described only in general terms, so none were read.")
    if code == "joint_convener_partner_not_named":
        joint = [c.as_written for c in network.conveners if c.joint]
        return _("%(name)s is a joint convener, but the partner is not named.") % {
            "name": ", ".join(joint)
        }
    if code == "unresolved":
        suggestions = page.suggestions.get(detail, [])
        if suggestions:
            return _("“%(name)s” is not in the register. Closest: %(suggestions)s.") % {
                "name": detail,
                "suggestions": ", ".join(f"{name} ({score})" for name, _key, score in suggestions),
            }
        return _("“%(name)s” is not in the register.") % {"name": detail}
    if code == "fuzzy":
        mention = next(
            (m for m in [*network.conveners, *network.members] if m.as_written == detail), None
        )
        target = _names(mention.resolved, names) if mention else "?"
        return _("“%(name)s” was read as %(organisation)s; check that this is right.") % {
            "name": detail,
            "organisation": target,
        }
    if code == "renamed":
        old, new, date = renamed.get(detail, (detail, names.get(detail, detail), None))
        if date:
            return _("%(old)s has been called %(new)s since %(date)s.") % {
                "old": old,
                "new": new,
                "date": date.isoformat() if hasattr(date, "isoformat") else date,
            }
        return _("%(old)s is now called %(new)s.") % {"old": old, "new": new}
    if code == "split":
        mention = next((m for m in network.members if m.as_written == detail), None)
        return _("“%(name)s” was read as several organisations: %(organisations)s.") % {
            "name": detail,
            "organisations": _names(mention.resolved, names) if mention else "?",
        }
    if code == "contact_details_left_out":
        return _(
            "A contact person, e-mail address or phone number was left out of the description: "
            "the public site shows no contact details."
        )
    if code == "people_left_out":
        return _(
            "People named on the page were left out of what is published; they are listed "
            "for you to review as contacts."
        )
    if code == "group_member":
        return _("A member is given only as a group: %(group)s.") % {
            "group": names.get(detail, detail)
        }
    if code == "convener_not_a_name":
        return _("“%(words)s” is said to convene, but it names no organisation.") % {
            "words": detail
        }
    if code == "heading_twice":
        first, _sep, second = detail.partition(",")
        return _(
            "The heading “%(name)s” is on the page twice: on line %(first)s and on line "
            "%(second)s. Both were read as this one network."
        ) % {"name": network.name, "first": first, "second": second}
    if code == "network_uncertain":
        return _(
            "Only the heading says this is a network, and nobody is named in it; it is not "
            "public until someone reviews it."
        )
    return f"{code}: {detail}" if detail else code


def resolutions(page: PageImport, names: dict[str, str]) -> list[dict]:
    """How each name on the page was read, network by network: the words, what they
    resolved to, and how (its name, an alias, a former name, fuzzy with a score, what
    the page is about)."""
    rows = []
    for network in page.reading.networks:
        seen = set()
        for mention in [*network.conveners, *network.members]:
            if mention.as_written in seen:
                continue
            seen.add(mention.as_written)
            rows.append(
                {
                    "network": network.name,
                    "as_written": mention.as_written,
                    "resolved": mention.resolved,
                    "organisations": _names(mention.resolved, names),
                    "how": mention.how or "",
                    "score": mention.score,
                    "reason": context_sentence(mention, names) if mention.how == "context" else "",
                }
            )
    return rows
