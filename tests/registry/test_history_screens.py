"""The history of a record in the back office: in Swedish, with who, when, what changed
and why ("I administrationen" for the secretariat's own edits, never "None"), and no
revert that would bypass the services."""

import pytest
from django.urls import reverse

from natverk.registry.models import Organisation
from natverk.registry.services.names import organisation_rename
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_an_organisations_history_says_who_when_what_and_why(secretariat_client):
    organisation = OrganisationFactory(name="Kommunförbundet Skåne", slug="kfsk")
    change = reverse("admin:registry_organisation_change", args=[organisation.pk])
    rename = reverse("admin:registry_organisation_rename", args=[organisation.pk])
    assert (
        secretariat_client.post(rename, {"name": "Skånes Kommuner", "on": "2026-01-01"})["Location"]
        == change
    )
    page = secretariat_client.get(
        reverse("admin:registry_organisation_history", args=[organisation.pk])
    ).content.decode()
    assert "<title>Historik: Skånes Kommuner" in page
    for heading in ("När", "Vad", "Vem", "Orsak", "Före → efter"):
        assert f">{heading}</th>" in page
    assert "I administrationen" in page
    assert "kansliet@example.se" in page
    assert "Kommunförbundet Skåne" in page and "Skånes Kommuner" in page
    assert "None" not in page
    assert "Återställ" not in page and "revert" not in page.lower()
    entry = Organisation.history.filter(id=organisation.pk).latest("history_date")
    assert entry.history_change_reason == "admin"
    version = secretariat_client.get(
        reverse("admin:registry_organisation_simple_history", args=[organisation.pk, entry.pk])
    ).content.decode()
    assert 'name="_save"' not in version  # a past version is shown, never saved back


def test_a_change_made_outside_a_request_keeps_its_own_reason():
    organisation = OrganisationFactory(name="Region Skåne")
    organisation_rename(organisation=organisation, name="Region Skåne Syd")
    reasons = set(
        Organisation.history.filter(id=organisation.pk).values_list(
            "history_change_reason", flat=True
        )
    )
    assert "admin" not in reasons and "site" not in reasons
