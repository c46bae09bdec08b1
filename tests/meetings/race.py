"""Two people saying yes to the last place at the same moment, each on their own database
connection, in their own thread: each transaction stays open a while after registering,
so that without the meeting's lock both would count the place as free."""

import threading
import time

from django.core.exceptions import ValidationError
from django.db import connection, transaction

HOLD_SECONDS = 0.5


def race(invitation_pks: list[int], replies: dict) -> dict[int, str]:
    """Each invitation answers yes at once; returns, by invitation, "registered",
    "waiting" or the message of the refusal."""
    from natverk.meetings.models import Invitation, Registration
    from natverk.meetings.services import invitation_answer

    start = threading.Barrier(len(invitation_pks))
    outcomes: dict[int, str] = {}

    def one(pk: int) -> None:
        try:
            invitation = Invitation.objects.get(pk=pk)
            start.wait()
            with transaction.atomic():
                invitation_answer(invitation=invitation, answer="yes", replies=replies)
                time.sleep(HOLD_SECONDS)  # still uncommitted: the other comes now
            outcomes[pk] = Registration.objects.get(invitation_id=pk).status
        except ValidationError as error:
            outcomes[pk] = " ".join(error.messages)
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(pk,)) for pk in invitation_pks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


if __name__ == "__main__":
    # Run against a SQLite file, as the site runs on it (DATABASE_URL in the environment).
    import json
    import sys

    import django

    django.setup()
    pks, replies = json.loads(sys.argv[1]), json.loads(sys.argv[2])
    from django.utils import translation

    translation.activate("sv")
    result = race(pks, {int(k): v for k, v in replies.items()})
    print(json.dumps({str(k): v for k, v in result.items()}))
