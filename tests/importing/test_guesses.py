"""An import never changes the register on a guess: what it cannot be sure of waits for a
person, and what it writes is shown, with its dates, before it is written."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from natverk.importing.models import ImportFinding, ImportRun
from natverk.importing.seed import SEED_PAGE
from natverk.importing.selectors import import_findings, latest_import_findings
from natverk.importing.services import page_import
from natverk.registry.models import Membership, Network, Organisation, OrganisationName
from tests.outbox import run_worker

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference")]

SEED_TEXT = SEED_PAGE.read_text(encoding="utf-8")
# The page no longer names Region Blekinge, and names a body the register does not know.
RENAMED = SEED_TEXT.replace(
    "Region Blekinge, Länsstyrelsen", "Blekinge Utvecklingsråd, Länsstyrelsen"
)


def import_page(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("import_page", str(path), *args, stdout=out)
    return out.getvalue()


def written(tmp_path: Path, text: str, name: str = "natverk.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def current(network: str) -> set[str]:
    return set(
        Membership.objects.current()
        .filter(network__slug=network)
        .values_list("organisation__slug", flat=True)
    )


def test_an_unknown_name_never_ends_a_membership_and_is_paired_with_it(tmp_path):
    import_page(SEED_PAGE)
    output = import_page(written(tmp_path, RENAMED))
    assert "region-blekinge" in current("fondsamordningsgruppen")
    assert (
        "Fondsamordningsgruppen: Region Blekinge står inte längre på sidan, som nämner "
        "”Blekinge Utvecklingsråd”" in output
    )
    assert "avsluta" not in output


def test_mapping_the_unknown_name_keeps_the_membership_and_makes_an_alias(
    secretariat_client, secretariat_user
):
    page_import(SEED_PAGE.read_bytes(), apply=True, reason="test")
    secretariat_client.post(
        reverse("admin:importing_importrun_add"),
        {"file": _upload(RENAMED)},
    )
    run = ImportRun.objects.get()
    assert run.preview["held"][0]["key"] == "region-blekinge"
    assert run.preview["unresolved"][0]["name"] == "Blekinge Utvecklingsråd"
    response = secretariat_client.post(
        reverse("admin:importing_importrun_decide", args=[run.pk]),
        {
            "name": "Blekinge Utvecklingsråd",
            "action": "map",
            "organisation": "region-blekinge",
            "kind": "other",
        },
        follow=True,
    )
    assert "”Blekinge Utvecklingsråd” är nu ett namn på Region Blekinge." in (
        response.content.decode()
    )
    alias = OrganisationName.objects.get(name="Blekinge Utvecklingsråd")
    assert alias.organisation.slug == "region-blekinge"
    assert alias.history.get().history_user == secretariat_user
    run.refresh_from_db()
    assert run.preview["held"] == [] and run.preview["unresolved"] == []
    assert run.preview["changes"] == []  # the register already says what the page says


def test_creating_the_unknown_name_lets_the_old_membership_end(secretariat_client):
    page_import(SEED_PAGE.read_bytes(), apply=True, reason="test")
    secretariat_client.post(reverse("admin:importing_importrun_add"), {"file": _upload(RENAMED)})
    run = ImportRun.objects.get()
    secretariat_client.post(
        reverse("admin:importing_importrun_decide", args=[run.pk]),
        {"name": "Blekinge Utvecklingsråd", "action": "create", "kind": "association"},
    )
    created = Organisation.objects.get(name="Blekinge Utvecklingsråd")
    assert created.needs_review and created.kind == "association"
    run.refresh_from_db()
    changes = {(c["action"], c["description"]) for c in run.preview["changes"]}
    assert ("end", "Region Blekinge") in changes
    assert ("create", "Blekinge Utvecklingsråd (medlem)") in changes
    secretariat_client.post(reverse("admin:importing_importrun_apply", args=[run.pk]))
    assert current("fondsamordningsgruppen") >= {created.slug}
    assert "region-blekinge" not in current("fondsamordningsgruppen")


def _upload(text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("natverk.txt", text.encode("utf-8"))


def test_the_dates_an_import_writes_are_shown_and_come_from_the_page(tmp_path):
    import_page(SEED_PAGE)
    edited = SEED_TEXT.replace(
        "Malmö stad, Länsstyrelsen, Kommunförbundet Skåne och Malmö högskola.",
        "Länsstyrelsen, Kommunförbundet Skåne och Malmö högskola.",
    ).replace("Senast uppdaterad:\n", "Senast uppdaterad: 2025-01-08\n")
    output = import_page(written(tmp_path, edited), "--dry-run")
    assert (
        "SKUR-nätverket: Malmö stad, sista dag 2025-01-07 (dagen före sidans ”Senast "
        "uppdaterad”)" in output
    )
    import_page(written(tmp_path, edited))
    ended = Membership.objects.get(network__slug="skur-natverket", organisation__slug="malmo")
    assert ended.end_date == datetime.date(2025, 1, 7)
    # Without a date on the page, the day before the import.
    again = SEED_TEXT.replace("Region Skåne, Länsstyrelsen, Malmö högskola,", "Region Skåne,")
    output = import_page(written(tmp_path, again), "--dry-run")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert f"sista dag {yesterday.isoformat()} (dagen före den här importen)" in output


def test_a_member_added_first_is_one_change_and_the_others_moving_is_none(tmp_path):
    import_page(SEED_PAGE)
    edited = SEED_TEXT.replace(
        "Följande organisationer deltar i nätverket: Region Skåne (sammankallande), Malmö stad",
        "Följande organisationer deltar i nätverket: Lunds kommun, Region Skåne "
        "(sammankallande), Malmö stad",
    )
    result = page_import(edited.encode(), reason="test")
    assert [(c.action, c.description) for c in result.report.changes] == [
        ("create", "Lunds kommun (medlem)")
    ]


def test_a_network_only_a_heading_speaks_of_is_not_public(tmp_path):
    page = (
        "<main><h1>Krisberedskap</h1><h2>U-Sam</h2><p>U-Sam består av representanter från "
        "Region Skåne, Polisen och Länsstyrelsen.</p><h2>Kriskommunikation</h2><p>"
        "Arbetsgruppens uppdrag är att samordna kommunikationen.</p></main>"
    )
    output = import_page(written(tmp_path, page, "sida.html"))
    assert Network.objects.get(slug="u-sam").is_public
    uncertain = Network.objects.get(slug="kriskommunikation")
    assert not uncertain.is_public and uncertain.needs_review
    assert "Kriskommunikation (visas inte publikt förrän efter granskning)" in output


def test_organisations_an_import_creates_are_not_public_until_reviewed(client, tmp_path):
    page = SEED_TEXT.replace(
        "Tillväxtverket, Malmö stad", "Tillväxtverket, Malmö stad, Skånes Blåbärsakademi"
    )
    import_page(written(tmp_path, page), "--create-unknown")
    created = Organisation.objects.get(name="Skånes Blåbärsakademi")
    assert created.needs_review
    assert client.get(f"/organisationer/{created.slug}/").status_code == 404
    network_page = client.get("/natverk/fondsamordningsgruppen/").content.decode()
    assert "Blåbärsakademi" not in network_page
    assert "Blåbärsakademi" not in client.get("/organisationer/").content.decode()
    # Nor in the open data or the insight pages.
    assert client.get(f"/api/v1/organisations/{created.slug}/").status_code == 404
    for address in (
        f"/api/v1/organisations/?page_size=500&kind={created.kind}",
        "/api/v1/memberships/?network=fondsamordningsgruppen",
        "/api/v1/networks/fondsamordningsgruppen/",
        "/api/v1/popolo.json",
        "/insikt/matris/",
        "/insikt/graf/",
    ):
        answer = client.get(address)
        assert answer.status_code == 200, address
        assert "Blåbärsakademi" not in answer.content.decode(), address
    created.needs_review = False
    created.save()
    assert client.get(f"/organisationer/{created.slug}/").status_code == 200


def test_findings_are_kept_with_each_import_and_read_across_imports(tmp_path):
    import_page(
        written(tmp_path, SEED_TEXT.replace("Tillväxtverket, Malmö", "Tillväxtverkt, Malmö"))
    )
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.APPLIED and run.created_by is None
    fuzzy = import_findings(code="fuzzy").get()
    assert (fuzzy.network, fuzzy.detail, fuzzy.organisation.slug) == (
        "Fondsamordningsgruppen", "Tillväxtverkt", "tillvaxtverket"
    )  # fmt: skip
    renamed = {f.organisation.slug for f in import_findings(code="renamed")}
    assert renamed == {"malmo-universitet", "skanes-kommuner", "sbhss"}
    import_page(written(tmp_path, SEED_TEXT))
    latest = latest_import_findings()
    assert not latest.filter(code="fuzzy").exists()
    assert ImportFinding.objects.filter(code="fuzzy").count() == 1  # the first import's


@pytest.mark.django_db(transaction=True)
def test_a_large_import_is_applied_in_the_background_all_or_nothing(secretariat_client, settings):
    from natverk.registry.services.reference import reference_load

    reference_load()
    settings.NATVERK_IMPORT_INLINE_CHANGES = 10
    secretariat_client.post(reverse("admin:importing_importrun_add"), {"file": _upload(SEED_TEXT)})
    run = ImportRun.objects.get()
    response = secretariat_client.post(
        reverse("admin:importing_importrun_apply", args=[run.pk]), follow=True
    )
    page = response.content.decode()
    assert "Importen är stor, så den genomförs i bakgrunden" in page
    assert 'http-equiv="refresh"' in page
    assert Network.objects.count() == 0
    run_worker()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.APPLIED
    assert (run.progress_done, run.progress_total) == (5, 5)
    assert current("skur-natverket") == {
        "region-skane", "malmo", "lansstyrelsen-skane", "skanes-kommuner", "malmo-universitet"
    }  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_a_background_import_the_register_changed_under_writes_nothing(
    secretariat_client, settings
):
    from natverk.registry.services.reference import reference_load

    reference_load()
    settings.NATVERK_IMPORT_INLINE_CHANGES = 10
    secretariat_client.post(reverse("admin:importing_importrun_add"), {"file": _upload(SEED_TEXT)})
    run = ImportRun.objects.get()
    secretariat_client.post(reverse("admin:importing_importrun_apply", args=[run.pk]))
    Network.objects.create(slug="skur-natverket", name="SKUR-nätverket", introduction="Annat")
    run_worker()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert "Registret ändrades efter förhandsgranskningen" in run.problem
    assert Network.objects.count() == 1 and Membership.objects.count() == 0
    page = secretariat_client.get(reverse("admin:importing_importrun_change", args=[run.pk]))
    assert "Inte genomförd; ingenting skrevs" in page.content.decode()
