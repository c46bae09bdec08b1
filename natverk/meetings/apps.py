from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "natverk.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from natverk.meetings import privacy  # noqa: F401 - the register extract, erasure
        from natverk.meetings.messages import message_kinds_register
        from natverk.meetings.services import invitations_follow_seats
        from natverk.people.services import seat_listener

        message_kinds_register()
        # Invitations follow the seats: a change of seat reaches the coming meetings.
        seat_listener(invitations_follow_seats)
