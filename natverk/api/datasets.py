"""The downloads of the open-data page: each dataset's columns are declared once, with
their meaning and type, and the CSV, the XLSX and the README are all written from that
declaration, so a column cannot be published undocumented.

CSV is for Swedish Excel: UTF-8 with a byte-order mark, semicolons, decimal commas, CRLF.
XLSX has typed dates and numbers, a frozen header row and a sheet that documents the
columns. Times are Swedish local time (Europe/Stockholm)."""

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from natverk.api import selectors
from natverk.api.enums import COUNTIES, Dataset, county_code
from natverk.meetings.enums import MeetingKind, MeetingMode, MeetingStatus
from natverk.registry.enums import (
    CONVENING_ROLES,
    AmbitionLevel,
    Formality,
    HomeRole,
    MembershipRole,
    NameKind,
    NetworkFunction,
    NetworkStatus,
    OrganisationKind,
    RelationKind,
)

TYPES = {
    "text": gettext_lazy("text"),
    "code": gettext_lazy("code, one of the values listed"),
    "date": gettext_lazy("date, YYYY-MM-DD"),
    "datetime": gettext_lazy("date and time, Swedish time, YYYY-MM-DD HH:MM"),
    "integer": gettext_lazy("whole number"),
    "decimal": gettext_lazy("number; in the CSV with a decimal comma"),
    "boolean": gettext_lazy("true or false"),
    "list": gettext_lazy("list of keys separated by ' | '"),
}
LIST_SEPARATOR = " | "
# What a spreadsheet would run as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    meaning: Promise
    value: Callable[[Any], Any]
    choices: Sequence[tuple[str, Any]] | None = None

    @property
    def kind_label(self) -> str:
        return str(TYPES[self.kind])


@dataclass(frozen=True)
class DatasetSpec:
    key: Dataset
    description: Promise
    columns: list[Column]
    rows: Callable[[], Iterable]

    @property
    def title(self) -> str:
        return str(self.key.label)


def _web(path: str) -> str:
    return settings.NATVERK_BASE_URL.rstrip("/") + path


def _slugs(objects) -> str:
    return LIST_SEPARATOR.join(o.slug for o in objects)


def _current(memberships, today: datetime.date):
    return [m for m in memberships if m.is_current(today)]


def _text(html: str) -> str:
    return " ".join(strip_tags(html).split())


def _former_names(organisation) -> str:
    names = []
    for name in organisation.names:
        if name.kind == NameKind.FORMER:
            until = f" ({name.replaced_on.isoformat()})" if name.replaced_on else ""
            names.append(name.name + until)
    return LIST_SEPARATOR.join(names)


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    if moment is None:
        return None
    return timezone.localtime(moment).replace(tzinfo=None, second=0, microsecond=0)


def network_columns(today: datetime.date) -> list[Column]:
    return [
        Column(
            "slug",
            "text",
            gettext_lazy("Key of the network, stable; in its address."),
            lambda n: n.slug,
        ),
        Column("name", "text", gettext_lazy("Name in Swedish."), lambda n: n.name),
        Column("name_en", "text", gettext_lazy("Name in English, if given."), lambda n: n.name_en),
        Column(
            "short_name", "text", gettext_lazy("Abbreviation, e.g. SKUR."), lambda n: n.short_name
        ),
        Column(
            "short_name_expansion",
            "text",
            gettext_lazy("What the abbreviation stands for."),
            lambda n: n.short_name_expansion,
        ),
        Column(
            "introduction",
            "text",
            gettext_lazy("What the network is, as plain text."),
            lambda n: _text(n.introduction),
        ),
        Column(
            "purpose",
            "text",
            gettext_lazy("Why the network exists, as plain text."),
            lambda n: _text(n.purpose),
        ),
        Column(
            "focus",
            "list",
            gettext_lazy("Keys of its focus areas."),
            lambda n: _slugs(n.focus_tags.all()),
        ),
        Column(
            "function",
            "code",
            gettext_lazy("What the network is for."),
            lambda n: n.function,
            NetworkFunction.choices,
        ),
        Column(
            "ambition_level",
            "code",
            gettext_lazy("How much the network aims to decide or do."),
            lambda n: n.ambition_level,
            AmbitionLevel.choices,
        ),
        Column(
            "formality",
            "code",
            gettext_lazy("Set up formally, or meeting informally."),
            lambda n: n.formality,
            Formality.choices,
        ),
        Column(
            "audience",
            "text",
            gettext_lazy("Who the member organisations send."),
            lambda n: n.audience,
        ),
        Column(
            "status",
            "code",
            gettext_lazy("Whether the network is active."),
            lambda n: n.status,
            NetworkStatus.choices,
        ),
        Column(
            "founded_on", "date", gettext_lazy("When the network started."), lambda n: n.founded_on
        ),
        Column(
            "closed_on", "date", gettext_lazy("When the network closed."), lambda n: n.closed_on
        ),
        Column(
            "meetings_per_year",
            "decimal",
            gettext_lazy("Meetings a year it aims for, residential ones included."),
            lambda n: n.meetings_per_year,
        ),
        Column(
            "residential_meetings_per_year",
            "integer",
            gettext_lazy("How many of those are residential meetings over several days."),
            lambda n: n.residential_meetings_per_year,
        ),
        Column(
            "home_role",
            "code",
            gettext_lazy("What the installation's own organisation does in it now."),
            lambda n: selectors.home_role(n.all_memberships, today),
            HomeRole.choices,
        ),
        Column(
            "conveners",
            "list",
            gettext_lazy("Keys of the organisations convening it now."),
            lambda n: _slugs(
                m.organisation
                for m in _current(n.all_memberships, today)
                if m.role in CONVENING_ROLES
            ),
        ),
        Column(
            "member_count",
            "integer",
            gettext_lazy("How many organisations are members now, conveners included."),
            lambda n: len(_current(n.all_memberships, today)),
        ),
        Column(
            "last_reviewed",
            "date",
            gettext_lazy("When someone last checked the network's details."),
            lambda n: n.last_reviewed,
        ),
        Column(
            "url",
            "text",
            gettext_lazy("The network's public page."),
            lambda n: _web(n.get_absolute_url()),
        ),
    ]


