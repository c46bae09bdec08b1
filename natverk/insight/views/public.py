"""The public insight pages: thin views that read the choices, call one selector and
render, each page once per change of the public data (`publishing.caching`)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from natverk.insight import analysis, exports, pictures, selectors
from natverk.insight.forms import CoverageForm, GraphForm, MapForm, MatrixForm
from natverk.publishing.caching import NETWORKS, ORGANISATIONS, SITE, public_page
from natverk.publishing.selectors import public_data_changed_at, site_page_owner


def _frame(section: str) -> dict:
    return {
        "section": "insight",
        "insight_section": section,
        "last_updated": public_data_changed_at(),
        "page_owner": site_page_owner(),
    }


# Every insight page reads the whole public register: a change to a network, an
# organisation or a membership renders them again.
READS = [SITE, NETWORKS, ORGANISATIONS]


def _kept(request, form_class, make_form, render_page) -> HttpResponse:
    """The page kept on the choices its form validated (rendered but not kept when they
    do not validate). A visit without a choice finds its kept page without building the
    form, whose choices are read from the register."""
    if not any(request.GET.get(name) for name in form_class.base_fields):
        return public_page(request, lambda: render_page(make_form()), depends_on=READS, params={})
    form = make_form()
    return public_page(
        request, lambda: render_page(form), depends_on=READS, params=form.canonical()
    )


def _errors(form) -> list[str]:
    return [
        _("%(field)s: %(error)s") % {"field": form.fields[name].label, "error": error}
        for name, messages in form.errors.items()
        for error in messages
    ]


def index(request):
    return public_page(
        request,
        lambda: render(request, "insight/index.html", _frame("index")),
        depends_on=READS,
        params={},
    )


def _matrix_form(request) -> MatrixForm:
    return MatrixForm(
        request.GET or None,
        focus_choices=selectors.focus_choices(),
        sub_region_choices=selectors.sub_region_choices(),
    )


def matrix_page(request):
    def make_form():
        return _matrix_form(request)

    def render_page(form):
        errors = _errors(form) if form.is_bound and not form.is_valid() else []
        matrix = None
        if not errors:
            data = form.cleaned_data if form.is_bound else {}
            matrix = selectors.matrix(
                form.selection(),
                form.rows(),
                row_page=data.get("sida"),
                column_page=data.get("kolumner"),
            )
        return render(
            request,
            "insight/matrix.html",
            {
                **_frame("matrix"),
                "form": form,
                "errors": errors,
                "matrix": matrix,
                "downloadable": matrix is not None
                and matrix.organisation_total * matrix.network_total <= exports.MAX_CELLS,
                "max_cells": exports.MAX_CELLS,
                "role_order": selectors.ROLE_ORDER,
            },
        )

    return _kept(request, MatrixForm, make_form, render_page)


def matrix_download(request, kind: str):
    form = _matrix_form(request)
    if form.is_bound and not form.is_valid():
        return render(
            request, "insight/download_refused.html", {"errors": _errors(form)}, status=400
        )
    data = selectors.matrix_data(form.selection(), form.rows())
    if len(data.rows) * len(data.networks) > exports.MAX_CELLS:
        message = _(
            "The selection is too large to download (%(rows)d rows × %(columns)d networks). "
            "Narrow it, or show one row per county."
        ) % {"rows": len(data.rows), "columns": len(data.networks)}
        return render(request, "insight/download_refused.html", {"errors": [message]}, status=400)
    name = f"natverksmatris-{data.on.isoformat()}"
    if kind == "xlsx":
        content, content_type = exports.matrix_xlsx(data), exports.XLSX
    else:
        content, content_type = exports.matrix_csv(data), exports.CSV
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


def coverage_page(request):
    def make_form():
        return CoverageForm(request.GET or None, focus_choices=selectors.focus_choices())

    def render_page(form):
        errors = _errors(form) if form.is_bound and not form.is_valid() else []
        coverage = None if errors else selectors.coverage(form.selection())
        return render(
            request,
            "insight/coverage.html",
            {**_frame("coverage"), "form": form, "errors": errors, "coverage": coverage},
        )

    return _kept(request, CoverageForm, make_form, render_page)


def graph_page(request):
    def make_form():
        return GraphForm(request.GET or None, focus_choices=selectors.focus_choices())

    def render_page(form):
        errors = _errors(form) if form.is_bound and not form.is_valid() else []
        context = {**_frame("graph"), "form": form, "errors": errors}
        if not errors:
            selection = form.selection()
            land = selectors.landscape(selection)
            found = analysis.cached_analysis(land, selection)
            drawn = found.drawn
            context.update(
                land=land,
                graph=analysis.graph_facts(land, found, drawn),
                picture=pictures.graph_picture(land, found, drawn, found.positions)
                if land.memberships
                else None,
                analysis=found,
                drawn=drawn,
                merge_threshold=analysis.MERGE_THRESHOLD,
            )
        return render(request, "insight/graph.html", context)

    return _kept(request, GraphForm, make_form, render_page)


def map_page(request):
    def make_form():
        return MapForm(
            request.GET or None,
            focus_choices=selectors.focus_choices(),
            network_choices=selectors.network_choices(selectors.Selection()),
            home_county=selectors.home_county(),
        )

    def render_page(form):
        errors = _errors(form) if form.is_bound and not form.is_valid() else []
        data = picture = None
        if not errors:
            network = form.cleaned_data.get("natverk", "") if form.is_bound else ""
            data = selectors.map_data(form.selection(), form.county, network)
            picture = pictures.map_picture(data) if data is not None else None
        return render(
            request,
            "insight/map.html",
            {**_frame("map"), "form": form, "errors": errors, "map": data, "picture": picture},
        )

    return _kept(request, MapForm, make_form, render_page)
