from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from natverk.core.models import PeriodModel, TimeStampedModel
from natverk.registry.enums import (
    AmbitionLevel,
    Formality,
    MembershipRole,
    NetworkFunction,
    NetworkStatus,
    RelationKind,
)
from natverk.registry.models.organisation import Organisation
from natverk.registry.sanitising import sanitise_rich_text


class FocusTag(models.Model):
    """A subject a network works on (inriktning): EU, structural funds, rural development."""

    slug = models.SlugField(
        _("key"), max_length=60, unique=True, help_text=_("Stable key used in addresses.")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("Name in Swedish."))
    name_en = models.CharField(
        _("name in English"),
        max_length=100,
        blank=True,
        help_text=_("Name in English; the Swedish name is shown when empty."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("focus")
        verbose_name_plural = _("focus areas")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return localised(self, "name")


def localised_value(obj: models.Model, field: str) -> tuple[str, bool]:
    """(text, fell back): the English variant of a field when English is active and it is
    filled in; otherwise the Swedish text, and whether that is a fallback to be marked
    lang="sv" on an English page."""
    swedish = getattr(obj, field) or ""
    if translation.get_language() != "en":
        return swedish, False
    english = getattr(obj, f"{field}_en", "") or ""
    if english:
        return english, False
    return swedish, bool(swedish)


def localised(obj: models.Model, field: str) -> str:
    return localised_value(obj, field)[0]


class NetworkQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)


class Network(TimeStampedModel):
    """A standing group of organisations that meet: what the Nätverk page lists."""

    slug = models.SlugField(
        _("key"),
        max_length=120,
        unique=True,
        help_text=_("Used in the network's address, e.g. 'skur-natverket'."),
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("Name in Swedish."))
    name_en = models.CharField(
        _("name in English"), max_length=200, blank=True, help_text=_("Optional English name.")
    )
    short_name = models.CharField(
        _("short name"),
        max_length=40,
        blank=True,
        help_text=_("Abbreviation, e.g. 'SKUR'."),
    )
    short_name_expansion = models.CharField(
        _("short name stands for"),
        max_length=200,
        blank=True,
        help_text=_(
            "What the abbreviation stands for, e.g. 'Stad, Kommun, Universitet och Region'."
        ),
    )
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("What the network is, as the public page presents it."),
    )
    introduction_en = models.TextField(
        _("introduction in English"), blank=True, help_text=_("Optional English introduction.")
    )
    purpose = models.TextField(_("purpose"), blank=True, help_text=_("Why the network exists."))
    purpose_en = models.TextField(
        _("purpose in English"), blank=True, help_text=_("Optional English purpose.")
    )
    focus_tags = models.ManyToManyField(
        FocusTag,
        verbose_name=_("focus"),
        blank=True,
        related_name="networks",
        help_text=_("Subjects the network works on."),
    )
    function = models.CharField(
        _("function"),
        max_length=30,
        choices=NetworkFunction.choices,
        blank=True,
        help_text=_("What the network is for."),
    )
    ambition_level = models.CharField(
        _("ambition level"),
        max_length=20,
        choices=AmbitionLevel.choices,
        blank=True,
        help_text=_("How much the network aims to decide or do."),
    )
    formality = models.CharField(
        _("formality"),
        max_length=10,
        choices=Formality.choices,
        default=Formality.FORMAL,
        help_text=_("Whether the network is set up formally or meets informally."),
    )
    audience = models.CharField(
        _("target audience"),
        max_length=300,
        blank=True,
        help_text=_(
            "Who the member organisations send, e.g. 'EU-samordnare/strateger eller annan "
            "resurs som ansvarar för EU-frågor'."
        ),
    )
    audience_en = models.CharField(
        _("target audience in English"),
        max_length=300,
        blank=True,
        help_text=_("Optional English target audience."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NetworkStatus.choices,
        default=NetworkStatus.ACTIVE,
        help_text=_("Active, dormant (no meetings for now) or closed."),
    )
    founded_on = models.DateField(
        _("founded"), null=True, blank=True, help_text=_("When the network started.")
    )
    closed_on = models.DateField(
        _("closed"), null=True, blank=True, help_text=_("When the network closed.")
    )
    meetings_per_year = models.DecimalField(
        _("meetings per year"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1"))],
        help_text=_(
            "How many meetings a year the network aims for, residential ones included; "
            "0.5 for every other year."
        ),
    )
    residential_meetings_per_year = models.PositiveSmallIntegerField(
        _("residential meetings per year"),
        null=True,
        blank=True,
        help_text=_("How many of those are residential meetings (internat) over several days."),
    )
    residential_places = models.JSONField(
        _("residential meeting places"),
        default=list,
        blank=True,
        help_text=_('Where residential meetings are held, e.g. ["Bryssel", "Skåne"].'),
    )
    page_owner = models.CharField(
        _("page owner"),
        max_length=200,
        blank=True,
        help_text=_("Who answers for what the network's page says."),
    )
    contact_email = models.EmailField(
        _("contact email"),
        max_length=254,
        blank=True,
        help_text=_(
            "The network's functional mailbox, such as eu@skanekommuner.se, shown on its "
            "public page. Never a person's own address, unless that person has chosen to "
            "publish it."
        ),
    )
    contact_name = models.CharField(
        _("contact name"),
        max_length=200,
        blank=True,
        help_text=_("Who answers at the address, e.g. 'Skånes Kommuners EU-kontor'."),
    )
    contact_url = models.URLField(
        _("contact page"),
        blank=True,
        help_text=_("A page on another site about the network or how to reach it."),
    )
    how_to_take_part = models.TextField(
        _("how to take part"),
        blank=True,
        help_text=_(
            "Who can take part and how to join, as the public page says it. Plain text; an "
            "empty line begins a new paragraph."
        ),
    )
    how_to_take_part_en = models.TextField(
        _("how to take part in English"),
        blank=True,
        help_text=_("Optional English text on how to take part."),
    )
    last_reviewed = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_("When someone last checked that the network's details are true."),
    )
    review_reminded_on = models.DateField(
        _("review reminder sent"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the coordinators were last reminded to review the network."),
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Shown on the public site. Uncheck for bodies not yet reviewed."),
    )
    needs_review = models.BooleanField(
        _("needs review"),
        default=False,
        help_text=_("Created from a mention nobody has confirmed yet, e.g. by an import."),
    )

    objects = NetworkQuerySet.as_manager()
    # Set by `registry.selectors.current_memberships_prefetch()` on the networks it reads.
    current_memberships: list["Membership"]
    # The reminder's date is the worker's bookkeeping, not a change to the network.
    history = HistoricalRecords(
        m2m_fields=[focus_tags],
        excluded_fields=["created_at", "updated_at", "review_reminded_on"],
    )

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(founded_on__isnull=True)
                | Q(closed_on__isnull=True)
                | Q(closed_on__gte=models.F("founded_on")),
                name="registry_network_closed_after_founded",
                violation_error_message=_("A network cannot close before it was founded."),
            ),
            models.CheckConstraint(
                condition=Q(contact_email="") | Q(contact_email__contains="@"),
                name="registry_network_contact_email_is_an_address",
                violation_error_message=_("The contact email must be an email address."),
            ),
            models.CheckConstraint(
                condition=Q(residential_meetings_per_year__isnull=True)
                | Q(meetings_per_year__isnull=True)
                | Q(residential_meetings_per_year__lte=models.F("meetings_per_year")),
                name="registry_network_residential_within_meetings",
                violation_error_message=_(
                    "Residential meetings are counted among the meetings per year, so there "
                    "cannot be more of them."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        for field in ("introduction", "introduction_en", "purpose", "purpose_en"):
            setattr(self, field, sanitise_rich_text(getattr(self, field)))
        # Plain text: no markup is kept, and the page escapes what is left.
        for field in ("how_to_take_part", "how_to_take_part_en"):
            setattr(self, field, strip_tags(getattr(self, field)).strip())
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("publishing:network", kwargs={"slug": self.slug})

    @property
    def display_name(self) -> str:
        return localised(self, "name")


class Membership(PeriodModel):
    """An organisation takes part in a network, in a role, for a period."""

    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text=_("The network."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        # An organisation that has sat in networks is ended, not deleted.
        on_delete=models.PROTECT,
        related_name="memberships",
        help_text=_("The organisation taking part."),
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=MembershipRole.choices,
        default=MembershipRole.MEMBER,
        help_text=_("Convener, joint convener, member, observer or secretariat."),
    )
    described_as = models.CharField(
        _("described as"),
        max_length=300,
        blank=True,
        help_text=_(
            "How the public page names a member that is a group, e.g. "
            "'representanter från Interreg-programmen'. Empty: the organisation's name."
        ),
    )
    position = models.PositiveSmallIntegerField(
        _("position"),
        default=0,
        help_text=_("Where the public page lists this member; lower comes first."),
    )
    note = models.TextField(_("note"), blank=True, help_text=_("Internal note."))

    history = HistoricalRecords()

    class Meta(PeriodModel.Meta):
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["network", "position", "organisation__name"]
        # Overlapping periods of one organisation in one network are refused by the
        # database too: an exclusion constraint on PostgreSQL, triggers on SQLite
        # (migration 0002).

    def __str__(self) -> str:
        return f"{self.organisation} i {self.network}"

    def clean(self) -> None:
        super().clean()
        if not (self.network_id and self.organisation_id) or not self.period_is_ordered():
            return  # nothing to compare yet, or the period check speaks for itself
        clash = membership_overlapping(self)
        if clash is not None:
            raise ValidationError(
                _(
                    "%(organisation)s is already in %(network)s as %(role)s for %(period)s, "
                    "which overlaps this period."
                )
                % {
                    "organisation": self.organisation,
                    "network": self.network,
                    "role": clash.get_role_display(),
                    "period": clash.period_display,
                }
            )

    @property
    def is_convening(self) -> bool:
        return self.role in (MembershipRole.CONVENER, MembershipRole.CO_CONVENER)


def membership_order(prefix: str = "") -> list:
    """The order a network's members are listed in everywhere: by role (conveners
    first), then by the position the secretariat gave them, then by name."""
    role = models.Case(
        *[
            models.When(**{f"{prefix}role": value}, then=models.Value(rank))
            for rank, value in enumerate(MembershipRole.values)
        ],
        default=models.Value(len(MembershipRole.values)),
    )
    return [role, f"{prefix}position", f"{prefix}organisation__name"]


def membership_overlapping(membership: Membership) -> Membership | None:
    """Another membership of the same organisation in the same network sharing a day."""
    others = Membership.objects.filter(
        network_id=membership.network_id, organisation_id=membership.organisation_id
    ).exclude(pk=membership.pk)
    for other in others:
        if membership.overlaps(other):
            return other
    return None


class Relation(models.Model):
    """A network stands in a relation to another network or an organisation."""

    source = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="relations",
        help_text=_("The network the relation starts from."),
    )
    kind = models.CharField(
        _("relation"),
        max_length=20,
        choices=RelationKind.choices,
        help_text=_("Reports to, advises, or is part of."),
    )
    target_network = models.ForeignKey(
        Network,
        verbose_name=_("to network"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="incoming_relations",
        help_text=_("The network it relates to (or fill in an organisation instead)."),
    )
    target_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("to organisation"),
        null=True,
        blank=True,
        # A body networks report to is ended, not deleted.
        on_delete=models.PROTECT,
        related_name="incoming_relations",
        help_text=_("The organisation it relates to (or fill in a network instead)."),
    )
    note = models.TextField(_("note"), blank=True, help_text=_("Internal note."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints = [
            models.CheckConstraint(
                condition=(Q(target_network__isnull=False) & Q(target_organisation__isnull=True))
                | (Q(target_network__isnull=True) & Q(target_organisation__isnull=False)),
                name="registry_relation_exactly_one_target",
                violation_error_message=_(
                    "A relation goes to either a network or an organisation, not both or neither."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(target_network=models.F("source")),
                name="registry_relation_not_to_itself",
                violation_error_message=_("A network cannot relate to itself."),
            ),
            models.UniqueConstraint(
                fields=["source", "kind", "target_network"],
                name="registry_relation_unique_network_target",
                violation_error_message=_("This relation is already registered."),
            ),
            models.UniqueConstraint(
                fields=["source", "kind", "target_organisation"],
                name="registry_relation_unique_organisation_target",
                violation_error_message=_("This relation is already registered."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"

    @property
    def target(self) -> Network | Organisation | None:
        return self.target_network or self.target_organisation


class FormerNetworkAddress(models.Model):
    """An address (slug) a network had before: its old page and calendar feed redirect
    to the new ones, so that links and subscriptions keep working."""

    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="former_addresses",
        help_text=_("The network that had this address."),
    )
    slug = models.SlugField(
        _("former key"),
        max_length=120,
        unique=True,
        help_text=_("The key the network's address used to have."),
    )
    replaced_at = models.DateTimeField(
        _("replaced"), auto_now_add=True, help_text=_("When the network got a new address.")
    )

    class Meta:
        verbose_name = _("former address")
        verbose_name_plural = _("former addresses")
        ordering = ["-replaced_at"]

    def __str__(self) -> str:
        return self.slug


class PageSettings(models.Model):
    """The public Nätverk page's own text. There is one row; its 'last updated' is derived."""

    title = models.CharField(
        _("heading"), max_length=200, default="Nätverk", help_text=_("The page's heading.")
    )
    title_en = models.CharField(
        _("heading in English"),
        max_length=200,
        blank=True,
        default="Networks",
        help_text=_("The heading in English."),
    )
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("Text above the list of networks.")
    )
    introduction_en = models.TextField(
        _("introduction in English"),
        blank=True,
        help_text=_("Optional English introduction; the Swedish one is shown when empty."),
    )
    page_owner = models.CharField(
        _("page owner"),
        max_length=200,
        blank=True,
        help_text=_("Shown as 'Sidansvarig' at the foot of the page."),
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("review interval (months)"),
        default=12,
        validators=[MinValueValidator(1)],
        help_text=_(
            "How often each network's details are to be checked; a network not reviewed "
            "for this long is listed on the start page and its coordinators are reminded, "
            "once in each such period."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("page settings")
        verbose_name_plural = _("page settings")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="registry_pagesettings_singleton"),
        ]

    def __str__(self) -> str:
        return str(_("Settings of the public page"))

    def save(self, *args, **kwargs):
        self.pk = 1
        self.introduction = sanitise_rich_text(self.introduction)
        self.introduction_en = sanitise_rich_text(self.introduction_en)
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "PageSettings":
        """The stored settings, or unsaved defaults: reading the page never writes."""
        return cls.objects.filter(pk=1).first() or cls()
