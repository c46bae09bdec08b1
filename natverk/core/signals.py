"""Signals the apps above `core` listen to."""

from django.dispatch import Signal

# Sent inside the transaction of a restore (`core.backup.restore_read`), once every row
# is back: what is derived from the rows (the search index, cached pages) is made anew.
installation_restored = Signal()
