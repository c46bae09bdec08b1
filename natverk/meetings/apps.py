from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "natverk.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from natverk.meetings import privacy  # noqa: F401 - adds to the register extract
        from natverk.meetings.messages import message_kinds_register

        message_kinds_register()
