from django.urls import path

from sportello.broadcasts import views

urlpatterns = [
    path("bollettino/", views.bulletin_index, name="bulletin-index"),
    path("bollettino/<slug:slug>/", views.bulletin_page, name="bulletin-page"),
    path("bollettino/<slug:slug>/feed.atom", views.BulletinFeed(), name="bulletin-feed"),
    path("campagne/<int:pk>/anteprima/", views.campaign_preview, name="campaign-preview"),
    path("campagne/<int:pk>/azione/<slug:action>/", views.campaign_action, name="campaign-action"),
    path("campagne/<int:pk>/rapporto/", views.campaign_report, name="campaign-report"),
    path("campagne/<int:pk>/rapporto.csv", views.campaign_report_csv, name="campaign-report-csv"),
]
