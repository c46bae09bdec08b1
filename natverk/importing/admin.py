from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from natverk.importing.errors import ImportProblem
from natverk.importing.forms import PageUploadForm
from natverk.importing.models import ImportRun
from natverk.importing.presenting import change_labels
from natverk.importing.services import import_run_apply, import_run_create


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """Upload a page, look at what it would change, then apply it."""

    list_display = ["filename", "status", "created_at", "created_by", "applied_at"]
    list_filter = ["status"]
    search_fields = ["filename"]
    list_select_related = ["created_by"]

    def has_change_permission(self, request, obj=None):
        return False if obj is None else super().has_view_permission(request, obj)

    def get_urls(self):
        return [
            path(
                "<int:pk>/apply/",
                self.admin_site.admin_view(require_POST(self.apply_view)),
                name="importing_importrun_apply",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = PageUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                run = import_run_create(
                    data=upload.read(),
                    filename=upload.name,
                    user=request.user,
                    html=True if form.cleaned_data["html"] else None,
                    create_unknown=form.cleaned_data["create_unknown"],
                )
            except ImportProblem as problem:
                form.add_error("file", str(problem))
            else:
                return redirect(reverse("admin:importing_importrun_change", args=[run.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import a networks page"),
            "form": form,
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/importing/importrun/upload.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        run = get_object_or_404(ImportRun, pk=object_id)
        if not self.has_view_permission(request, run):
            raise PermissionDenied
        preview = run.preview
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": run,
            "title": _("Import of %(file)s") % {"file": run.filename},
            "run": run,
            "reading": preview.get("reading", {}),
            "changes": [change_labels(change) for change in preview.get("changes", [])],
            "findings": preview.get("findings", []),
            "names": preview.get("names", {}),
            "can_apply": run.status == ImportRun.Status.PREVIEWED
            and self.has_add_permission(request),
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/importing/importrun/preview.html", context)

    def apply_view(self, request, pk):
        run = get_object_or_404(ImportRun, pk=pk)
        if not self.has_add_permission(request):
            raise PermissionDenied
        try:
            applied = import_run_apply(run=run)
        except ImportProblem as problem:
            self.message_user(request, str(problem), messages.ERROR)
        else:
            if applied:
                self.message_user(request, _("The import was applied."), messages.SUCCESS)
            else:
                self.message_user(
                    request,
                    _("The register changed after the preview, so nothing was applied. "
                      "Check the renewed preview below and apply again."),
                    messages.WARNING,
                )  # fmt: skip
        return redirect(reverse("admin:importing_importrun_change", args=[run.pk]))
