"""Import in the back office: upload, preview, confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from natverk.importing.models import ImportRun
from natverk.importing.seed import SEED_PAGE
from natverk.registry.models import Membership, Network, Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference")]


def upload(client, content: bytes, name="natverk.txt", **fields):
    return client.post(
        reverse("admin:importing_importrun_add"),
        {"file": SimpleUploadedFile(name, content), **fields},
    )


def test_upload_shows_a_preview_and_writes_nothing(secretariat_client, secretariat_user):
    response = upload(secretariat_client, SEED_PAGE.read_bytes())
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:importing_importrun_change", args=[run.pk])
    page = secretariat_client.get(response["Location"]).content.decode()
    assert "Förhandsgranskning: ingenting har skrivits ännu." in page
    assert "Malmö högskola heter Malmö universitet sedan 2018-01-01." in page
    assert "Genomför importen" in page
    assert "Fondsamordningsgruppen" in page
    assert Network.objects.count() == 0
    assert run.created_by == secretariat_user


def test_applying_writes_the_networks_and_records_who_did_it(secretariat_client, secretariat_user):
    upload(secretariat_client, SEED_PAGE.read_bytes())
    run = ImportRun.objects.get()
    response = secretariat_client.post(
        reverse("admin:importing_importrun_apply", args=[run.pk]), follow=True
    )
    assert "Importen genomfördes." in response.content.decode()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.APPLIED
    skur = Network.objects.get(slug="skur-natverket")
    assert skur.memberships.count() == 5
    record = Membership.history.filter(network_id=skur.pk).first()
    assert record.history_user == secretariat_user
    assert record.history_change_reason == f"import #{run.pk}: natverk.txt"
    # Applying twice is refused, and changes nothing.
    again = secretariat_client.post(
        reverse("admin:importing_importrun_apply", args=[run.pk]), follow=True
    )
    assert "redan genomförd" in again.content.decode()
    assert skur.memberships.count() == 5


def test_a_register_changed_after_the_preview_is_previewed_again(secretariat_client):
    upload(secretariat_client, SEED_PAGE.read_bytes())
    run = ImportRun.objects.get()
    Organisation.objects.get(slug="malmo").other_names.get(name="Malmö kommun").delete()
    Network.objects.create(slug="skur-natverket", name="SKUR-nätverket", introduction="Annat")
    response = secretariat_client.post(
        reverse("admin:importing_importrun_apply", args=[run.pk]), follow=True
    )
    assert "Registret ändrades efter förhandsgranskningen" in response.content.decode()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.PREVIEWED
    assert Network.objects.count() == 1


def test_a_bad_file_is_refused_on_the_upload_form(secretariat_client):
    response = upload(secretariat_client, b"\x00\x01\x02binary")
    assert response.status_code == 200
    assert "Filen är inte text" in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_the_import_list_shows_each_upload(secretariat_client):
    upload(secretariat_client, SEED_PAGE.read_bytes(), name="sida.txt")
    page = secretariat_client.get(reverse("admin:importing_importrun_changelist")).content.decode()
    assert "sida.txt" in page
    assert "förhandsgranskad" in page


def test_create_unknown_from_the_upload_form(secretariat_client):
    text = SEED_PAGE.read_text(encoding="utf-8").replace(
        "Tillväxtverket, Malmö stad", "Tillväxtverket, Malmö stad, Skånes Blåbärsakademi"
    )
    upload(secretariat_client, text.encode(), create_unknown="on")
    run = ImportRun.objects.get()
    page = secretariat_client.get(reverse("admin:importing_importrun_change", args=[run.pk]))
    assert "Skånes Blåbärsakademi (ska granskas)" in page.content.decode()
    # The reading still says the name is not in the register: it is created on applying.
    assert "Skånes Blåbärsakademi <strong>(finns inte i registret)</strong>" in (
        page.content.decode()
    )
    secretariat_client.post(reverse("admin:importing_importrun_apply", args=[run.pk]))
    assert Organisation.objects.get(name="Skånes Blåbärsakademi").needs_review
