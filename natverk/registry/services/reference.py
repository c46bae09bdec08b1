"""Loading the reference files: organisations, municipalities and their outlines.

Every file is read and checked in full before anything is written, and the writing is
one transaction, so a bad file changes nothing. Loading the same files again changes
nothing either: a row is saved only when a value differs, so history stays quiet.
"""

import csv
import datetime
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.db import transaction
from django.utils import timezone

from natverk.core.history import assign_changed, save_recorded
from natverk.registry.enums import NameKind, OrganisationKind
from natverk.registry.models import (
    Affiliation,
    Boundary,
    Organisation,
    OrganisationName,
    normalise_name,
)

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"
DEFAULT_ORGANISATIONS = REFERENCE_DIR / "organisations.csv"
DEFAULT_MUNICIPALITIES = REFERENCE_DIR / "skane_municipalities.csv"
DEFAULT_BOUNDARIES = REFERENCE_DIR / "skane_municipalities.geojson"

ORGANISATION_COLUMNS = [
    "key", "canonical_name", "short_name", "kind", "aliases", "org_number", "website", "notes",
]  # fmt: skip
OPTIONAL_ORGANISATION_COLUMNS = ["municipality_code", "parent_key", "member_of", "former_names"]
MUNICIPALITY_COLUMNS = ["code", "name", "official_name", "corner"]
CHANGE_REASON = "load_reference"

MUNICIPALITY_CODE = re.compile(r"^\d{4}$")
ORG_NUMBER = re.compile(r"^\d{6}-\d{4}$")


