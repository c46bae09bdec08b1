"""Email in the recipient's language, from a template trio: `<name>_subject.txt`,
`<name>.txt` and `<name>.html`. Sent once the transaction that asked for it commits, so
that a rolled-back change sends nothing."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


def render_email(template: str, context: dict, language: str) -> tuple[str, str, str]:
    with translation.override(language):
        context = {"site_name": settings.NATVERK_SITE_NAME, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    return subject, text, html


def email_send(*, to: str, template: str, context: dict, language: str = "sv") -> None:
    subject, text, html = render_email(template, context, language)

    def send() -> None:
        message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
        message.attach_alternative(html, "text/html")
        message.send()

    transaction.on_commit(send)
