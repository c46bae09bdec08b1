"""The kinds of message the outbox carries. Each app registers its own when it is ready:
a label for the back office and, for a message made when it is sent, the builder that
makes it from what it is about."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from django.core.mail import EmailMessage

    from natverk.core.models import OutgoingMessage

    Builder = Callable[[OutgoingMessage], EmailMessage]


@dataclass(frozen=True)
class MessageKind:
    name: str
    label: "str | Promise"
    # Makes the email when it is sent; None for a message written in full when queued.
    build: "Builder | None" = None


_kinds: dict[str, MessageKind] = {}


def message_kind_register(
    name: str, label: "str | Promise", build: "Builder | None" = None
) -> None:
    _kinds[name] = MessageKind(name=name, label=label, build=build)


def message_kind(name: str) -> MessageKind | None:
    return _kinds.get(name)


def message_kind_label(name: str) -> "str | Promise":
    kind = _kinds.get(name)
    return kind.label if kind else name
