from django.urls import path

from natverk.access import views

app_name = "access"

urlpatterns = [
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("logga-ut/", views.LogoutView.as_view(), name="logout"),
    path("", views.profile, name="profile"),
    path("losenord/", views.PasswordResetView.as_view(), name="password_reset"),
    path("losenord/skickat/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "losenord/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "losenord/klart/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    path("inbjudan/<uidb64>/<token>/", views.InvitationView.as_view(), name="invitation"),
    path("inbjudan/klart/", views.invitation_complete, name="invitation_complete"),
]
