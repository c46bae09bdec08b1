from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    """One page uploaded for import: what it said, what it would change, and whether it
    was applied. The audit trail of imports made in the back office."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("previewed")
        APPLIED = "applied", _("applied")

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

    class Meta:
        verbose_name = _("page import")
        verbose_name_plural = _("page imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return (
            f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"
            if self.created_at
            else self.filename
        )
