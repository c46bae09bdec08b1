"""What the running site tells its operator: one JSON line per request and per task, with
its duration. The lines carry no personal data: a request is logged by its route (the
address pattern, `natverk/<slug:slug>/`), never by its address or query string, which can
hold a token; a task by its name."""

import json
import logging
import time

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

request_log = logging.getLogger("natverk.request")
task_log = logging.getLogger("natverk.task")


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON: time, level, logger, message and its fields."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": timezone.now().isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def _route(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "(unresolved)"
    return "/" + match.route


class RequestLogMiddleware:
    """One line per request: method, route, view, status, duration, how the page cache
    answered, and whether the visitor was signed in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        request_log.info(
            "request",
            extra={
                "fields": {
                    "method": request.method,
                    "route": _route(request),
                    "view": match.view_name if match else "",
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "page_cache": request.META.get("natverk.page_cache", ""),
                    "signed_in": bool(user and user.is_authenticated),
                }
            },
        )
        return response


def task_finished_log(sender, task_result, **kwargs) -> None:
    """One line per task, when it ends: its name, outcome and duration."""
    started, finished = task_result.started_at, task_result.finished_at
    duration = (finished - started).total_seconds() * 1000 if started and finished else None
    task_log.info(
        "task",
        extra={
            "fields": {
                "task": task_result.task.name,
                "status": str(task_result.status),
                "duration_ms": round(duration, 1) if duration is not None else None,
                "attempt": getattr(task_result, "attempts", None),
            }
        },
    )
