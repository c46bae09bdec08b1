from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def normalised_login(typed: str) -> str:
    """An email address in any case is one login; a plain user name is as typed."""
    typed = typed.strip()
    return typed.casefold() if "@" in typed else typed


class EmailBackend(ModelBackend):
    """Log in with an email address (any case) and password; a plain user name, such as
    the local administrator's, works too.

    It grants no permissions: Django's permission tables are not how this site decides,
    `access/rules.py` is (through the rules backend)."""

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        users = get_user_model()._default_manager
        username = normalised_login(username)
        if "@" in username:
            user = users.filter(email__iexact=username).order_by("pk").first()
        else:
            user = users.filter(username=username).first()
        if user is None:
            users.model().set_password(password)  # take as long as a real check
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
