"""The OpenAPI schema is valid OpenAPI 3, and the running site keeps to it: Schemathesis
sends every operation generated requests, valid ones and invalid ones, against the live
test server, and checks each answer (no server error, a documented status, content type
and headers, a body that matches the schema, invalid input refused, methods that are not
offered refused)."""

import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

EXAMPLES = 25  # per operation and mode: about twenty seconds in all


def test_the_schema_is_valid_openapi_3(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate(schema)
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    assert paths == {
        "/api/v1/networks/",
        "/api/v1/networks/{slug}/",
        "/api/v1/organisations/",
        "/api/v1/organisations/{slug}/",
        "/api/v1/memberships/",
        "/api/v1/memberships/{id}/",
        "/api/v1/relations/",
        "/api/v1/relations/{id}/",
        "/api/v1/meetings/",
        "/api/v1/meetings/{uid}/",
        "/api/v1/focus/",
        "/api/v1/focus/{slug}/",
        "/api/v1/popolo.json",
    }
    parameters = {p["name"] for p in schema["paths"]["/api/v1/networks/"]["get"]["parameters"]}
    assert parameters == {
        "focus", "function", "ambition_level", "status", "member", "convener",
        "changed_since", "cursor", "page_size", "ordering",
    }  # fmt: skip
    json_schema = client.get("/api/v1/schema/?format=json").json()
    assert json_schema == schema


def test_the_schema_is_in_the_clients_language(client):
    swedish = client.get("/api/v1/schema/?format=json").json()
    english = client.get("/api/v1/schema/?format=json", headers={"Accept-Language": "en"}).json()

    def member_help(schema):
        parameters = schema["paths"]["/api/v1/networks/"]["get"]["parameters"]
        return next(p["description"] for p in parameters if p["name"] == "member")

    assert member_help(swedish).startswith("Nyckel till en organisation")
    assert member_help(english).startswith("Key of an organisation")


def test_the_live_site_keeps_to_its_schema(live_register, settings):
    settings.NATVERK_API_RATE = "100000/minute"
    schema = schemathesis.openapi.from_url(live_register + "/api/v1/schema/?format=json")
    tested = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in schemathesis.GenerationMode:

            @given(case=operation.as_strategy(generation_mode=mode))
            @hypothesis_settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
            def check(case):
                case.call_and_validate(base_url=live_register)

            try:
                check()
            except Unsatisfiable:
                # No parameter to get wrong (the focus list, the Popolo export).
                assert mode == schemathesis.GenerationMode.NEGATIVE, operation.label
                continue
            tested.append((operation.label, mode.value))
    assert len([t for t in tested if t[1] == "positive"]) == 13
    assert len([t for t in tested if t[1] == "negative"]) >= 8
