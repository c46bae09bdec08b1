from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "natverk.publishing"
    label = "publishing"
    verbose_name = _("Public site")

    def ready(self) -> None:
        from natverk.core.message_kinds import message_kind_register
        from natverk.publishing import signals  # noqa: F401 - connects the receivers

        message_kind_register("publishing.contact", _("message from the contact form"))