def organisation_columns(today: datetime.date) -> list[Column]:
    return [
        Column(
            "slug",
            "text",
            gettext_lazy("Key of the organisation, stable; in its address."),
            lambda o: o.slug,
        ),
        Column("name", "text", gettext_lazy("Current name."), lambda o: o.name),
        Column(
            "short_name", "text", gettext_lazy("Short form of the name."), lambda o: o.short_name
        ),
        Column(
            "kind",
            "code",
            gettext_lazy("What sort of body it is."),
            lambda o: o.kind,
            OrganisationKind.choices,
        ),
        Column(
            "municipality_code",
            "text",
            gettext_lazy("Four-digit municipality code (kommunkod), for municipalities."),
            lambda o: o.municipality_code,
        ),
        Column(
            "county_code",
            "text",
            gettext_lazy("Two-digit county code (länskod), from the municipality code."),
            lambda o: county_code(o.municipality_code),
        ),
        Column(
            "county",
            "text",
            gettext_lazy("The county's name."),
            lambda o: COUNTIES.get(county_code(o.municipality_code), ""),
        ),
        Column(
            "sub_region",
            "text",
            gettext_lazy("Sub-region of a municipality; in Skåne one of the four corners."),
            lambda o: o.sub_region,
        ),
        Column("website", "text", gettext_lazy("Home page."), lambda o: o.website),
        Column(
            "parent",
            "text",
            gettext_lazy("Key of the organisation that owns or hosts it."),
            lambda o: o.parent.slug if o.parent else "",
        ),
        Column(
            "start_date",
            "date",
            gettext_lazy("First day of its existence, if known."),
            lambda o: o.start_date,
        ),
        Column(
            "end_date",
            "date",
            gettext_lazy("Last day of its existence, if it has ended."),
            lambda o: o.end_date,
        ),
        Column(
            "former_names",
            "text",
            gettext_lazy(
                "Former names, each with the day the next name took effect in brackets, "
                "separated by ' | '."
            ),
            _former_names,
        ),
        Column(
            "aliases",
            "text",
            gettext_lazy("Other names in use, separated by ' | '."),
            lambda o: LIST_SEPARATOR.join(n.name for n in o.names if n.kind == NameKind.ALIAS),
        ),
        Column(
            "groups",
            "list",
            gettext_lazy("Keys of the groupings and associations it belongs to now."),
            lambda o: _slugs(a.group for a in o.current_groups),
        ),
        Column(
            "contains",
            "list",
            gettext_lazy("For a grouping: keys of the organisations that belong to it now."),
            lambda o: _slugs(a.member for a in o.current_contents),
        ),
        Column(
            "networks",
            "list",
            gettext_lazy("Keys of the public networks it is a member of now."),
            lambda o: _slugs(m.network for m in o.public_memberships),
        ),
        Column(
            "url",
            "text",
            gettext_lazy("The organisation's public page."),
            lambda o: _web(o.get_absolute_url()),
        ),
    ]


