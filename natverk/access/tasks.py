"""A new password by email, in the background: the form answers the same, in the same
time, whether or not an account has the address, because all it does is queue this task;
finding the account and writing the email happen here, in the worker."""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from natverk.core.outbox import email_queue


def reset_accounts(email: str) -> list:
    """The active accounts a new password may be sent to for the address."""
    users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
    return [user for user in users if user.has_usable_password() or hasattr(user, "person")]


@task()
def password_reset_send(email: str, base_url: str) -> int:
    """Queue the link to choose a new password, in each account's language, to the
    accounts with the address; returns how many (none for an unknown address)."""
    sent = 0
    for user in reset_accounts(email):
        person = getattr(user, "person", None)
        language = person.preferred_language if person else "sv"
        path = reverse(
            "access:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        email_queue(
            to=user.email,
            kind="access.password_reset",
            template="access/email/password_reset",
            context={"user": user, "person": person, "link": base_url + path},
            language=language,
        )
        sent += 1
    return sent
