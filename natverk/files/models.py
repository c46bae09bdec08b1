"""Files members share, and who may see each: the shape of a network's document and of a
meeting's, kept privately and checked by content."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from natverk.files.storage import private_storage
from natverk.people.models import Person


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    MEMBERS = "members", _("members of the network")
    SECRETARIAT = "secretariat", _("the secretariat")


class DocumentCategory(models.TextChoices):
    AGENDA = "agenda", _("agenda")
    MINUTES = "minutes", _("minutes")
    PRESENTATION = "presentation", _("presentation")
    OTHER = "other", _("other document")


class SharedFileQuerySet(models.QuerySet):
    def published(self):
        """What may be shown to anyone, as far as the file itself goes: public, and not
        minutes that are still a draft. (Whether its network is public is the caller's.)"""
        return self.filter(visibility=Visibility.PUBLIC).exclude(
            category=DocumentCategory.MINUTES, approved_at__isnull=True
        )


def upload_path(instance, filename: str) -> str:
    """Files are kept by kind and by what they belong to (`folder`: a network, a meeting)."""
    return f"{instance._meta.model_name}/{instance.folder}/{filename}"


class SharedFile(models.Model):
    """A file members share, kept privately and seen by whom its visibility says: a
    network's document, or a meeting's."""

    title = models.CharField(_("title"), max_length=200, help_text=_("What the document is."))
    file = models.FileField(
        _("file"),
        storage=private_storage,
        upload_to=upload_path,
        help_text=_("PDF, Office or OpenDocument, text, PNG or JPEG; at most 25 MB."),
    )
    kind = models.CharField(
        max_length=10, editable=False, help_text=_("The file's kind, judged by its content.")
    )
    visibility = models.CharField(
        _("visible to"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
        help_text=_("Who may open it."),
    )
    category = models.CharField(
        _("kind of document"),
        max_length=20,
        choices=DocumentCategory.choices,
        default=DocumentCategory.OTHER,
        help_text=_("Agenda, minutes, presentation or other."),
    )
    approved_at = models.DateTimeField(
        _("approved"),
        null=True,
        blank=True,
        help_text=_(
            "For minutes: when they were approved. Until then they are a draft, which "
            "members see and the public never does."
        ),
    )
    uploaded_by = models.ForeignKey(
        Person,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="%(class)ss",
        help_text=_("Who added it."),
    )
    uploaded_at = models.DateTimeField(
        _("uploaded"), auto_now_add=True, help_text=_("When it was added.")
    )

    objects = SharedFileQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_at__isnull=True) | Q(category="minutes"),
                name="%(app_label)s_%(class)s_only_minutes_approved",
                violation_error_message=_("Only minutes are approved."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def draft(self) -> bool:
        """Minutes not yet approved."""
        return self.category == DocumentCategory.MINUTES and self.approved_at is None

    @property
    def published(self) -> bool:
        return self.visibility == Visibility.PUBLIC and not self.draft
