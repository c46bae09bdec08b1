"""What visitors of the public site may send: a message to whoever runs it."""

from django.db import transaction

from natverk.core.outbox import email_queue
from natverk.core.selectors import site_identity


@transaction.atomic
def contact_send(*, name: str, email: str, message: str, language: str) -> bool:
    """Queue the message to the site's contact address, with the sender's address to
    answer to; False when the site has no contact address. Nothing of it is shown on
    any page."""
    to = site_identity().contact_email
    if not to:
        return False
    email_queue(
        to=to,
        template="publishing/email/contact",
        context={"sender_name": name, "sender_email": email, "message": message},
        kind="publishing.contact",
        language=language,
    )
    return True
