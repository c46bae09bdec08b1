"""The Popolo export: valid against the Popolo schemas in `popolo_schemas/`, every
reference resolving inside the document, nobody in it, and the same from the command
as from the address."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "popolo_schemas"


def validator() -> Draft202012Validator:
    resources = []
    for path in SCHEMAS.glob("*.json"):
        schema = json.loads(path.read_text())
        Draft202012Validator.check_schema(schema)
        resources.append((schema["$id"], Resource.from_contents(schema)))
    registry = Registry().with_resources(resources)
    export = json.loads((SCHEMAS / "export.json").read_text())
    return Draft202012Validator(export, registry=registry, format_checker=FormatChecker())


@pytest.mark.usefixtures("register", "people_in_every_network")
def test_the_export_is_valid_popolo_and_names_nobody(client):
    response = client.get("/api/v1/popolo.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = response.json()
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(document)]
    assert errors == []

    organizations = {o["id"]: o for o in document["organizations"]}
    assert "network/skur-natverket" in organizations
    assert "network/hemligt-natverk" not in organizations
    for membership in document["memberships"]:
        assert membership["organization_id"] in organizations
        assert membership["member"]["id"] in organizations
    for organization in organizations.values():
        assert organization.get("parent_id", organization["id"]) in organizations
    for event in document["events"]:
        assert event["organization_id"] in organizations

    skur = organizations["network/skur-natverket"]
    assert skur["contact_details"] == [
        {"type": "email", "value": "skur@skanekommuner.example", "label": "contact"}
    ]
    assert {"url": "https://skanekommuner.example/skur", "note": "contact"} in skur["links"]
    mau = organizations["organisation/malmo-universitet"]
    assert {"name": "Malmö högskola", "note": "former name", "end_date": "2017-12-31"} in mau[
        "other_names"
    ]
    lund = organizations["organisation/lund"]
    assert {"scheme": "kommunkod", "identifier": "1281"} in lund["identifiers"]
    assert lund["classification"] == "municipality"
    skur = [m for m in document["memberships"] if m["organization_id"] == "network/skur-natverket"]
    lund_in_skur = next(m for m in skur if m["member"]["id"] == "organisation/lund")
    assert "end_date" in lund_in_skur  # a former membership is there, ended
    corners = [
        m["member"]["id"]
        for m in document["memberships"]
        if m["organization_id"] == "organisation/skanes-fyra-horn"
    ]
    assert "organisation/malmolundregionen" in corners  # what a grouping contains
    # Every network's public meeting is there; none of the members-only ones.
    names = {e["name"] for e in document["events"]}
    assert "Öppet möte" in names
    assert "Internt möte" not in names
    assert "Hemligt möte" not in names
    assert not {"persons", "posts"} & set(document)


@pytest.mark.usefixtures("register")
def test_the_command_writes_what_the_address_answers(client, tmp_path, settings):
    settings.NATVERK_BASE_URL = "http://testserver"
    from_address = client.get("/api/v1/popolo.json").json()
    out = StringIO()
    call_command("export_popolo", stdout=out)
    assert json.loads(out.getvalue()) == from_address
    target = tmp_path / "popolo.json"
    call_command("export_popolo", "--output", str(target), stderr=StringIO())
    assert json.loads(target.read_text()) == from_address
