from django.urls import path

from sportello.connectors.desk import views

app_name = "desk"

urlpatterns = [
    path("contatti/registra/", views.record, name="record"),
    path("contatti/cerca-cittadino/", views.lookup, name="lookup"),
]
