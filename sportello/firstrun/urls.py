from django.urls import path

from sportello.firstrun import views

app_name = "firstrun"

urlpatterns = [
    path("configurazione-iniziale/", views.setup, name="setup"),
    path("comuni/<slug:slug>/logo", views.logo, name="logo"),
]
