from django.urls import path

from sportello.reports import views

app_name = "reports"

urlpatterns = [
    path("statistiche/", views.dashboard, name="dashboard"),
    path("statistiche/esporta/<str:kind>.<str:fmt>", views.export, name="export"),
    path("statistiche/dati-aperti.csv", views.open_data, name="open_data"),
    path("statistiche/relazione.pdf", views.council_report, name="council_report"),
]
