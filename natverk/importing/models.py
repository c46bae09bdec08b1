from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    """One page uploaded for import: what it said, what it would change, and whether it
    was applied. The audit trail of imports made in the back office."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("previewed")
        QUEUED = "queued", _("waiting to be applied")
        APPLYING = "applying", _("being applied")
        APPLIED = "applied", _("applied")
        FAILED = "failed", _("not applied")

    filename = models.CharField(
        _("file"), max_length=255, help_text=_("Name of the uploaded file.")
    )
    content = models.TextField(_("content"), help_text=_("The page as uploaded, decoded to text."))
    is_html = models.BooleanField(
        _("HTML"), default=False, help_text=_("Whether the page was read as HTML.")
    )
    create_unknown = models.BooleanField(
        _("create unknown organisations"),
        default=False,
        help_text=_("Names not in the register become organisations marked for review."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PREVIEWED,
        help_text=_("Previewed, or applied to the register."),
    )
    preview = models.JSONField(
        _("preview"),
        default=dict,
        help_text=_("The reading, the changes and the data-quality report shown before applying."),
    )
    created_at = models.DateTimeField(
        _("uploaded"), auto_now_add=True, help_text=_("When the page was uploaded.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        # The record of an import outlives the account that made it.
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who uploaded the page."),
    )
    applied_at = models.DateTimeField(
        _("applied"), null=True, blank=True, help_text=_("When the import was applied.")
    )
    progress_done = models.PositiveIntegerField(
        _("networks checked"),
        default=0,
        help_text=_("While an import is applied in the background: networks checked so far."),
    )
    progress_total = models.PositiveIntegerField(
        _("networks to check"),
        default=0,
        help_text=_("While an import is applied in the background: networks on the page."),
    )
    problem = models.TextField(
        _("problem"),
        blank=True,
        help_text=_("Why an import applied in the background was not applied."),
    )

    class Meta:
        verbose_name = _("page import")
        verbose_name_plural = _("page imports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_done__lte=models.F("progress_total")),
                name="importing_importrun_progress_within_total",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"
            if self.created_at
            else self.filename
        )


class ImportFinding(models.Model):
    """One thing an import noticed about the data: a name not in the register, an old
    name, a guess to check, a network with no convener. Kept with the import, and read by
    the data-quality report across imports."""

    run = models.ForeignKey(
        ImportRun,
        verbose_name=_("import"),
        on_delete=models.CASCADE,
        related_name="findings",
        help_text=_("The import that noticed it."),
    )
    network = models.CharField(
        _("network"),
        max_length=200,
        blank=True,
        help_text=_("The network it is about, as the page names it; empty for the page."),
    )
    code = models.CharField(
        _("kind"),
        max_length=40,
        help_text=_("What kind of finding it is, e.g. 'unresolved' or 'renamed'."),
    )
    detail = models.CharField(
        _("detail"),
        max_length=300,
        blank=True,
        help_text=_("The name or key the finding is about, as the importer recorded it."),
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        # A finding outlives the organisation it was about.
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The organisation the finding is about, when it is one."),
    )
    text = models.TextField(
        _("text"), help_text=_("The finding in a sentence, as the import reported it.")
    )

    class Meta:
        verbose_name = _("import finding")
        verbose_name_plural = _("import findings")
        ordering = ["run", "pk"]
        indexes = [models.Index(fields=["code"], name="importing_finding_code")]

    def __str__(self) -> str:
        return f"{self.network}: {self.text}" if self.network else self.text
