"""What a careless or hostile client gets: a clear refusal, never a server error, and
nothing kept that should not be: huge bodies refused before they are read, NUL bytes and
over-long fields refused, malformed headers ignored, member pages never stored by a
cache, password spraying stopped, and the new-password form telling nobody whether an
address has an account."""

import urllib.error
import urllib.request

import pytest
from django.urls import reverse

from tests.roles import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("seeded")
def test_every_response_says_the_site_uses_no_powerful_browser_feature(client):
    for url in ["/natverk/", "/konto/logga-in/", "/healthz"]:
        policy = client.get(url)["Permissions-Policy"]
        assert "camera=()" in policy
        assert "geolocation=()" in policy
        assert "microphone=()" in policy


def test_member_pages_exports_and_personal_feeds_are_never_stored(as_role, cast):
    client = as_role("coordinator")
    person = cast.people["coordinator"]
    for url in [
        "/mina-natverk/",
        f"/mina-natverk/{cast.skur.slug}/",
        reverse("workspace:contacts_xlsx", kwargs={"slug": cast.skur.slug}),
        reverse("workspace:contacts_csv", kwargs={"slug": cast.skur.slug}),
        f"/kalender/person/{person.calendar_token}.ics",
        "/konto/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url
    public = client.get("/natverk/")
    assert "public" in public["Cache-Control"]


def test_a_body_too_large_is_refused_before_it_is_read(client, cast):
    client.force_login(cast.users["coordinator"])
    response = client.generic(
        "POST",
        f"/mina-natverk/{cast.skur.slug}/dokument/",
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(40 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "högst 26 MB kan skickas på en gång" in response.content.decode()
    assert client.generic("POST", "/konto/logga-in/", b"", CONTENT_LENGTH="lots").status_code == 400


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", "/admin/registry/network/", {"q": "fond\x00erna"}),
        ("get", "/mina-natverk/", {"x": "\x00"}),
        ("post", "/konto/logga-in/", {"username": "a\x00@example.se", "password": "x"}),
        ("post", "/konto/losenord/", {"email": "a@exa\x00mple.se"}),
        ("get", "/natverk/skur-n%00atverket/", {}),
    ],
)
def test_a_nul_byte_is_refused_with_a_page_that_says_why(secretariat_client, method, url, data):
    response = getattr(secretariat_client, method)(url, data)
    assert response.status_code == 400 or (
        url.endswith("%00atverket/") and response.status_code == 404
    )
    if response.status_code == 400:
        assert "NUL" in response.content.decode()


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize("query", ["q=fond%00erna", "medlem%00=x", "fokus=eu%00", "q=%00"])
def test_a_nul_byte_in_the_search_is_explained_by_its_form(client, query):
    response = client.get(f"/natverk/?{query}")
    assert response.status_code == 200
    assert "Inga nätverk visas." in response.content.decode() or "medlem" in query


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", "/natverk/", {"q": "ö" * 5000}),
        ("get", "/admin/registry/network/", {"q": "ö" * 5000}),
        ("get", "/natverk/", {"sammankallande": "x" * 5000, "roll": "y" * 5000}),
        (
            "post",
            "/konto/logga-in/",
            {"username": "a" * 5000 + "@example.se", "password": "x" * 5000},
        ),
        ("post", "/konto/losenord/", {"email": "a" * 5000 + "@example.se"}),
        ("get", "/natverk/" + "a" * 2000 + "/", {}),
        ("get", "/organisationer/", {"x" * 5000: "1"}),
    ],
)
def test_an_over_long_field_is_answered_never_with_a_server_error(client, method, url, data):
    response = getattr(client, method)(url, data)
    assert response.status_code < 500
    assert response.status_code in (200, 400, 404)


@pytest.mark.usefixtures("seeded")
def test_malformed_headers_are_ignored(client, settings):
    settings.NATVERK_TRUSTED_PROXIES = 1
    headers = {
        "HTTP_X_FORWARDED_FOR": "not-an-address\x7f, <script>",
        "HTTP_IF_NONE_MATCH": '"' * 300,
        "HTTP_ACCEPT_LANGUAGE": "zz-ZZ;q=abc, ,;;",
        "HTTP_COOKIE": "sessionid=\x01\x02; csrftoken=;;;",
    }
    assert client.get("/natverk/", **headers).status_code == 200
    wrong = client.post(
        "/konto/logga-in/", {"username": "x@example.se", "password": "fel"}, **headers
    )
    assert wrong.status_code in (200, 403)


def test_one_client_trying_many_accounts_is_stopped_whichever_it_tries(client, cast, settings):
    settings.NATVERK_SPRAY_ACCOUNTS = 4
    login = reverse("access:login")
    for number in range(4):
        answer = client.post(
            login, {"username": f"gissning{number}@example.se", "password": "Sommar2026"}
        )
        assert answer.status_code == 200  # wrong, but not yet refused
    # Even the right password of a real account is refused from there now.
    refused = client.post(login, {"username": "samordnare@example.se", "password": PASSWORD})
    assert refused.status_code == 429
    # Another client is not.
    other = client.post(
        login, {"username": "samordnare@example.se", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9"
    )
    assert other.status_code == 302


def test_asking_for_a_new_password_answers_the_same_for_any_address(
    client, cast, django_assert_num_queries
):
    def ask(address):
        client.get(reverse("access:password_reset"))
        with django_assert_num_queries(1):  # queuing the sending, nothing else
            return client.post(reverse("access:password_reset"), {"email": address})

    known = ask("samordnare@example.se")
    unknown = ask("ingen-alls@example.se")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known.content == unknown.content


@pytest.mark.parametrize(
    "path", ["/api/v1/meetings/?%00%C3%BD=null", "/mina-natverk/?q=%00", "/natverk/?fokus=%00"]
)
def test_a_refusal_is_a_response_the_server_itself_can_send(live_server, path):
    """Through a real WSGI server, not only the test client: a refusal carries no header
    that only the server may set."""
    try:
        answer = urllib.request.urlopen(live_server.url + path)
        status = answer.status
    except urllib.error.HTTPError as error:
        status = error.code
    assert status in {200, 302, 400}
