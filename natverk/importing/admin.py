from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from natverk.core.admin_site import BackOfficeSite, WorkItem
from natverk.importing.errors import ImportProblem
from natverk.importing.forms import NameDecisionForm, PageUploadForm
from natverk.importing.models import ImportFinding, ImportRun
from natverk.importing.presenting import change_labels, held_sentence, how_label
from natverk.importing.services import import_run_apply, import_run_create, import_run_decide
from natverk.registry.enums import OrganisationKind


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
            path(
                "<int:pk>/decide/",
                self.admin_site.admin_view(require_POST(self.decide_view)),
                name="importing_importrun_decide",
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
        can_apply = run.status in (
            ImportRun.Status.PREVIEWED,
            ImportRun.Status.FAILED,
        ) and self.has_add_permission(request)
        resolutions = [
            {**row, "how_label": how_label(row["how"], row.get("score"))}
            for row in preview.get("resolutions", [])
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": run,
            "title": _("Import of %(file)s") % {"file": run.filename},
            "run": run,
            "reading": preview.get("reading", {}),
            "changes": [change_labels(change) for change in preview.get("changes", [])],
            "held": [held_sentence(h) for h in preview.get("held", [])],
            "findings": preview.get("findings", []),
            "resolutions": resolutions,
            "unresolved": preview.get("unresolved", []) if can_apply else [],
            "kinds": OrganisationKind.choices,
            "names": preview.get("names", {}),
            "can_apply": can_apply,
            "in_progress": run.status in (ImportRun.Status.QUEUED, ImportRun.Status.APPLYING),
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/importing/importrun/preview.html", context)

    def apply_view(self, request, pk):
        run = get_object_or_404(ImportRun, pk=pk)
        if not self.has_add_permission(request):
            raise PermissionDenied
        try:
            outcome = import_run_apply(run=run)
        except ImportProblem as problem:
            self.message_user(request, str(problem), messages.ERROR)
        else:
            if outcome == "applied":
                self.message_user(request, _("The import was applied."), messages.SUCCESS)
            elif outcome == "queued":
                self.message_user(
                    request,
                    _("The import is large, so it is applied in the background, all or "
                      "nothing. This page shows how far it has come."),
                    messages.INFO,
                )  # fmt: skip
            else:
                self.message_user(
                    request,
                    _("The register changed after the preview, so nothing was applied. "
                      "Check the renewed preview below and apply again."),
                    messages.WARNING,
                )  # fmt: skip
        return redirect(reverse("admin:importing_importrun_change", args=[run.pk]))

    def decide_view(self, request, pk):
        """Map a name the register does not know to an organisation, or create it."""
        run = get_object_or_404(ImportRun, pk=pk)
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = NameDecisionForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                self.message_user(request, " ".join(str(e) for e in errors), messages.ERROR)
            return redirect(reverse("admin:importing_importrun_change", args=[run.pk]))
        data = form.cleaned_data
        try:
            organisation = import_run_decide(
                run=run,
                name=data["name"],
                organisation_key=data.get("organisation_key", ""),
                create_kind=data["kind"] if data["action"] == "create" else "",
                user=request.user,
            )
        except ImportProblem as problem:
            self.message_user(request, str(problem), messages.ERROR)
        else:
            if data["action"] == "map":
                message = _("“%(name)s” is now a name of %(organisation)s.")
            else:
                message = _("%(organisation)s was created; it is not public until reviewed.")
            self.message_user(
                request,
                message % {"name": data["name"], "organisation": organisation.name},
                messages.SUCCESS,
            )
        return redirect(reverse("admin:importing_importrun_change", args=[run.pk]))


@admin.register(ImportFinding)
class ImportFindingAdmin(admin.ModelAdmin):
    """What imports have noticed about the data, across imports."""

    list_display = ["text", "network", "code", "run"]
    list_filter = ["code"]
    search_fields = ["text", "network", "detail"]
    list_select_related = ["run"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def importing_work(request) -> list[WorkItem]:
    """The latest imports, and those looked at but not applied."""
    latest = ImportRun.objects.order_by("-created_at")[:5]
    waiting = ImportRun.objects.filter(status=ImportRun.Status.PREVIEWED).count()
    changelist = reverse("admin:importing_importrun_changelist")
    return [
        WorkItem(
            text=_("Imports previewed, not applied"),
            count=waiting,
            url=f"{changelist}?status__exact={ImportRun.Status.PREVIEWED}",
            entries=[
                (
                    f"{run.filename} ({run.get_status_display()})",
                    reverse("admin:importing_importrun_change", args=[run.pk]),
                )
                for run in latest
            ],
        )
    ]


if isinstance(admin.site, BackOfficeSite):
    admin.site.add_worklist(importing_work)
