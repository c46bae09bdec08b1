"""The data-quality report of an import, in sentences a secretariat can act on."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from natverk.importing.parser import PageImport


@dataclass
class Finding:
    network: str  # empty for findings about the whole page
    code: str
    text: str


def _names(keys: list[str], names: dict[str, str]) -> str:
    return ", ".join(names.get(key, key) for key in keys)


def quality_report(page: PageImport, organisation_names: dict[str, str]) -> list[Finding]:
    """One sentence per finding; `organisation_names` maps keys to current names."""
    findings: list[Finding] = []
    renamed = {key: (old, new, date) for key, old, new, date in page.renamed}
    for network in page.reading.networks:
        for finding in network.findings:
            code, _sep, detail = finding.partition(":")
            findings.append(
                Finding(
                    network.name,
                    code,
                    _sentence(code, detail, network, renamed, page, organisation_names),
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
            )
        )
    for code in page.reading.page_findings:
        text = {
            "last_updated_missing": _("The page has no date after “Senast uppdaterad”."),
            "page_owner_missing": _("The page names no page owner (“Sidansvarig”)."),
            "contact_details_left_out": _(
                "Sentences with an e-mail address or a phone number were left out of the "
                "page's introduction: the public site shows no contact details."
            ),
        }.get(code, code)
        findings.append(Finding("", code, text))
    return findings


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
    if code == "group_member":
        return _("A member is given only as a group: %(group)s.") % {
            "group": names.get(detail, detail)
        }
    return f"{code}: {detail}" if detail else code
