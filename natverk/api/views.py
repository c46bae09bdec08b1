"""The open data: the REST API under /api/v1/, its schema and documentation page, the
Popolo export, and the open-data page with its downloads. Thin: each view reads through
`api.selectors` (public data only) and answers through `api.caching`."""

from django.http import Http404, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend, FilterSet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.views import APIView

from natverk.api import datasets, filters, selectors, serializers
from natverk.api.caching import cached_body, conditional
from natverk.api.enums import Dataset
from natverk.api.popolo import popolo_json
from natverk.api.rest import refuse_unknown_parameters
from natverk.publishing.caching import NETWORKS, ORGANISATIONS, SITE, public_page
from natverk.publishing.views import not_found as page_not_found

PAGING = {"cursor", "page_size", "ordering"}


class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    """A list and its objects: filtered, ordered, paged by cursor, revalidated."""

    filter_backends = [DjangoFilterBackend]
    filterset_class: type[FilterSet] | None = None
    ordering: tuple[str, ...] = ("name", "pk")
    ordering_fields: list[str] = ["name", "slug"]

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        allowed = set()
        if self.action == "list":
            filters_offered = self.filterset_class.base_filters if self.filterset_class else {}
            allowed = PAGING | set(filters_offered)
        refuse_unknown_parameters(request, allowed)

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "today": timezone.localdate()}

    def list(self, request, *args, **kwargs):
        return conditional(request, lambda etag: super(PublicViewSet, self).list(request))

    def retrieve(self, request, *args, **kwargs):
        return conditional(
            request,
            lambda etag: super(PublicViewSet, self).retrieve(request, *args, **kwargs),
            always_exists=False,
        )


class NetworkViewSet(PublicViewSet):
    """Public networks, with their focus, function, status, conveners, current, former
    and future members, and relations both ways."""

    serializer_class = serializers.NetworkSerializer
    filterset_class = filters.NetworkFilter
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.public_networks()

    def paginate_queryset(self, queryset):
        return selectors.with_memberships(super().paginate_queryset(queryset) or [])

    def get_object(self):
        return selectors.with_memberships([super().get_object()])[0]


class OrganisationViewSet(PublicViewSet):
    """Every organisation in the register, with its other names, county, groups, what it
    contains and its current public networks."""

    serializer_class = serializers.OrganisationSerializer
    filterset_class = filters.OrganisationFilter
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.public_organisations()


class MembershipViewSet(PublicViewSet):
    """Every membership of a public network: current, former and future."""

    serializer_class = serializers.MembershipSerializer
    filterset_class = filters.MembershipFilter
    ordering = ("pk",)
    ordering_fields = ["id"]

    def get_queryset(self):
        return selectors.public_memberships()


class RelationViewSet(PublicViewSet):
    """Relations from public networks to other public networks and to organisations."""

    serializer_class = serializers.RelationSerializer
    filterset_class = filters.RelationFilter
    ordering = ("pk",)
    ordering_fields = ["id"]

    def get_queryset(self):
        return selectors.public_relations()


class MeetingViewSet(PublicViewSet):
    """Public meetings of public networks. Nobody invited or attending is ever named."""

    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilter
    lookup_field = "uid"
    lookup_value_regex = "[0-9a-f-]{36}"
    ordering = ("start", "pk")
    ordering_fields = ["start"]

    def get_queryset(self):
        return selectors.public_meetings()


@extend_schema_view(list=extend_schema(description="The focus areas of public networks."))
class FocusViewSet(PublicViewSet):
    """The focus areas public networks have: the values the `focus` filter takes."""

    serializer_class = serializers.FocusSerializer
    filterset_class = None
    lookup_field = "slug"
    ordering = ("slug",)
    pagination_class = None

    def initial(self, request: Request, *args, **kwargs) -> None:
        viewsets.ReadOnlyModelViewSet.initial(self, request, *args, **kwargs)
        refuse_unknown_parameters(request, set())

    def get_queryset(self):
        return selectors.public_focus_tags()


class PopoloView(APIView):
    """The whole public register in the Popolo data specification."""

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        description="Networks and organisations as organizations, memberships of networks "
        "and groupings with an organisation as member, public meetings as events.",
    )
    def get(self, request: Request) -> HttpResponseBase:
        refuse_unknown_parameters(request, set())

        def build(etag: str) -> HttpResponse:
            body = cached_body(etag, lambda: popolo_json(request.build_absolute_uri("/")))
            return HttpResponse(body, content_type="application/json")

        return conditional(request, build)


@extend_schema(exclude=True)
class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema, revalidated like the data."""

    def get(self, request, *args, **kwargs):
        return conditional(request, lambda etag: super(SchemaView, self).get(request))


def api_docs_redirect(request):
    return redirect("opendata:api_docs")


def api_docs(request):
    """The API's documentation, drawn from the schema by Swagger UI (served from the
    site's own static files; its start-up script is a file, as the CSP requires)."""
    return render(
        request,
        "api/docs.html",
        {"schema_url": reverse("api:schema"), "section": "opendata"},
    )


def open_data_page(request):
    def render_page():
        updated = selectors.dataset_last_updated()
        return render(
            request,
            "api/open_data.html",
            {
                "datasets": [(spec, updated[spec.key.value]) for spec in datasets.datasets()],
                "licence": datasets.licence(),
                "section": "opendata",
            },
        )

    # The page shows when each dataset last changed.
    return public_page(request, render_page, depends_on=[SITE, NETWORKS, ORGANISATIONS], params={})


def _spec(name: str) -> datasets.DatasetSpec:
    if name not in Dataset.values:
        raise Http404
    return datasets.dataset(Dataset(name))


def download(request, dataset: str, extension: str) -> HttpResponseBase:
    spec = _spec(dataset)

    def build(etag: str) -> HttpResponse:
        if extension == "csv":
            body = cached_body(etag, lambda: datasets.dataset_csv(spec))
            response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        elif extension == "xlsx":
            updated = selectors.dataset_last_updated()[dataset]
            body = cached_body(etag, lambda: datasets.dataset_xlsx(spec, last_updated=updated))
            response = HttpResponse(
                body,
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        else:
            updated = selectors.dataset_last_updated()[dataset]
            text = datasets.dataset_readme(spec, last_updated=updated)
            response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        if extension != "txt":  # the README opens in the browser; the data is saved
            response["Content-Disposition"] = f'attachment; filename="{dataset}.{extension}"'
        return response

    return conditional(request, build)


def not_found(request, exception=None):
    """A 404 for the API in JSON, like its other errors; the site's own page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return page_not_found(request, exception)