def membership_columns(today: datetime.date) -> list[Column]:
    return [
        Column("id", "integer", gettext_lazy("Number of the membership, stable."), lambda m: m.pk),
        Column("network", "text", gettext_lazy("Key of the network."), lambda m: m.network.slug),
        Column(
            "network_name", "text", gettext_lazy("Name of the network."), lambda m: m.network.name
        ),
        Column(
            "organisation",
            "text",
            gettext_lazy("Key of the member organisation."),
            lambda m: m.organisation.slug,
        ),
        Column(
            "organisation_name",
            "text",
            gettext_lazy("Current name of the organisation."),
            lambda m: m.organisation.name,
        ),
        Column(
            "role",
            "code",
            gettext_lazy("The organisation's role in the network."),
            lambda m: m.role,
            MembershipRole.choices,
        ),
        Column(
            "start_date",
            "date",
            gettext_lazy("First day of the membership; empty if not known."),
            lambda m: m.start_date,
        ),
        Column(
            "end_date",
            "date",
            gettext_lazy("Last day of the membership; empty while it holds."),
            lambda m: m.end_date,
        ),
        Column(
            "current",
            "boolean",
            gettext_lazy("Whether the membership holds on the day of the download."),
            lambda m: m.is_current(today),
        ),
        Column(
            "described_as",
            "text",
            gettext_lazy("How the network's page names a member that is a group."),
            lambda m: m.described_as,
        ),
    ]


def relation_columns(today: datetime.date) -> list[Column]:
    return [
        Column("id", "integer", gettext_lazy("Number of the relation, stable."), lambda r: r.pk),
        Column(
            "source",
            "text",
            gettext_lazy("Key of the network the relation goes from."),
            lambda r: r.source.slug,
        ),
        Column(
            "source_name", "text", gettext_lazy("Name of that network."), lambda r: r.source.name
        ),
        Column(
            "kind", "code", gettext_lazy("The relation."), lambda r: r.kind, RelationKind.choices
        ),
        Column(
            "target_type",
            "code",
            gettext_lazy("Whether it goes to a network or an organisation."),
            lambda r: "network" if r.target_network_id else "organisation",
            [("network", gettext_lazy("network")), ("organisation", gettext_lazy("organisation"))],
        ),
        Column(
            "target",
            "text",
            gettext_lazy(
                "Key of the network or organisation it goes to; empty for a network that is "
                "not public."
            ),
            lambda r: (
                "" if r.target_network_id and not r.target_network.is_public else r.target.slug
            ),
        ),
        Column(
            "target_name",
            "text",
            gettext_lazy("Name of the network or organisation it goes to."),
            lambda r: r.target.name,
        ),
    ]


def meeting_columns(today: datetime.date) -> list[Column]:
    return [
        Column(
            "uid",
            "text",
            gettext_lazy("Identity of the meeting, stable; the UID in calendar files."),
            lambda m: str(m.uid),
        ),
        Column("title", "text", gettext_lazy("What the meeting is called."), lambda m: m.title),
        Column(
            "kind", "code", gettext_lazy("Kind of meeting."), lambda m: m.kind, MeetingKind.choices
        ),
        Column(
            "mode",
            "code",
            gettext_lazy("In person, digital or both."),
            lambda m: m.mode,
            MeetingMode.choices,
        ),
        Column(
            "status",
            "code",
            gettext_lazy("Planned, invited, held or cancelled."),
            lambda m: m.status,
            MeetingStatus.choices,
        ),
        Column("start", "datetime", gettext_lazy("When it starts."), lambda m: _local(m.start)),
        Column("end", "datetime", gettext_lazy("When it ends."), lambda m: _local(m.end)),
        Column("city", "text", gettext_lazy("City."), lambda m: m.city),
        Column("country", "text", gettext_lazy("Country."), lambda m: m.country),
        Column("theme", "text", gettext_lazy("The current theme, if any."), lambda m: m.theme),
        Column(
            "leading_network",
            "text",
            gettext_lazy("Key of the network that organises it."),
            lambda m: next((link.network.slug for link in m.public_links if link.leading), ""),
        ),
        Column(
            "networks",
            "list",
            gettext_lazy("Keys of the public networks meeting."),
            lambda m: _slugs(link.network for link in m.public_links),
        ),
    ]


DESCRIPTIONS = {
    Dataset.NETWORKS: gettext_lazy(
        "Every public network: what it is for, how it works and who convenes it."
    ),
    Dataset.ORGANISATIONS: gettext_lazy(
        "Every organisation in the register, with former names, groups and the networks it "
        "is in now."
    ),
    Dataset.MEMBERSHIPS: gettext_lazy(
        "Every membership of a public network, current and former, with role and period."
    ),
    Dataset.RELATIONS: gettext_lazy(
        "How public networks relate to other networks and to organisations: reports to, "
        "advises, is part of."
    ),
    Dataset.MEETINGS: gettext_lazy(
        "The public meetings of public networks: when, where (city), what kind. Who was "
        "invited or came is never published."
    ),
}

