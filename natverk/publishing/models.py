from django.db import models
from django.utils.translation import gettext_lazy as _

from natverk.registry.models import Network
from natverk.registry.sanitising import sanitise_rich_text


class SearchDocument(models.Model):
    """The words a network can be found by: its own texts and the names (aliases and
    former names included) of its current members. Rebuilt when any of them change; see
    `publishing.search`."""

    network = models.OneToOneField(
        Network,
        verbose_name=_("network"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
        help_text=_("The network this text describes."),
    )
    text = models.TextField(_("text"), help_text=_("Everything the network can be found by."))

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return str(self.network_id)


class Compliance(models.TextChoices):
    """How far the site meets lag (2018:1937), in the words of DIGG's model statement."""

    FULL = "full", _("fully compliant")
    PARTIAL = "partial", _("partially compliant")
    NONE = "none", _("not compliant")


class SitePages(models.Model):
    """The pages a Swedish public body's site must have: the accessibility statement in
    DIGG's form, about the site, and personal data and cookies. A text left empty is
    written from the site identity (see the templates `publishing/site_pages/`). One
    row."""

    compliance = models.CharField(
        _("compliance"),
        max_length=10,
        choices=Compliance.choices,
        default=Compliance.PARTIAL,
        help_text=_("How far the site meets the law on accessible digital public services."),
    )
    shortcomings = models.TextField(
        _("known shortcomings"),
        blank=True,
        help_text=_("What is not accessible, one shortcoming a line. Empty: none known."),
    )
    shortcomings_en = models.TextField(
        _("known shortcomings in English"), blank=True, help_text=_("The same in English.")
    )
    assessed_on = models.DateField(
        _("assessed on"),
        null=True,
        blank=True,
        help_text=_("When the site was last assessed (by self-assessment or an audit)."),
    )
    accessibility_extra = models.TextField(
        _("more on accessibility"),
        blank=True,
        help_text=_("Added to the statement before the supervision section. Limited HTML."),
    )
    accessibility_extra_en = models.TextField(
        _("more on accessibility in English"), blank=True, help_text=_("The same in English.")
    )
    about = models.TextField(
        _("about the site"),
        blank=True,
        help_text=_("The page 'Om webbplatsen'. Limited HTML; empty: written from the identity."),
    )
    about_en = models.TextField(
        _("about the site in English"), blank=True, help_text=_("The same in English.")
    )
    privacy = models.TextField(
        _("personal data and cookies"),
        blank=True,
        help_text=_(
            "The page 'Personuppgifter och kakor'. Limited HTML; empty: written from the identity."
        ),
    )
    privacy_en = models.TextField(
        _("personal data and cookies in English"), blank=True, help_text=_("The same in English.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("required pages")
        verbose_name_plural = _("required pages")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="publishing_sitepages_singleton"),
        ]

    def __str__(self) -> str:
        return str(_("Accessibility, about the site, personal data and cookies"))

    def save(self, *args, **kwargs):
        self.pk = 1
        for field in ("accessibility_extra", "about", "privacy"):
            setattr(self, field, sanitise_rich_text(getattr(self, field)))
            setattr(self, f"{field}_en", sanitise_rich_text(getattr(self, f"{field}_en")))
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "SitePages":
        """The stored pages, or unsaved defaults: reading never writes."""
        return cls.objects.filter(pk=1).first() or cls()
