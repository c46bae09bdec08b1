from django.db import models
from django.utils.translation import gettext_lazy as _

from natverk.registry.models import Network


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
