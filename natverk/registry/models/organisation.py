import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from natverk.core.models import PeriodModel, PeriodQuerySet, TimeStampedModel
from natverk.registry.enums import SUB_REGION_LABELS, NameKind, OrganisationKind


def normalise_name(name: str) -> str:
    """The form names are compared in: case, spacing and Unicode composition folded."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


municipality_code_validator = RegexValidator(
    r"^\d{4}$", _("A municipality code has four digits, such as 1280.")
)
county_code_validator = RegexValidator(
    r"^\d{2}$", _("A county code has two digits, such as 12 for Skåne län.")
)
org_number_validator = RegexValidator(
    r"^\d{6}-\d{4}$", _("An organisation number looks like 212000-1124.")
)


class OrganisationQuerySet(PeriodQuerySet):
    def active(self):
        return self.filter(end_date__isnull=True)

    def public(self):
        """Organisations the public site may show: not those nobody has reviewed yet
        (created by an import from a name the register did not know)."""
        return self.filter(needs_review=False)


class Organisation(TimeStampedModel, PeriodModel):
    """A body that takes part in networks: a municipality, an agency, a programme, a grouping."""

    slug = models.SlugField(
        _("key"),
        max_length=100,
        unique=True,
        help_text=_("Stable key used in addresses and in reference files, e.g. 'region-skane'."),
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("Current name, as the organisation writes it.")
    )
    short_name = models.CharField(
        _("short name"),
        max_length=100,
        blank=True,
        help_text=_("Short display form, e.g. 'SLU' or 'Malmö'."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=30,
        choices=OrganisationKind.choices,
        help_text=_("What sort of body it is. A grouping is a set of other organisations."),
    )
    org_number = models.CharField(
        _("organisation number"),
        max_length=11,
        blank=True,
        validators=[org_number_validator],
        help_text=_("Swedish organisationsnummer, e.g. 212000-1124."),
    )
    municipality_code = models.CharField(
        _("municipality code"),
        max_length=4,
        blank=True,
        validators=[municipality_code_validator],
        help_text=_("Four-digit kommunkod for municipalities, e.g. 1280."),
    )
    county_code = models.CharField(
        _("county code"),
        max_length=2,
        blank=True,
        validators=[county_code_validator],
        help_text=_(
            "Two-digit länskod of the county a municipality, region or county board "
            "belongs to, e.g. 12 for Skåne län."
        ),
    )
    sub_region = models.CharField(
        _("sub-region"),
        max_length=60,
        blank=True,
        help_text=_("Sub-region of a municipality; in Skåne one of the four corners."),
    )
    website = models.URLField(_("website"), blank=True, help_text=_("Home page."))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        # A parent that goes away leaves its former offices standing on their own.
        on_delete=models.SET_NULL,
        related_name="children",
        help_text=_("The organisation that owns or hosts this one."),
    )
    groups: "models.ManyToManyField[Organisation, Affiliation]" = models.ManyToManyField(
        "self",
        verbose_name=_("part of"),
        symmetrical=False,
        through="Affiliation",
        through_fields=("member", "group"),
        related_name="contained",
        blank=True,
        help_text=_("Groupings and associations this organisation belongs to."),
    )
    needs_review = models.BooleanField(
        _("needs review"),
        default=False,
        help_text=_(
            "Created from a name nobody has confirmed yet, e.g. by an import. Not shown on "
            "the public site until someone has reviewed it and cleared this."
        ),
    )
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("Internal notes: sources, caveats. Not published.")
    )

    # The period manager of every period model, with an organisation's own reads.
    objects = OrganisationQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta(PeriodModel.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            *PeriodModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["municipality_code"],
                condition=~Q(municipality_code=""),
                name="registry_organisation_unique_municipality_code",
                violation_error_message=_("Another organisation has this municipality code."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("publishing:organisation", kwargs={"slug": self.slug})

    @property
    def sub_region_label(self) -> str:
        return str(SUB_REGION_LABELS.get(self.sub_region, self.sub_region))


class OrganisationName(models.Model):
    """Another name an organisation is known by: an alias, or a name it used to have."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="other_names",
        help_text=_("The organisation this name stands for."),
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("The name as written."))
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=NameKind.choices,
        default=NameKind.ALIAS,
        help_text=_("An alias is in use now; a former name is not."),
    )
    replaced_on = models.DateField(
        _("replaced on"),
        null=True,
        blank=True,
        help_text=_("For a former name: the day the next name took effect. Empty if unknown."),
    )
    normalised = models.CharField(
        max_length=200,
        unique=True,
        editable=False,
        help_text=_("The name with case and spacing folded; no two organisations share one."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("other name")
        verbose_name_plural = _("other names")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.normalised = normalise_name(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.normalised = normalise_name(self.name)
        clash = (
            OrganisationName.objects.filter(normalised=self.normalised)
            .exclude(pk=self.pk)
            .select_related("organisation")
            .first()
        )
        if clash:
            raise ValidationError(
                {
                    "name": _("“%(name)s” is already a name of %(organisation)s.")
                    % {"name": self.name, "organisation": clash.organisation}
                }
            )


class Affiliation(PeriodModel):
    """An organisation belongs to a grouping or association (a municipality to its corner)."""

    member = models.ForeignKey(
        Organisation,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="affiliations",
        help_text=_("The organisation that belongs."),
    )
    group = models.ForeignKey(
        Organisation,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="member_affiliations",
        help_text=_("The grouping or association it belongs to."),
    )

    history = HistoricalRecords()

    class Meta(PeriodModel.Meta):
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            *PeriodModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["member", "group"],
                condition=Q(end_date__isnull=True),
                name="registry_affiliation_one_open_per_pair",
                violation_error_message=_("The organisation already belongs to this group."),
            ),
            models.CheckConstraint(
                condition=~Q(member=models.F("group")),
                name="registry_affiliation_not_self",
                violation_error_message=_("An organisation cannot belong to itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.group}"


class Boundary(models.Model):
    """A municipality's outline, for maps. Reference data, so no history is kept."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="boundary",
        help_text=_("The municipality this outline belongs to."),
    )
    geometry = models.JSONField(
        _("geometry"), help_text=_("GeoJSON geometry in WGS 84 (longitude, latitude).")
    )
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("Where the outline comes from.")
    )

    class Meta:
        verbose_name = _("boundary")
        verbose_name_plural = _("boundaries")

    def __str__(self) -> str:
        return str(self.organisation)
