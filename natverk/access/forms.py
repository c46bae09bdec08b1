from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from natverk.core.outbox import email_queue
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
    """The reset link goes out in the language the person prefers, whatever the language
    of the page it was asked for on."""

    def get_users(self, email):
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (user for user in users if user.has_usable_password() or hasattr(user, "person"))

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):  # fmt: skip
        person = getattr(context["user"], "person", None)
        language = person.preferred_language if person else "sv"
        link = "{protocol}://{domain}{path}".format(
            protocol=context["protocol"],
            domain=context["domain"],
            path=self.reset_path(context),
        )
        email_queue(
            to=to_email,
            kind="access.password_reset",
            template="access/email/password_reset",
            context={"user": context["user"], "person": person, "link": link},
            language=language,
        )

    def reset_path(self, context) -> str:
        from django.urls import reverse

        return reverse(
            "access:password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )


class ProfileForm(forms.Form):
    preferred_language = forms.ChoiceField(
        label=_("Language of the site and of emails to you"), choices=Language.choices
    )
