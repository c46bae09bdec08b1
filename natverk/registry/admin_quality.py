"""The back office's data-quality report: a page and a spreadsheet of what in the register
needs fixing, a one-click fix of former names in text, and the merging of two
organisations that are one."""

from typing import cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Field
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from natverk.core.admin_site import WorkItem
from natverk.registry.exports import quality_xlsx
from natverk.registry.models import Organisation
from natverk.registry.quality import (
    PROSE_MODELS,
    former_name_replaced,
    former_name_use,
    quality_report,
)
from natverk.registry.services.merging import merge_organisations, merge_preview
from natverk.registry.services.prose import prose_replace_former_name

REPORT_PERMISSION = "registry.review_quality"
MERGE_PERMISSION = "registry.merge_organisation"


class MergeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Kept in the history of every row changed, e.g. “entered twice”."),
    )


def _require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _context(request, title: str, **extra) -> dict:
    return {
        **admin.site.each_context(request),
        "opts": Organisation._meta,
        "title": title,
        **extra,
    }


def report_view(request):
    _require(request, REPORT_PERMISSION)
    findings = quality_report()
    return TemplateResponse(
        request,
        "admin/registry/quality/report.html",
        _context(request, _("Data-quality report"), findings=findings),
    )


def report_xlsx_view(request):
    _require(request, REPORT_PERMISSION)
    response = HttpResponse(
        quality_xlsx(quality_report(limit=None)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="datakvalitet-{day}.xlsx"'
    response["Cache-Control"] = "private, no-store"  # the register's own working list
    return response


def fix_view(request, model: str, pk: int, field: str, name: int):
    _require(request, REPORT_PERMISSION)
    if model not in PROSE_MODELS:
        raise Http404
    try:
        use = former_name_use(PROSE_MODELS[model], pk, field, name)
    except LookupError:
        messages.info(request, _("That text no longer uses the former name."))
        return redirect("admin:registry_quality")
    if request.method == "POST":
        try:
            replaced = prose_replace_former_name(
                obj=use.obj,
                field=field,
                former=use.former,
                by=request.user,
                reason=_("Former name “%(name)s” replaced") % {"name": use.former.name},
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "“%(former)s” replaced by “%(current)s” once in %(where)s.",
                    "“%(former)s” replaced by “%(current)s” %(count)d times in %(where)s.",
                    replaced,
                )
                % {
                    "former": use.former.name,
                    "current": use.current,
                    "count": replaced,
                    "where": use.obj,
                },
            )
        return redirect(reverse("admin:registry_quality") + "#former-names")
    text = getattr(use.obj, field)
    return TemplateResponse(
        request,
        "admin/registry/quality/fix.html",
        _context(
            request,
            _("Replace a former name"),
            use=use,
            field_label=cast(Field, use.obj._meta.get_field(field)).verbose_name,
            text=text,
            fixed=former_name_replaced(text, use.former.name, use.current)[0],
        ),
    )


def merge_view(request, keep: int, remove: int):
    _require(request, MERGE_PERMISSION)
    kept = get_object_or_404(Organisation, pk=keep)
    removed = get_object_or_404(Organisation, pk=remove)
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            merge_organisations(
                keep=kept, remove=removed, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("%(remove)s is merged into %(keep)s; its names are kept as %(keep)s's.")
                % {"remove": removed.name, "keep": kept.name},
            )
            return redirect(reverse("admin:registry_organisation_change", args=[kept.pk]))
    return TemplateResponse(
        request,
        "admin/registry/quality/merge.html",
        _context(
            request,
            _("Merge %(remove)s into %(keep)s") % {"remove": removed.name, "keep": kept.name},
            plan=merge_preview(keep=kept, remove=removed),
            form=form,
            swap_url=reverse("admin:registry_quality_merge", args=[removed.pk, kept.pk]),
        ),
    )


@admin.action(description=gettext_lazy("Merge the two selected organisations"))
def merge_selected(modeladmin, request, queryset):
    chosen = list(queryset.order_by("pk").values_list("pk", flat=True)[:3])
    if len(chosen) != 2:
        modeladmin.message_user(
            request, _("Choose exactly two organisations to merge."), messages.WARNING
        )
        return None
    return redirect(reverse("admin:registry_quality_merge", args=chosen))


def quality_urls(site) -> list:
    return [
        path(
            "registry/datakvalitet/",
            site.admin_view(report_view),
            name="registry_quality",
        ),
        path(
            "registry/datakvalitet/datakvalitet.xlsx",
            # Its own Cache-Control, not the admin's never-cache one.
            site.admin_view(report_xlsx_view, cacheable=True),
            name="registry_quality_xlsx",
        ),
        path(
            "registry/datakvalitet/ersatt/<slug:model>/<int:pk>/<slug:field>/<int:name>/",
            site.admin_view(fix_view),
            name="registry_quality_fix",
        ),
        path(
            "registry/datakvalitet/sla-samman/<int:keep>/<int:remove>/",
            site.admin_view(merge_view),
            name="registry_quality_merge",
        ),
    ]


def quality_work(request) -> list[WorkItem]:
    """The start page links the report; its counts are on the report itself, which is
    computed when opened, not on every visit to the start page."""
    if not request.user.has_perm(REPORT_PERMISSION):
        return []
    return [WorkItem(text=_("Data-quality report"), url=reverse("admin:registry_quality"))]
