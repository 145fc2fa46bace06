from django.urls import path

from sportello.connectors.whatsapp import template_views

app_name = "whatsapp"

urlpatterns = [
    path("impostazioni/modelli-whatsapp/", template_views.templates_page, name="templates"),
    path("impostazioni/modelli-whatsapp/<int:pk>/sincronizza/", template_views.sync_now, name="templates_sync"),
]
