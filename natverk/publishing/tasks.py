"""The public site's background work: memberships that begin or end on a later day enter
or leave the search and the pages on that day, without anything run from cron."""

import datetime

from django.utils import timezone
from django_tasks import task


@task()
def search_refresh_due(network_ids: list[int]) -> int:
    """Rebuild the search text of networks whose members changed today, and retire
    their pages."""
    from natverk.publishing.caching import NETWORKS, ORGANISATIONS, network_scope, pages_changed
    from natverk.publishing.search import documents_refresh
    from natverk.registry.models import Network

    count = documents_refresh(network_ids)
    slugs = Network.objects.filter(pk__in=network_ids).values_list("slug", flat=True)
    pages_changed({NETWORKS, ORGANISATIONS, *(network_scope(slug) for slug in slugs)})
    return count


def search_refresh_on(network_id: int, days: list[datetime.date | None]) -> None:
    """Queue the rebuild for each later day on which a membership of the network starts
    or stops holding (the day after its last day). A backend that cannot wait leaves it
    to the nightly rebuild."""
    if not search_refresh_due.get_backend().supports_defer:
        return
    today = timezone.localdate()
    zone = timezone.get_current_timezone()
    for day in sorted({d for d in days if d is not None and d > today}):
        midnight = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), zone)
        search_refresh_due.using(run_after=midnight).enqueue([network_id])
