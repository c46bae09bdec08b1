from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from natverk.access.tasks import password_reset_send
from natverk.core.selectors import link_base_url
from natverk.people.enums import Language


class EmailLoginForm(AuthenticationForm):
    """Log in with email and password."""

    username = forms.CharField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _("The email address or the password is wrong."),
        "inactive": _("This account is not active."),
    }


class LanguagePasswordResetForm(PasswordResetForm):
    """Asking for a new password queues the sending (`access.tasks`), so that the answer
    is the same, in the same time, whether or not the address has an account. The link
    goes out in the language the person prefers."""

    def save(self, *args, request=None, use_https=False, **kwargs):
        password_reset_send.enqueue(
            email=self.cleaned_data["email"], base_url=link_base_url(request)
        )


class ProfileForm(forms.Form):
    preferred_language = forms.ChoiceField(
        label=_("Language of the site and of emails to you"), choices=Language.choices
    )
