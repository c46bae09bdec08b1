"""The API's one setup of Django REST Framework: who may do what (anyone may read, nobody
writes), how fast (per client), how lists are paged (by cursor), and what an error says
(a JSON body naming the problem, never a 500 for bad input). The settings name these
classes; views add nothing of their own."""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle


class PublicReadOnly(BasePermission):
    """Anyone may read the public register. A method a view does not offer is let through
    here only to be refused as not allowed (405), which says more than a 403 would."""

    def has_permission(self, request: Request, view) -> bool:
        method = request.method or ""
        return method in SAFE_METHODS or not hasattr(view, method.lower())


class PerClientThrottle(SimpleRateThrottle):
    """`NATVERK_API_RATE` requests per client address, signed in or not. The address is
    read past `NATVERK_TRUSTED_PROXIES` reverse proxies (REST_FRAMEWORK["NUM_PROXIES"])."""

    scope = "public"

    def get_rate(self) -> str:
        return settings.NATVERK_API_RATE

    def get_cache_key(self, request: Request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PublicCursorPagination(CursorPagination):
    """Pages of at most `max_page_size` by an opaque cursor, in the view's `ordering`
    or one of its `ordering_fields` (`?ordering=-name`). A page size or an ordering that
    is not offered is refused, not quietly replaced; a cursor that was not made here is
    refused as invalid."""

    page_size = 100
    max_page_size = 500
    page_size_query_param = "page_size"
    ordering_query_param = "ordering"
    template = None

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        _("Give a whole number from 1 to %(most)d.") % {"most": self.max_page_size}
                    ]
                }
            )
        return int(raw)

    def get_ordering(self, request: Request, queryset: QuerySet, view) -> tuple[str, ...]:
        default = tuple(view.ordering)
        raw = request.query_params.get(self.ordering_query_param)
        if raw is None:
            return default
        if raw.lstrip("-") not in view.ordering_fields or raw.count("-") > 1:
            raise exceptions.ValidationError(
                {
                    self.ordering_query_param: [
                        _("Order by one of: %(fields)s.")
                        % {"fields": ", ".join(ordering_choices(view))}
                    ]
                }
            )
        return (raw, "-pk" if raw.startswith("-") else "pk")

    def paginate_queryset(self, queryset: QuerySet, request: Request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValueError, TypeError, DjangoValidationError) as error:
            # A cursor that decodes, but to a position of the wrong type for the
            # ordering (text where a number or a time is kept): not one of ours.
            raise exceptions.NotFound(self.invalid_cursor_message) from error

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
                parameter["description"] = _("How many results a page holds (1–%(most)d).") % {
                    "most": self.max_page_size
                }
        parameters.append(
            {
                "name": self.ordering_query_param,
                "required": False,
                "in": "query",
                "description": _("The order of the results; a leading '-' reverses it."),
                "schema": {"type": "string", "enum": ordering_choices(view)},
            }
        )
        return parameters


def ordering_choices(view) -> list[str]:
    return [choice for field in view.ordering_fields for choice in (field, f"-{field}")]


def refuse_unknown_parameters(request: Request, allowed: set[str]) -> None:
    """A parameter the endpoint does not know is an error, not something to ignore: a
    misspelt filter would otherwise return everything. So is one without a value."""
    errors = {
        name: [_("Unknown parameter.")] for name in request.query_params if name not in allowed
    }
    # An empty value would otherwise be taken as no filter at all.
    errors.update(
        {
            name: [_("Give a value, or leave the parameter out.")]
            for name, values in request.query_params.lists()
            if name in allowed and any(value == "" for value in values)
        }
    )
    if errors:
        raise exceptions.ValidationError(dict(sorted(errors.items())))


def exception_handler(exc, context) -> Response | None:
    """Every error as {"detail": "…"}; invalid parameters also say which and why, as
    {"detail": "…", "errors": {"page_size": ["…"]}}."""
    # Imported here: REST framework's views read the settings, which name this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"": response.data}
        response.data = {"detail": _("The request has invalid parameters."), "errors": errors}
    return response


ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong."},
        "errors": {
            "type": "object",
            "description": "For invalid parameters: each parameter and what is wrong with it.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["detail"],
}

ERROR_RESPONSES = {
    "400": "Invalid or unknown parameters.",
    "404": "No such object, or an invalid cursor.",
    "405": "Only GET and HEAD are offered.",
    "406": "Only JSON is offered.",
    "429": "Too many requests from this client; Retry-After says when to try again.",
}


def add_conventions_to_schema(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook: the error body every operation may answer
    with, the revalidation headers of its answers, 304 Not Modified, and that a parameter
    given is never empty."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    headers = {
        "ETag": {"schema": {"type": "string"}, "description": "Revalidate with If-None-Match."},
        "Last-Modified": {
            "schema": {"type": "string"},
            "description": "Revalidate with If-Modified-Since.",
        },
    }
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if parameter["in"] == "query" and schema.get("type") == "string":
                    schema.setdefault("minLength", 1)
            responses = operation.setdefault("responses", {})
            if "200" in responses:
                responses["200"].setdefault("headers", {}).update(headers)
            responses["304"] = {"description": "Not modified since the copy the client has."}
            for code, description in ERROR_RESPONSES.items():
                responses.setdefault(code, {"description": description, "content": error})
    return result
