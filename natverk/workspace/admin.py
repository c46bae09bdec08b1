from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from natverk.files.forms import CheckedAttachmentAdminForm, CheckedUploadAdminForm
from natverk.registry.admin import NetworkByNameFilter
from natverk.registry.forms import ParagraphsFormMixin
from natverk.workspace.models import Document, Post


class PostAdminForm(ParagraphsFormMixin, CheckedAttachmentAdminForm):
    """A post's text as paragraphs, as the member area writes it."""

    paragraph_fields = ("body",)


@admin.register(Post)
class PostAdmin(SimpleHistoryAdmin):
    form = PostAdminForm
    list_display = ["title", "network", "author", "created_at"]
    list_filter = [NetworkByNameFilter]
    search_fields = ["title", "body", "network__name"]
    autocomplete_fields = ["network", "author"]
    list_select_related = ["network", "author"]


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    form = CheckedUploadAdminForm
    list_display = ["title", "network", "kind", "visibility", "uploaded_at"]
    list_filter = ["visibility", "kind", NetworkByNameFilter]
    search_fields = ["title", "network__name"]
    autocomplete_fields = ["network", "uploaded_by"]
    readonly_fields = ["kind"]
    list_select_related = ["network"]
