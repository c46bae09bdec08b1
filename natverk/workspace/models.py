"""What a network's members share in the member area: posts and documents."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from natverk.files.models import SharedFile, upload_path
from natverk.files.storage import private_storage
from natverk.people.models import Person
from natverk.registry.models import Network
from natverk.registry.sanitising import sanitise_rich_text


class Post(models.Model):
    """A short news item or experience shared with the others in a network."""

    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="posts",
        help_text=_("Where the post is shared."),
    )
    author = models.ForeignKey(
        Person,
        verbose_name=_("author"),
        null=True,
        blank=True,
        # A post stays with its network when its author's record goes.
        on_delete=models.SET_NULL,
        related_name="posts",
        help_text=_("Who wrote it; empty for the secretariat."),
    )
    title = models.CharField(_("title"), max_length=200, help_text=_("A short heading."))
    body = models.TextField(_("text"), help_text=_("The post itself. Limited HTML."))
    attachment = models.FileField(
        _("attachment"),
        storage=private_storage,
        upload_to=upload_path,
        blank=True,
        help_text=_("An optional file, seen only by those who can see the post."),
    )
    attachment_kind = models.CharField(
        max_length=10, blank=True, editable=False, help_text=_("The kind of the attachment.")
    )
    created_at = models.DateTimeField(
        _("posted"), auto_now_add=True, help_text=_("When it was posted.")
    )

    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.body = sanitise_rich_text(self.body)
        super().save(*args, **kwargs)

    @property
    def folder(self) -> int:
        return self.network_id


class Document(SharedFile):
    """A file kept for a network: minutes, an agenda, slides."""

    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="documents",
        help_text=_("The network the document belongs to."),
    )

    history = HistoricalRecords(excluded_fields=["uploaded_at"])

    class Meta(SharedFile.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    @property
    def folder(self) -> int:
        return self.network_id
