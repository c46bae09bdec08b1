from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy, translate_url
from django.utils.translation import gettext as _
from django.views.generic.base import ContextMixin

from natverk.access.forms import EmailLoginForm, LanguagePasswordResetForm, ProfileForm
from natverk.access.roles import person_of
from natverk.access.throttling import spraying_from
from natverk.core.history import save_recorded
from natverk.core.selectors import site_identity


class SiteNamed(ContextMixin):
    """Django's account views name the site by the address it was asked for; these pages
    name it as the installation does."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.pop("site", None)
        context["site_name"] = site_identity().name
        return context


class LoginView(SiteNamed, auth_views.LoginView):
    template_name = "access/login.html"
    authentication_form = EmailLoginForm
    redirect_authenticated_user = True
    extra_context = {"section": "member"}

    def post(self, request, *args, **kwargs):
        if spraying_from(request):
            return locked_out(request)
        return super().post(request, *args, **kwargs)

    def get_success_url(self):
        url = super().get_success_url()
        person = person_of(self.request.user)
        # The member area opens in the language the person chose.
        return translate_url(url, person.preferred_language) if person else url


class LogoutView(SiteNamed, auth_views.LogoutView):
    pass


class PasswordResetView(SiteNamed, auth_views.PasswordResetView):
    template_name = "access/password_reset.html"
    form_class = LanguagePasswordResetForm
    success_url = reverse_lazy("access:password_reset_done")


class PasswordResetDoneView(SiteNamed, auth_views.PasswordResetDoneView):
    template_name = "access/password_reset_done.html"


class PasswordResetConfirmView(SiteNamed, auth_views.PasswordResetConfirmView):
    template_name = "access/password_reset_confirm.html"
    success_url = reverse_lazy("access:password_reset_complete")


class PasswordResetCompleteView(SiteNamed, auth_views.PasswordResetCompleteView):
    template_name = "access/password_reset_complete.html"


class InvitationView(SiteNamed, auth_views.PasswordResetConfirmView):
    """An invitation from the secretariat: choose a password, then log in. The link is a
    password-reset token, so it stops working once a password is set."""

    template_name = "access/invitation.html"
    success_url = reverse_lazy("access:invitation_complete")
    reset_url_token = "konto"  # noqa: S105 - the name of a URL part, not a password


def invitation_complete(request):
    return render(request, "access/invitation_complete.html")


@login_required
def profile(request):
    person = person_of(request.user)
    form = ProfileForm(
        request.POST or None,
        initial={"preferred_language": person.preferred_language if person else "sv"},
    )
    if request.method == "POST" and form.is_valid() and person is not None:
        person.preferred_language = form.cleaned_data["preferred_language"]
        person.full_clean()
        save_recorded(person, reason="language chosen by the person")
        messages.success(request, _("Your choice was saved."))
        return redirect(translate_url(reverse("access:profile"), person.preferred_language))
    return render(
        request, "access/profile.html", {"form": form, "person": person, "section": "member"}
    )


def locked_out(request, credentials=None, *args, **kwargs):
    return render(request, "access/locked_out.html", status=429)
