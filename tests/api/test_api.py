"""The REST API as a program reads it: what each address answers, how lists are
filtered, ordered and paged, what bad input gets, revalidation, CORS and throttling."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from django.utils.http import http_date

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("register")]


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response["Content-Type"].startswith("application/json"), (url, response.content)
    return response


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["results"]]


def all_results(client, url: str) -> list[dict]:
    """Every result of a list, following its pages."""
    results = []
    while url:
        body = get(client, url).json()
        results += body["results"]
        url = body["next"] and urlsplit(body["next"])._replace(scheme="", netloc="").geturl()
    return results


def test_the_networks_lund_is_in_include_those_through_its_groupings(client):
    response = get(client, "/api/v1/networks/?member=lund")
    assert response.status_code == 200
    # Lund is in Skånes fyra hörn (through MalmöLundregionen), which sits in the EU
    # network; its own SKUR membership has ended; the private network is not there.
    assert slugs(response) == ["strategiska-eu-natverket"]


def test_a_network_has_its_conveners_members_former_members_and_relations(client):
    network = get(client, "/api/v1/networks/skur-natverket/").json()
    assert network["name"] == "SKUR-nätverket"
    assert network["short_name_expansion"] == "Stad, Kommun, Universitet och Region"
    assert [c["slug"] for c in network["conveners"]] == ["region-skane"]
    members = {m["organisation"]["slug"]: m["role"] for m in network["members"]}
    assert members["region-skane"] == "convener"
    assert "lund" not in members
    former = network["former_members"]
    assert [m["organisation"]["slug"] for m in former] == ["lund"]
    assert (
        former[0]["end_date"] == (timezone.localdate() - datetime.timedelta(days=400)).isoformat()
    )
    assert [m["organisation"]["slug"] for m in network["future_members"]] == ["slu"]
    # The private network's relation to SKUR is not shown, nor is the private network.
    assert network["incoming_relations"] == []
    assert network["web_url"].endswith("/natverk/skur-natverket/")
    assert network["contact_email"] == "skur@skanekommuner.example"
    assert network["how_to_take_part"] == "Kommuner i Skåne anmäler sin EU-samordnare."

    # A relation to a network not yet public names it, as the public page does.
    fonder = get(client, "/api/v1/networks/fondsamordningsgruppen/").json()
    assert fonder["outgoing_relations"] == [
        {
            "kind": "reports_to",
            "target_network": None,
            "target_organisation": None,
            "target_name": "Strategiska fondsamordningsgruppen",
        }
    ]


def test_relations_are_seen_from_both_ends(client):
    relations = all_results(client, "/api/v1/relations/")
    kinds = {(r["source"]["slug"], r["kind"]) for r in relations}
    assert ("landsbygdspartnerskapet", "advises") in kinds
    assert all(r["source"]["slug"] != "hemligt-natverk" for r in relations)
    advises = next(r for r in relations if r["kind"] == "advises")
    assert advises["target_organisation"]["slug"] == "lansstyrelsen-skane"
    to_lansstyrelsen = get(client, "/api/v1/relations/?organisation=lansstyrelsen-skane").json()
    assert [r["kind"] for r in to_lansstyrelsen["results"]] == ["advises"]


def test_an_organisation_has_its_former_names_county_groups_and_networks(client):
    lund = get(client, "/api/v1/organisations/lund/").json()
    assert lund["municipality_code"] == "1281"
    assert (lund["county_code"], lund["county"]) == ("12", "Skåne län")
    assert {g["slug"] for g in lund["groups"]} >= {"malmolundregionen"}
    mau = get(client, "/api/v1/organisations/malmo-universitet/").json()
    assert {"name": "Malmö högskola", "kind": "former", "replaced_on": "2018-01-01"} in mau[
        "other_names"
    ]
    corners = get(client, "/api/v1/organisations/skanes-fyra-horn/").json()
    assert corners["kind"] == "grouping"
    assert len(corners["contains"]) >= 4
    assert {n["network"]["slug"] for n in corners["networks"]} == {"strategiska-eu-natverket"}


def test_filters_narrow_the_lists(client):
    assert slugs(get(client, "/api/v1/networks/?convener=region-skane")) == [
        "fondsamordningsgruppen",
        "skur-natverket",
    ]
    eu = slugs(get(client, "/api/v1/networks/?focus=eu"))
    assert "brysselnatverket" in eu
    assert slugs(get(client, "/api/v1/networks/?focus=rymdfart")) == []
    assert slugs(get(client, "/api/v1/networks/?status=closed")) == []
    working = slugs(get(client, "/api/v1/networks/?function=working_group"))
    assert "fondsamordningsgruppen" in working
    municipalities = all_results(client, "/api/v1/organisations/?kind=municipality&county=12")
    assert len(municipalities) == 33
    assert {o["county"] for o in municipalities} == {"Skåne län"}
    memberships = get(client, "/api/v1/memberships/?organisation=lund&current=false").json()
    assert [(m["network"]["slug"], m["current"]) for m in memberships["results"]] == [
        ("skur-natverket", False)
    ]
    corners = all_results(client, "/api/v1/organisations/?group=skanes-fyra-horn")
    assert [o["slug"] for o in corners] == [
        "familjen-helsingborg",
        "malmolundregionen",
        "skane-nordost",
        "sosk",
    ]


def test_changed_since_finds_what_changed(client, register):
    later = timezone.now() + datetime.timedelta(seconds=1)
    assert slugs(client.get("/api/v1/networks/", {"changed_since": later.isoformat()})) == []
    register["skur"].audience = "EU-samordnare"
    register["skur"].save()
    since = (later - datetime.timedelta(seconds=2)).isoformat()
    response = client.get("/api/v1/networks/", {"changed_since": since})
    assert "skur-natverket" in slugs(response)
    assert client.get("/api/v1/networks/", {"changed_since": "2026-01-01"}).status_code == 200


def test_lists_are_ordered_and_paged_by_cursor(client):
    everything = [o["slug"] for o in all_results(client, "/api/v1/organisations/?page_size=7")]
    assert len(everything) == len(set(everything)) > 50
    page = get(client, "/api/v1/organisations/?page_size=7").json()
    assert len(page["results"]) == 7
    assert page["previous"] is None
    backwards = [o["slug"] for o in all_results(client, "/api/v1/organisations/?ordering=-slug")]
    assert backwards == sorted(everything, reverse=True)
    by_slug = [o["slug"] for o in all_results(client, "/api/v1/organisations/?ordering=slug")]
    assert by_slug == sorted(everything)


def test_only_public_meetings_of_public_networks_and_nobody_named(client):
    meetings = get(client, "/api/v1/meetings/").json()["results"]
    assert [m["title"] for m in meetings] == ["Öppet möte"]
    meeting = meetings[0]
    assert meeting["city"] == "Lund"
    assert meeting["networks"] == [
        {"slug": "skur-natverket", "name": "SKUR-nätverket", "leading": True}
    ]
    # The venue (possibly a meeting link) and the description stay on the members' side.
    assert "place" not in meeting and "description" not in meeting
    assert "Stadshuset" not in get(client, "/api/v1/meetings/").content.decode()
    detail = get(client, f"/api/v1/meetings/{meeting['uid']}/")
    assert detail.json()["title"] == "Öppet möte"
    assert get(client, "/api/v1/meetings/?network=hemligt-natverk").json()["results"] == []


def test_private_networks_are_nowhere(client):
    assert get(client, "/api/v1/networks/hemligt-natverk/").status_code == 404
    memberships = all_results(client, "/api/v1/memberships/?page_size=500")
    assert all(m["network"]["slug"] != "hemligt-natverk" for m in memberships)
    lund = get(client, "/api/v1/organisations/lund/").json()
    assert all(n["network"]["slug"] != "hemligt-natverk" for n in lund["networks"])
    assert get(client, "/api/v1/memberships/?network=hemligt-natverk").json()["results"] == []


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/networks/?colour=red", "colour"),
        ("/api/v1/networks/?function=dancing", "function"),
        ("/api/v1/networks/?changed_since=last-tuesday", "changed_since"),
        ("/api/v1/networks/?page_size=100000", "page_size"),
        ("/api/v1/networks/?page_size=0", "page_size"),
        ("/api/v1/networks/?page_size=ten", "page_size"),
        ("/api/v1/networks/?ordering=founded_on", "ordering"),
        ("/api/v1/memberships/?current=maybe", "current"),
        ("/api/v1/meetings/?starts_after=2026-13-45", "starts_after"),
        ("/api/v1/networks/skur-natverket/?expand=all", "expand"),
        ("/api/v1/popolo.json?pretty=1", "pretty"),
        ("/api/v1/meetings/?starts_before=0001-01-01T05%3A00%3A00%2B10%3A00", "starts_before"),
    ],
)
def test_bad_parameters_are_refused_with_a_body_naming_them(client, url, parameter):
    response = get(client, url)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Förfrågan har ogiltiga parametrar."
    assert list(body["errors"]) == [parameter]


@pytest.mark.parametrize(
    "url",
    [
        # An offset no database column holds (PostgreSQL's end at ±15:59) is a moment
        # all the same.
        "/api/v1/memberships/?changed_since=1791-06-26T09%3A15%3A38%2B20%3A48",
        "/api/v1/meetings/?starts_after=2026-01-01T00%3A00%3A00-23%3A59",
    ],
)
def test_a_moment_with_any_offset_is_taken_in_utc(client, url):
    assert get(client, url).status_code == 200


@pytest.mark.parametrize(
    ("url", "cursor"),
    [
        ("/api/v1/networks/", "not-a-cursor"),
        ("/api/v1/networks/", "%FF%FE"),
        ("/api/v1/networks/", "bz0tMSZwPXg="),  # a negative offset
        ("/api/v1/memberships/", "cD1hYmM="),  # position "abc" where numbers are kept
        ("/api/v1/memberships/", "cj0xJnA9MjAyNi0wMS0wMQ=="),
        ("/api/v1/meetings/", "cD1hYmM="),  # position "abc" where times are kept
    ],
)
def test_a_forged_cursor_is_refused_not_a_server_error(client, url, cursor):
    response = get(client, f"{url}?cursor={cursor}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Ogiltig cursor."}


def test_writing_is_not_allowed(client):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/v1/networks/", content_type="application/json")
        assert response.status_code == 405, method
        assert "GET" in response["Allow"]
        assert "detail" in response.json()
    assert client.delete("/api/v1/networks/skur-natverket/").status_code == 405


def test_an_unknown_address_under_the_api_is_json(client, settings):
    response = get(client, "/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Hittades inte."}


def test_english_error_messages_for_an_english_client(client):
    response = get(client, "/api/v1/networks/?colour=red", **{"Accept-Language": "en"})
    assert response.json()["errors"] == {"colour": ["Unknown parameter."]}


def test_revalidation_answers_304_until_the_register_changes(client, register):
    first = get(client, "/api/v1/networks/")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert set(first["Cache-Control"].split(", ")) == {"public", "no-cache"}
    again = client.get("/api/v1/networks/", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    since = client.get("/api/v1/networks/", headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    register["skur"].name = "SKUR"
    register["skur"].save()
    changed = client.get("/api/v1/networks/", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    # Another address has its own tag.
    assert get(client, "/api/v1/networks/?status=active")["ETag"] != changed["ETag"]


def test_a_missing_object_is_404_whatever_the_client_has(client):
    future = http_date((timezone.now() + datetime.timedelta(days=1)).timestamp())
    for headers in ({"If-Modified-Since": future}, {"If-None-Match": "*"}):
        response = client.get("/api/v1/networks/finns-inte/", headers=headers)
        assert response.status_code == 404


def test_other_sites_scripts_may_read_it(client):
    response = get(client, "/api/v1/networks/", Origin="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(
        "/api/v1/networks/",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    # Not the site's own pages.
    assert "Access-Control-Allow-Origin" not in client.get("/natverk/")


def test_each_client_is_throttled_on_its_own(client, settings):
    settings.NATVERK_API_RATE = "3/minute"
    for _ in range(3):
        assert client.get("/api/v1/focus/").status_code == 200
    refused = get(client, "/api/v1/focus/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "detail" in refused.json()
    other = client.get("/api/v1/focus/", REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200


def test_focus_areas_list_the_values_of_the_focus_filter(client):
    focus = get(client, "/api/v1/focus/").json()
    assert {"slug": "eu", "name": "EU", "name_en": "EU"} in focus
    assert get(client, "/api/v1/focus/eu/").json()["name"] == "EU"


def test_the_docs_address_leads_to_the_documentation_page(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 302
    assert response["Location"] == "/oppna-data/api/"
