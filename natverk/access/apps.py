from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "natverk.access"
    label = "access"
    verbose_name = _("Access")

    def ready(self) -> None:
        from natverk.core.message_kinds import message_kind_register

        message_kind_register("access.password_reset", _("new password"))