COLUMNS = {
    Dataset.NETWORKS: network_columns,
    Dataset.ORGANISATIONS: organisation_columns,
    Dataset.MEMBERSHIPS: membership_columns,
    Dataset.RELATIONS: relation_columns,
    Dataset.MEETINGS: meeting_columns,
}

ROWS = {
    Dataset.NETWORKS: lambda: selectors.with_memberships(
        list(selectors.public_networks().order_by("slug"))
    ),
    Dataset.ORGANISATIONS: lambda: selectors.public_organisations().order_by("slug"),
    Dataset.MEMBERSHIPS: lambda: selectors.public_memberships().order_by("pk"),
    Dataset.RELATIONS: lambda: selectors.public_relations().order_by("pk"),
    Dataset.MEETINGS: lambda: selectors.public_meetings().order_by("start", "pk"),
}


def dataset(key: Dataset, today: datetime.date | None = None) -> DatasetSpec:
    today = today or timezone.localdate()
    return DatasetSpec(
        key=key, description=DESCRIPTIONS[key], columns=COLUMNS[key](today), rows=ROWS[key]
    )


def datasets() -> list[DatasetSpec]:
    today = timezone.localdate()
    return [dataset(key, today) for key in Dataset]


# Writing ---------------------------------------------------------------------------------


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text  # typed text is never run as a formula
    return text


def dataset_csv(spec: DatasetSpec) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(column.name for column in spec.columns)
    for row in spec.rows():
        writer.writerow(_csv_cell(column.value(row)) for column in spec.columns)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def dataset_xlsx(spec: DatasetSpec, *, last_updated: datetime.datetime | None) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(spec.key.value)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def cell(value: Any, *, font: Font | None = None) -> Any:
        """The value as it is, which write-only sheets store fastest; a cell object only
        where the default would be wrong: text that looks like a formula stays text, a
        time is shown to the minute, and the header is bold."""
        looks_like_formula = isinstance(value, str) and value.startswith("=")
        if font is None and not isinstance(value, datetime.datetime) and not looks_like_formula:
            return value
        written = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            written.data_type = "s"
        if isinstance(value, datetime.datetime):
            written.number_format = "yyyy-mm-dd hh:mm"
        if font is not None:
            written.font = font
        return written

    sheet.append([cell(column.name, font=bold) for column in spec.columns])
    for row in spec.rows():
        sheet.append([cell(column.value(row)) for column in spec.columns])
    about = workbook.create_sheet(_("About"))
    for line in readme_lines(spec, last_updated=last_updated):
        about.append([cell(value) for value in line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def licence() -> tuple[str, str]:
    return settings.NATVERK_OPEN_DATA_LICENCE, settings.NATVERK_OPEN_DATA_LICENCE_URL


def readme_lines(spec: DatasetSpec, *, last_updated: datetime.datetime | None) -> list[list[str]]:
    """The dataset documented: what it holds, its licence and date, and each column's
    name, type and meaning (with the values a code may take), in the active language."""
    name, url = licence()
    updated = date_format(timezone.localtime(last_updated), "j F Y") if last_updated else "–"
    lines = [
        [f"{spec.title} – {settings.NATVERK_SITE_NAME}"],
        [str(spec.description)],
        [_("Licence: %(name)s (%(url)s)") % {"name": name, "url": url}],
        [_("Last updated: %(date)s") % {"date": updated}],
        [_("Source: %(url)s") % {"url": settings.NATVERK_BASE_URL.rstrip("/") + "/"}],
        [],
        [_("CSV: UTF-8 with a byte-order mark, columns separated by semicolons, decimal commas.")],
        [_("An empty cell means not known or not applicable. Times are Swedish local time.")],
        [],
        [_("Column"), _("Type"), _("Meaning")],
    ]
    for column in spec.columns:
        lines.append([column.name, column.kind_label, str(column.meaning)])
        for value, label in column.choices or []:
            lines.append(["", value, str(label)])
    return lines


def dataset_readme(spec: DatasetSpec, *, last_updated: datetime.datetime | None) -> str:
    """The README as plain text: each column as "name (type): meaning", and the values a
    code may take indented under it."""
    out = []
    lines = readme_lines(spec, last_updated=last_updated)
    header = lines.index([_("Column"), _("Type"), _("Meaning")])
    out = [" ".join(line) for line in lines[:header]]
    for name, kind, meaning in lines[header + 1 :]:
        out.append(f"{name} ({kind}): {meaning}" if name else f"    {kind}: {meaning}")
    return "\n".join(out) + "\n"
