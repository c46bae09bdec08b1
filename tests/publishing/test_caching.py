"""The page cache cannot be busted: pages are kept on the parameters they read, and a
change to the register renders again only the pages that show it."""

import pytest
from django.core.cache import cache

from natverk.publishing.caching import NETWORKS, pages_changed
from natverk.registry.models import Network, Organisation
from tests.factories import MembershipFactory
from tests.publishing.support import network_names, query_count

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]


def served(client, url: str, **extra):
    """The response, and how the page cache served it."""
    response = client.get(url, **extra)
    return response, response.wsgi_request.META.get("natverk.page_cache")


def test_unknown_parameters_are_the_same_page(client):
    first, how = served(client, "/natverk/")
    assert how == "render"
    for url in ["/natverk/?utm_source=x1", "/natverk/?utm_source=x2&fbclid=3", "/natverk/?"]:
        response, how = served(client, url)
        assert how == "hit", url
        assert response["ETag"] == first["ETag"]
        assert response.content == first.content
    assert query_count(client, "/natverk/?random=123456") == 0


def test_filters_in_another_spelling_are_the_same_page(client):
    first, _how = served(client, "/natverk/?q=fonderna&roll=alla")
    for url in [
        "/natverk/?roll=alla&q=fonderna",
        "/natverk/?q=++fonderna+&roll=alla&utm=1",
    ]:
        response, how = served(client, url)
        assert how == "hit", url
        assert response["ETag"] == first["ETag"]
    assert network_names(client, "/natverk/?q=fonderna") == ["Fondsamordningsgruppen"]


def test_a_filter_that_does_not_validate_is_answered_but_not_kept(client):
    sizes = []
    for value in ["rymdfart", "havsbotten", "rymdfart"]:
        response, how = served(client, f"/natverk/?fokus={value}")
        assert response.status_code == 200
        assert how == "not kept"
        assert "Inga nätverk visas." in response.content.decode()
        sizes.append(len(cache._cache))  # the locmem cache of the test process
    assert sizes[0] == sizes[-1]
    assert "ETag" not in response


def test_a_change_to_one_network_renders_again_only_the_pages_that_show_it(client):
    urls = {
        "changed": "/natverk/skur-natverket/",
        "other network": "/natverk/brysselnatverket/",
        "networks page": "/natverk/",
        "member": "/organisationer/malmo-universitet/",
        "not a member": "/organisationer/ystad/",
        "organisations": "/organisationer/",
    }
    for url in urls.values():
        served(client, url)
    skur = Network.objects.get(slug="skur-natverket")
    skur.audience = "Strateger"
    skur.save()
    how = {name: served(client, url)[1] for name, url in urls.items()}
    assert how == {
        "changed": "render",
        "other network": "hit",
        "networks page": "render",
        "member": "render",
        "not a member": "hit",
        "organisations": "render",
    }
    assert "Strateger" in client.get(urls["changed"]).content.decode()


def test_a_new_member_renders_its_page_and_the_networks_page(client):
    ystad = Organisation.objects.get(slug="ystad")
    for url in ["/organisationer/ystad/", "/natverk/brysselnatverket/", "/natverk/"]:
        served(client, url)
    MembershipFactory(network=Network.objects.get(slug="skur-natverket"), organisation=ystad)
    assert served(client, "/organisationer/ystad/")[1] == "render"
    assert served(client, "/natverk/")[1] == "render"
    assert served(client, "/natverk/brysselnatverket/")[1] == "hit"
    assert "SKUR-nätverket" in client.get("/organisationer/ystad/").content.decode()


def test_a_renamed_network_leaves_no_page_at_its_old_address(client):
    assert served(client, "/natverk/skur-natverket/")[0].status_code == 200
    skur = Network.objects.get(slug="skur-natverket")
    skur.slug = "skur"
    skur.save()
    assert client.get("/natverk/skur-natverket/").status_code == 404
    assert client.get("/natverk/skur/").status_code == 200


def test_a_generation_lost_from_the_cache_renders_again_never_serves_an_old_page(client):
    served(client, "/natverk/")
    cache.delete_many(["pagegen:site", "pagegen:networks"])
    # The lost generation comes back as a new one: the page is rendered, not found.
    assert served(client, "/natverk/")[1] == "render"
    pages_changed([NETWORKS])
    assert served(client, "/natverk/")[1] == "render"
    assert served(client, "/natverk/")[1] == "hit"


def test_a_page_out_of_date_is_served_still_for_a_moment_while_it_renders_anew(
    client, settings, cast
):
    """However often the register changes, a page is rendered at most once per
    NATVERK_PAGE_FRESH_SECONDS for visitors; the editor, signed in, sees the change."""
    import time

    settings.NATVERK_PAGE_FRESH_SECONDS = 0.5
    assert served(client, "/natverk/skur-natverket/")[1] == "render"
    skur = Network.objects.get(slug="skur-natverket")
    skur.audience = "Strateger"
    skur.save()
    page, how = served(client, "/natverk/skur-natverket/")
    assert how == "stale"
    assert "Strateger" not in page.content.decode()
    client.force_login(cast.users["coordinator"])
    assert "Strateger" in client.get("/natverk/skur-natverket/").content.decode()
    client.logout()
    time.sleep(0.6)
    page, how = served(client, "/natverk/skur-natverket/")
    assert how == "render"
    assert "Strateger" in page.content.decode()


def test_a_client_inventing_searches_is_refused_while_kept_pages_are_served(client, settings):
    settings.NATVERK_PAGE_RENDERS_PER_MINUTE = 3
    assert served(client, "/natverk/")[1] == "render"
    for word in ["abc", "def"]:
        assert served(client, f"/natverk/?q={word}")[0].status_code == 200
    refused, how = served(client, "/natverk/?q=ghi")
    assert (refused.status_code, how) == (429, "refused")
    assert refused["Retry-After"] == "60"
    assert "Vänta en minut" in refused.content.decode()
    # What is kept is still served to it, and others may search.
    assert served(client, "/natverk/?utm=1")[1] == "hit"
    assert served(client, "/natverk/?q=ghi", REMOTE_ADDR="10.1.1.1")[0].status_code == 200


def test_while_pages_are_being_rendered_anew_an_out_of_date_one_is_served_as_it_was(client):
    served(client, "/natverk/skur-natverket/")
    skur = Network.objects.get(slug="skur-natverket")
    skur.audience = "Strateger"
    skur.save()
    cache.add("pagerefresh:0", 1, 60)  # another page is being rendered anew
    page, how = served(client, "/natverk/skur-natverket/")
    assert how == "stale"
    cache.delete("pagerefresh:0")
    page, how = served(client, "/natverk/skur-natverket/")
    assert how == "render"
    assert "Strateger" in page.content.decode()


def test_a_change_shown_on_hundreds_of_pages_retires_every_page_with_one_write(client):
    urls = ["/natverk/brysselnatverket/", "/organisationer/ystad/"]
    for url in urls:
        served(client, url)
    keys_before = len(cache._cache)  # type: ignore[attr-defined]
    pages_changed(f"organisation:made-up-{number}" for number in range(150))
    # One generation written (the site's), not 150 ...
    assert len(cache._cache) - keys_before <= 1  # type: ignore[attr-defined]
    # ... and every page renders again, also those the change did not name.
    assert [served(client, url)[1] for url in urls] == ["render", "render"]
