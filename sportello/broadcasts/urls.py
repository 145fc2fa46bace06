from django.urls import path

from sportello.broadcasts import views

# The campaign pages (composer, preview, actions, report) are the console's: sportello.campaigns.
urlpatterns = [
    path("bollettino/", views.bulletin_index, name="bulletin-index"),
    path("bollettino/<slug:slug>/", views.bulletin_page, name="bulletin-page"),
    path("bollettino/<slug:slug>/feed.atom", views.BulletinFeed(), name="bulletin-feed"),
    path("campagne/<int:pk>/rapporto.csv", views.campaign_report_csv, name="campaign-report-csv"),
]
