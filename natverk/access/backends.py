from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Log in with an email address (any case) and password; a plain user name, such as
    the local administrator's, works too."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        users = get_user_model()._default_manager
        if "@" in username:
            user = users.filter(email__iexact=username.strip()).order_by("pk").first()
        else:
            user = users.filter(username=username).first()
        if user is None:
            users.model().set_password(password)  # take as long as a real check
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
