"""The back office's start page: what needs doing first, then the register's apps before
the technical ones, all named in Swedish."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from natverk.importing.models import ImportRun
from tests.factories import NetworkFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def start_page(client) -> str:
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_start_page_lists_what_awaits_review_and_the_latest_imports(
    secretariat_client, secretariat_user
):
    waiting = OrganisationFactory(name="Okänd förening", needs_review=True)
    OrganisationFactory(name="Granskad förening")
    NetworkFactory(name="Nytt nätverk", needs_review=True, last_reviewed=timezone.localdate())
    NetworkFactory(name="Gammalt nätverk", last_reviewed=datetime.date(2020, 1, 1))
    ImportRun.objects.create(filename="natverk-2026.html", created_by=secretariat_user)
    page = start_page(secretariat_client)
    work = page[page.index('id="work-module"') : page.index("app-registry")]
    assert "Organisationer som väntar på granskning" in work
    assert reverse("admin:registry_organisation_change", args=[waiting.pk]) in work
    assert "Okänd förening" in work and "Granskad förening" not in work
    assert "Nätverk som väntar på granskning" in work and "Nytt nätverk" in work
    assert "Nätverk som inte granskats på 12 månader" in work
    assert "?granskning=due" in work
    assert "natverk-2026.html" in work
    assert reverse("meetings:cadence") in work

    due = secretariat_client.get(
        reverse("admin:registry_network_changelist"), {"granskning": "due"}
    )
    assert [network.name for network in due.context["cl"].result_list] == ["Gammalt nätverk"]


def test_the_registers_apps_come_first_and_technical_ones_last_in_swedish(secretariat_client):
    page = start_page(secretariat_client)
    order = [page.index(f'class="app-{label} ') for label in ("registry", "people", "meetings")]
    assert order == sorted(order)
    assert page.index("app-registry") < page.index("app-axes")
    assert "Inloggningsförsök" in page and "Bakgrundsuppgifter" in page
    assert "Login attempts" not in page and "Background tasks" not in page


def test_the_start_page_costs_the_same_queries_with_one_item_and_many(secretariat_client):
    OrganisationFactory(needs_review=True)
    start_page(secretariat_client)
    with CaptureQueriesContext(connection) as one:
        start_page(secretariat_client)
    for _ in range(20):
        OrganisationFactory(needs_review=True)
        NetworkFactory(needs_review=True)
    with CaptureQueriesContext(connection) as many:
        start_page(secretariat_client)
    assert len(many) == len(one)
