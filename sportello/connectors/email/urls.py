from django.urls import path

from sportello.connectors.email import sandbox

app_name = "email"

urlpatterns = [
    path("", sandbox.page, name="sandbox"),
]
