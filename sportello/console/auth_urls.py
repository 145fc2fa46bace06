"""Django's own login, logout, password change and reset views, at Italian paths, with the console's templates.

Names are Django's defaults (login, logout, password_change, password_reset, …), so `{% url 'login' %}` and
LOGIN_URL work as everywhere.
"""

from django.contrib.auth import views as auth
from django.urls import path, reverse_lazy

from sportello.core.ratelimit import limited_post

urlpatterns = [
    path("accesso/", auth.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accesso/esci/", auth.LogoutView.as_view(), name="logout"),
    path("profilo/password/", auth.PasswordChangeView.as_view(), name="password_change"),
    path("profilo/password/fatto/", auth.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "accesso/password-dimenticata/",
        limited_post("password-reset", account_field="email")(auth.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path("accesso/password-dimenticata/inviata/", auth.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accesso/reimposta/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(success_url=reverse_lazy("password_reset_complete")),
        name="password_reset_confirm",
    ),
    path("accesso/reimposta/fatto/", auth.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
