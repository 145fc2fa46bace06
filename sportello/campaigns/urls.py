from django.urls import path

from sportello.campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("campagne/", views.campaign_list, name="list"),
    path("campagne/nuova/", views.campaign_new, name="new"),
    path("campagne/modello/", views.template_fragment, name="template_part"),
    path("campagne/<int:pk>/", views.campaign_detail, name="detail"),
    path("campagne/<int:pk>/anteprima/", views.campaign_detail, name="preview"),  # the address before the console
    path("campagne/<int:pk>/modifica/", views.campaign_edit, name="edit"),
    path("campagne/<int:pk>/azione/<slug:action>/", views.campaign_action, name="action"),
    path("campagne/<int:pk>/avanzamento/", views.campaign_progress, name="progress"),
    path("campagne/<int:pk>/rapporto/", views.campaign_report, name="report"),
]
