from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "natverk.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django_tasks.signals import task_finished
        from simple_history.signals import pre_create_historical_record

        from natverk.core import checks  # noqa: F401 - registers the system checks
        from natverk.core.history import reason_from_context
        from natverk.core.observability import task_finished_log
        from natverk.core.selectors import identity_changed

        post_save.connect(identity_changed, sender="core.SiteIdentity", dispatch_uid="identity")
        post_delete.connect(identity_changed, sender="core.SiteIdentity", dispatch_uid="identity-")

        task_finished.connect(task_finished_log, dispatch_uid="natverk.task_log")
        pre_create_historical_record.connect(reason_from_context, dispatch_uid="natverk-reason")


class BackOfficeConfig(admin_apps.AdminConfig):
    """Django's admin, with the site that asks the rules who may enter."""

    default = False
    default_site = "natverk.core.admin_site.BackOfficeSite"
