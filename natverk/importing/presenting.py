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
SUBJECTS = {
    "organisation": gettext_lazy("organisation"),
    "network": gettext_lazy("network"),
    "membership": gettext_lazy("membership"),
    "relation": gettext_lazy("relation"),
    "page": gettext_lazy("page"),
}


def change_labels(change: dict) -> dict:
    """A change with its action and subject in the active language."""
    return {
        **change,
        "action_label": str(ACTIONS.get(change["action"], change["action"])),
        "subject_label": str(SUBJECTS.get(change["subject"], change["subject"])),
    }


def _mention(mention, names: dict[str, str]) -> str:
    resolved = ", ".join(names.get(key, key) for key in mention.resolved)
    if not mention.resolved:
        return _("%(name)s (not in the register)") % {"name": mention.as_written}
    if resolved == mention.as_written:
        return resolved
    return f"{mention.as_written} → {resolved}"


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
    if not report.changes:
        return _("Changes: none.")
    lines = [_("Changes:")]
    for change in report.changes:
        where = f"{change.network}: " if change.network and change.subject != "network" else ""
        labels = change_labels(change.as_dict())
        lines.append(
            f"  {labels['action_label']:8} {labels['subject_label']:12} {where}{change.description}"
        )
    return "\n".join(lines)
