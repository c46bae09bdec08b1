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
        message_kind_register("people.review_reminder", _("reminder to review a network"))

        from natverk.core.workers import worker_start_task
        from natverk.people.tasks import review_reminders_after, review_reminders_send
        from natverk.registry.services.reviews import review_listener

        review_listener(review_reminders_after)
        worker_start_task(review_reminders_send)
