from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "natverk.workspace"
    label = "workspace"
    verbose_name = _("Member area")

    def ready(self) -> None:
        from natverk.core.message_kinds import message_kind_register
        from natverk.workspace import privacy  # noqa: F401 - adds to the register extract

        message_kind_register("workspace.post_notice", _("notice of a post"))
