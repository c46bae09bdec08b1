"""Asking the rules from a view: one call that refuses with 403."""

from django.core.exceptions import PermissionDenied


def require(user, permission: str, obj=None) -> None:
    """Raise PermissionDenied unless `access/rules.py` lets the user do it."""
    if not user.has_perm(permission, obj):
        raise PermissionDenied