class ReferenceDataError(Exception):
    """The files are not loadable; `problems` says where and why, one line each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class FormerName:
    name: str
    replaced_on: datetime.date | None


@dataclass
class OrganisationRow:
    line: int
    key: str
    name: str
    short_name: str
    kind: str
    aliases: list[str]
    org_number: str
    website: str
    notes: str
    municipality_code: str = ""
    parent_key: str = ""
    member_of: list[str] = field(default_factory=list)
    former_names: list[FormerName] = field(default_factory=list)


@dataclass
class MunicipalityRow:
    line: int
    code: str
    name: str
    official_name: str
    corner: str


@dataclass
class ReferenceData:
    organisations: list[OrganisationRow]
    municipalities: list[MunicipalityRow]
    boundaries: dict[str, dict]  # municipality code -> GeoJSON geometry
    boundary_source: str


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    names_added: int = 0
    renamed: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = (
            f"{self.created} organisations created, {self.updated} updated, "
            f"{self.unchanged} unchanged; {self.names_added} names added."
        )
        for line in self.renamed:
            text += f"\n{line}"
        return text


def split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


class _Problems:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, path: Path, line: int, message: str) -> None:
        self.lines.append(f"{path.name}, line {line}: {message}")

    def raise_if_any(self) -> None:
        if self.lines:
            raise ReferenceDataError(self.lines)


def _read_csv(path: Path, required: list[str], problems: _Problems) -> Iterable[tuple[int, dict]]:
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as error:
        problems.add(path, 0, f"cannot be read ({error.strerror})")
        return
    with handle:
        reader = csv.DictReader(handle)
        missing = [column for column in required if column not in (reader.fieldnames or [])]
        if missing:
            problems.add(path, 1, f"missing column(s): {', '.join(missing)}")
            return
        try:
            for row in reader:
                if None in row:
                    problems.add(path, reader.line_num, "more values than columns")
                    continue
                yield reader.line_num, {key: (value or "").strip() for key, value in row.items()}
        except (csv.Error, UnicodeDecodeError) as error:
            problems.add(path, reader.line_num, f"not readable as UTF-8 CSV ({error})")


def _parse_former_names(value: str) -> list[FormerName]:
    """'Malmö högskola@2018-01-01|Old name@?' -> FormerName list; ValueError if malformed."""
    former = []
    for part in split_list(value):
        name, separator, date_text = part.rpartition("@")
        if not separator or not name.strip():
            raise ValueError(f"former name '{part}' is not NAME@YYYY-MM-DD or NAME@?")
        if date_text == "?":
            replaced_on = None
        else:
            try:
                replaced_on = datetime.date.fromisoformat(date_text)
            except ValueError:
                raise ValueError(
                    f"former name '{part}' has the date '{date_text}', expected YYYY-MM-DD or ?"
                ) from None
        former.append(FormerName(name=name.strip(), replaced_on=replaced_on))
    return former


def _read_organisations(path: Path, problems: _Problems) -> list[OrganisationRow]:
    rows: list[OrganisationRow] = []
    first_line_of_key: dict[str, int] = {}
    kinds = set(OrganisationKind.values)
    url = URLValidator()
    for line, raw in _read_csv(path, ORGANISATION_COLUMNS, problems):
        key = raw["key"]
        if not key:
            problems.add(path, line, "the key is empty")
            continue
        try:
            validate_slug(key)
        except ValidationError:
            problems.add(path, line, f"key '{key}' may only hold letters, digits, - and _")
            continue
        if key in first_line_of_key:
            problems.add(
                path, line, f"duplicate key '{key}' (first used on line {first_line_of_key[key]})"
            )
            continue
        first_line_of_key[key] = line
        if not raw["canonical_name"]:
            problems.add(path, line, f"'{key}' has no canonical_name")
        if raw["kind"] not in kinds:
            problems.add(
                path,
                line,
                f"unknown kind '{raw['kind']}' for '{key}' "
                f"(expected one of: {', '.join(sorted(kinds))})",
            )
        code = raw.get("municipality_code", "")
        if code and not MUNICIPALITY_CODE.match(code):
            problems.add(
                path, line, f"invalid municipality code '{code}' for '{key}' (four digits)"
            )
        if raw["org_number"] and not ORG_NUMBER.match(raw["org_number"]):
            problems.add(
                path,
                line,
                f"invalid org_number '{raw['org_number']}' for '{key}' (NNNNNN-NNNN)",
            )
        if raw["website"]:
            try:
                url(raw["website"])
            except ValidationError:
                problems.add(path, line, f"invalid website '{raw['website']}' for '{key}'")
        try:
            former_names = _parse_former_names(raw.get("former_names", ""))
        except ValueError as error:
            problems.add(path, line, str(error))
            former_names = []
        rows.append(
            OrganisationRow(
                line=line,
                key=key,
                name=raw["canonical_name"],
                short_name=raw["short_name"],
                kind=raw["kind"],
                aliases=split_list(raw["aliases"]),
                org_number=raw["org_number"],
                website=raw["website"],
                notes=raw["notes"],
                municipality_code=code,
                parent_key=raw.get("parent_key", ""),
                member_of=split_list(raw.get("member_of", "")),
                former_names=former_names,
            )
        )
    return rows


def _check_references(path: Path, rows: list[OrganisationRow], problems: _Problems) -> None:
    """Keys named as parents or groups exist; no name stands for two organisations."""
    keys_in_file = {row.key for row in rows}
    named_keys = {k for row in rows for k in [row.parent_key, *row.member_of] if k}
    keys_in_db = set(
        Organisation.objects.filter(slug__in=named_keys - keys_in_file).values_list(
            "slug", flat=True
        )
    )
    known = keys_in_file | keys_in_db
    for row in rows:
        if row.parent_key and row.parent_key not in known:
            problems.add(
                path, row.line, f"parent_key '{row.parent_key}' of '{row.key}' does not exist"
            )
        if row.parent_key == row.key:
            problems.add(path, row.line, f"'{row.key}' cannot be its own parent")
        for group in row.member_of:
            if group not in known:
                problems.add(path, row.line, f"member_of '{group}' of '{row.key}' does not exist")
            if group == row.key:
                problems.add(path, row.line, f"'{row.key}' cannot be a member of itself")

    owner_of_name: dict[str, tuple[str, int]] = {}
    for row in rows:
        names = [row.name, row.short_name, *row.aliases, *(f.name for f in row.former_names)]
        for name in {normalise_name(n) for n in names if n}:
            owner = owner_of_name.setdefault(name, (row.key, row.line))
            if owner[0] != row.key:
                problems.add(
                    path,
                    row.line,
                    f"the name '{name}' of '{row.key}' is also a name of '{owner[0]}' "
                    f"(line {owner[1]})",
                )
    taken = OrganisationName.objects.filter(normalised__in=owner_of_name).exclude(
        organisation__slug__in=keys_in_file
    )
    for other in taken.select_related("organisation"):
        key, line = owner_of_name[other.normalised]
        problems.add(
            path,
            line,
            f"the name '{other.name}' of '{key}' is already a name of "
            f"'{other.organisation.slug}' in the register",
        )


def _read_municipalities(
    path: Path, organisations: list[OrganisationRow], problems: _Problems
) -> list[MunicipalityRow]:
    codes_in_db = set(
        Organisation.objects.exclude(municipality_code="").values_list(
            "municipality_code", flat=True
        )
    )
    known_codes = codes_in_db | {row.municipality_code for row in organisations}
    rows: list[MunicipalityRow] = []
    seen: dict[str, int] = {}
    for line, raw in _read_csv(path, MUNICIPALITY_COLUMNS, problems):
        code = raw["code"]
        if not MUNICIPALITY_CODE.match(code):
            problems.add(path, line, f"invalid municipality code '{code}' (four digits)")
            continue
        if code in seen:
            problems.add(path, line, f"duplicate code '{code}' (first used on line {seen[code]})")
            continue
        seen[code] = line
        if code not in known_codes:
            problems.add(path, line, f"no organisation has the municipality code '{code}'")
        if not raw["name"]:
            problems.add(path, line, f"municipality '{code}' has no name")
        rows.append(
            MunicipalityRow(
                line=line,
                code=code,
                name=raw["name"],
                official_name=raw["official_name"],
                corner=raw["corner"],
            )
        )
    return rows


def _read_boundaries(
    path: Path, municipalities: list[MunicipalityRow], problems: _Problems
) -> dict[str, dict]:
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        problems.add(path, 0, f"cannot be read ({error.strerror})")
        return {}
    except (ValueError, UnicodeDecodeError) as error:
        problems.add(path, getattr(error, "lineno", 0), f"not valid JSON ({error})")
        return {}
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        problems.add(path, 1, "not a GeoJSON FeatureCollection")
        return {}
    codes = {row.code for row in municipalities}
    boundaries: dict[str, dict] = {}
    for index, feature in enumerate(collection.get("features", []), start=1):
        properties = feature.get("properties") or {}
        code = str(properties.get("code", ""))
        geometry = feature.get("geometry") or {}
        where = f"feature {index} (code '{code}')"
        if code not in codes:
            problems.add(path, 1, f"{where}: not a municipality in the municipalities file")
            continue
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            problems.add(path, 1, f"{where}: geometry is not a Polygon or MultiPolygon")
            continue
        boundaries[code] = geometry
    return boundaries


def reference_read(
    *,
    organisations_path: Path = DEFAULT_ORGANISATIONS,
    municipalities_path: Path | None = DEFAULT_MUNICIPALITIES,
    boundaries_path: Path | None = DEFAULT_BOUNDARIES,
) -> ReferenceData:
    """Read and check the files; raise ReferenceDataError listing every problem found."""
    problems = _Problems()
    organisations = _read_organisations(Path(organisations_path), problems)
    _check_references(Path(organisations_path), organisations, problems)
    municipalities = (
        _read_municipalities(Path(municipalities_path), organisations, problems)
        if municipalities_path
        else []
    )
    boundaries = (
        _read_boundaries(Path(boundaries_path), municipalities, problems) if boundaries_path else {}
    )
    problems.raise_if_any()
    return ReferenceData(
        organisations=organisations,
        municipalities=municipalities,
        boundaries=boundaries,
        boundary_source=Path(boundaries_path).name if boundaries_path else "",
    )


def _add_name(organisation, name, *, kind, replaced_on=None, existing: dict) -> bool:
    """Record `name` for the organisation unless it already has it; True if added."""
    normalised = normalise_name(name)
    if normalised in existing or normalised == normalise_name(organisation.name):
        record = existing.get(normalised)
        if record and kind == NameKind.FORMER and record.kind != NameKind.FORMER:
            record.kind, record.replaced_on = NameKind.FORMER, replaced_on
            save_recorded(record, reason=CHANGE_REASON)
        return False
    record = OrganisationName(
        organisation=organisation, name=name, kind=kind, replaced_on=replaced_on
    )
    save_recorded(record, reason=CHANGE_REASON)
    existing[normalised] = record
    return True


@transaction.atomic
def reference_apply(data: ReferenceData) -> LoadReport:
    report = LoadReport()
    today = timezone.localdate()
    by_key = {
        o.slug: o for o in Organisation.objects.filter(slug__in=[r.key for r in data.organisations])
    }

    for row in data.organisations:
        organisation = by_key.get(row.key)
        values = {
            "name": row.name,
            "short_name": row.short_name,
            "kind": row.kind,
            "org_number": row.org_number,
            "website": row.website,
            "notes": row.notes,
            "municipality_code": row.municipality_code,
        }
        if organisation is None:
            organisation = Organisation(slug=row.key, **values)
            save_recorded(organisation, reason=CHANGE_REASON)
            by_key[row.key] = organisation
            report.created += 1
            continue
        old_name = organisation.name
        if assign_changed(organisation, values):
            save_recorded(organisation, reason=CHANGE_REASON)
            report.updated += 1
            if old_name != row.name:
                report.renamed.append(f"{row.key}: '{old_name}' is now '{row.name}'")
                existing = {n.normalised: n for n in organisation.other_names.all()}
                _add_name(
                    organisation, old_name, kind=NameKind.FORMER, replaced_on=today,
                    existing=existing,
                )  # fmt: skip
        else:
            report.unchanged += 1

    existing_names: dict[int, dict[str, OrganisationName]] = {}
    for name in OrganisationName.objects.filter(organisation__in=by_key.values()):
        existing_names.setdefault(name.organisation_id, {})[name.normalised] = name
    for row in data.organisations:
        organisation = by_key[row.key]
        existing = existing_names.setdefault(organisation.pk, {})
        former = {normalise_name(f.name) for f in row.former_names}
        for former_name in row.former_names:
            report.names_added += _add_name(
                organisation, former_name.name, kind=NameKind.FORMER,
                replaced_on=former_name.replaced_on, existing=existing,
            )  # fmt: skip
        for alias in row.aliases:
            if normalise_name(alias) not in former:
                report.names_added += _add_name(
                    organisation, alias, kind=NameKind.ALIAS, existing=existing
                )

    groups_needed = {k for row in data.organisations for k in [row.parent_key, *row.member_of]}
    missing = groups_needed - set(by_key) - {""}
    by_key.update({o.slug: o for o in Organisation.objects.filter(slug__in=missing)})
    open_affiliations = set(
        Affiliation.objects.filter(end_date__isnull=True).values_list("member_id", "group_id")
    )
    for row in data.organisations:
        organisation = by_key[row.key]
        parent = by_key[row.parent_key] if row.parent_key else None
        if organisation.parent_id != (parent.pk if parent else None):
            organisation.parent = parent
            save_recorded(organisation, reason=CHANGE_REASON)
        for group_key in row.member_of:
            group = by_key[group_key]
            if (organisation.pk, group.pk) not in open_affiliations:
                save_recorded(Affiliation(member=organisation, group=group), reason=CHANGE_REASON)
                open_affiliations.add((organisation.pk, group.pk))

    municipalities = {
        o.municipality_code: o
        for o in Organisation.objects.filter(
            municipality_code__in=[m.code for m in data.municipalities]
        )
    }
    for municipality in data.municipalities:
        organisation = municipalities[municipality.code]
        if assign_changed(organisation, {"sub_region": municipality.corner}):
            save_recorded(organisation, reason=CHANGE_REASON)
        if municipality.official_name:
            existing = existing_names.setdefault(organisation.pk, {})
            report.names_added += _add_name(
                organisation, municipality.official_name, kind=NameKind.ALIAS, existing=existing
            )

    boundaries = {b.organisation_id: b for b in Boundary.objects.all()}
    for code, geometry in data.boundaries.items():
        organisation = municipalities[code]
        boundary = boundaries.get(organisation.pk)
        if boundary is None:
            Boundary.objects.create(
                organisation=organisation, geometry=geometry, source=data.boundary_source
            )
        elif boundary.geometry != geometry or boundary.source != data.boundary_source:
            boundary.geometry, boundary.source = geometry, data.boundary_source
            boundary.save()
    return report


def reference_load(**paths) -> LoadReport:
    """Read, check and load the reference files (see `reference_read` for the paths)."""
    return reference_apply(reference_read(**paths))
