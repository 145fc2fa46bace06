from django.urls import path

from sportello.connectors.webform import views

app_name = "webform"

urlpatterns = [
    path("", views.form_view, name="form"),
    path("privacy/", views.privacy_view, name="privacy"),
    path("stato/<str:token>/", views.tracking_view, name="tracking"),
    path("<slug:slug>/", views.form_view, name="form_town"),
    path("<slug:slug>/privacy/", views.privacy_view, name="privacy_town"),
]
