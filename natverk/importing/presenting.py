"""Plain-text summaries of a reading and of the changes, for the command line."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from natverk.importing.parser import PageImport
from natverk.importing.services import ImportReport
from natverk.registry.enums import RelationKind

ACTIONS = {
    "create": gettext_lazy("create"),
    "update": gettext_lazy("update"),
    "end": gettext_lazy("end"),
    "delete": gettext_lazy("delete"),
}
HOW = {
    "name": gettext_lazy("its name"),
    "alias": gettext_lazy("another name of it"),
    "former": gettext_lazy("a former name"),
    "fuzzy": gettext_lazy("a close spelling"),
    "context": gettext_lazy("what the page is about"),
}
SUBJECTS = {
    "organisation": gettext_lazy("organisation"),
    "network": gettext_lazy("network"),
    "membership": gettext_lazy("membership"),
    "relation": gettext_lazy("relation"),
    "page": gettext_lazy("page"),
}


def change_labels(change: dict) -> dict:
    """A change with its action, subject and date in the active language."""
    return {
        **change,
        "action_label": str(ACTIONS.get(change["action"], change["action"])),
        "subject_label": str(SUBJECTS.get(change["subject"], change["subject"])),
        "date_label": date_label(change),
    }


def date_label(change: dict) -> str:
    """When a membership starts or ends, and what says so."""
    if not change.get("date"):
        return ""
    if change.get("action") == "end":
        if change.get("date_basis") == "page":
            return _("last day %(date)s (the day before the page's “Senast uppdaterad”)") % {
                "date": change["date"]
            }
        return _("last day %(date)s (the day before this import)") % {"date": change["date"]}
    if change.get("date_basis") == "page":
        return _("from %(date)s (the page's “Senast uppdaterad”)") % {"date": change["date"]}
    return _("from %(date)s (the day of this import)") % {"date": change["date"]}


def how_label(how: str | None, score: float | None = None) -> str:
    """How a name was resolved, in a few words."""
    label = str(HOW.get(how or "", ""))
    if how == "fuzzy" and score is not None:
        label = _("%(how)s, %(score)s of 100") % {"how": label, "score": round(score)}
    return label


def _mention(mention, names: dict[str, str]) -> str:
    resolved = ", ".join(names.get(key, key) for key in mention.resolved)
    if not mention.resolved:
        return _("%(name)s (not in the register)") % {"name": mention.as_written}
    if resolved == mention.as_written:
        return resolved
    how = how_label(mention.how, mention.score)
    return f"{mention.as_written} → {resolved}" + (f" ({how})" if how else "")


def describe_reading(page: PageImport, names: dict[str, str]) -> str:
    reading = page.reading
    lines = [
        _("Page: %(title)s") % {"title": reading.page.title},
        _("Page owner: %(owner)s") % {"owner": reading.page.page_owner or "–"},
        _("Last updated: %(date)s")
        % {"date": reading.page.last_updated.isoformat() if reading.page.last_updated else "–"},
    ]
    for network in reading.networks:
        lines.append("")
        title = network.name
        if network.short_name_expansion:
            title += f" ({network.short_name}: {network.short_name_expansion})"
        lines.append(title)
        conveners = "; ".join(
            _mention(c, names) + (f" ({_('joint')})" if c.joint else "") for c in network.conveners
        )
        lines.append("  " + _("Conveners: %(names)s") % {"names": conveners or "–"})
        members = "; ".join(_mention(m, names) for m in network.members)
        lines.append("  " + _("Members: %(names)s") % {"names": members or "–"})
        for relation in network.relations:
            lines.append("  " + f"{RelationKind(relation.kind).label} {relation.as_written}")
        if network.contacts:
            people = "; ".join(
                ", ".join(filter(None, [c.name, c.role, c.organisation])) for c in network.contacts
            )
            lines.append(
                "  " + _("People named (not imported; for review): %(people)s") % {"people": people}
            )
        if not network.certain:
            lines.append("  " + _("Not public until reviewed: nobody is named in it."))
        if network.cadence:
            cadence = network.cadence
            text = _("%(count)s meetings a year") % {"count": cadence.meetings_per_year or "?"}
            if cadence.residential_per_year:
                text += ", " + ngettext(
                    "%(count)d residential", "%(count)d residential", cadence.residential_per_year
                ) % {"count": cadence.residential_per_year}
                if cadence.residential_places:
                    text += f" ({', '.join(cadence.residential_places)})"
            lines.append("  " + text)
    return "\n".join(lines)


def describe_changes(report: ImportReport) -> str:
    lines = [_("Changes:")] if report.changes else [_("Changes: none.")]
    for change in report.changes:
        where = f"{change.network}: " if change.network and change.subject != "network" else ""
        labels = change_labels(change.as_dict())
        when = f", {labels['date_label']}" if labels["date_label"] else ""
        lines.append(
            f"  {labels['action_label']:8} {labels['subject_label']:12} "
            f"{where}{change.description}{when}"
        )
    if report.held:
        lines.append("")
        lines.append(_("Kept until someone decides:"))
        for held in report.held:
            lines.append("  " + held_sentence(held.as_dict()))
    return "\n".join(lines)


def held_sentence(held: dict) -> str:
    return (
        _(
            "%(network)s: %(organisation)s is no longer on the page, which names “%(unknown)s”, "
            "a name not in the register (%(score)s of 100 alike). If it is %(organisation)s "
            "under a new name, map the name to it; otherwise create it. Until then the "
            "membership is kept."
        )
        % held
    )
