from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "natverk.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from natverk.core.message_kinds import message_kind_register

        message_kind_register("people.account_invitation", _("invitation to an account"))
        message_kind_register("people.replacement_request", _("request for a replacement"))
