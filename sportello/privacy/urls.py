from django.urls import path

from sportello.privacy import views

app_name = "privacy"

urlpatterns = [
    path("privacy/", views.records, name="records"),
    path("privacy/<str:name>.<str:fmt>", views.document, name="document"),
    path("privacy/cittadini/<int:citizen_id>/", views.citizen_page, name="citizen"),
    path("privacy/cittadini/<int:citizen_id>/esporta.<str:fmt>", views.export, name="export"),
    path("privacy/cittadini/<int:citizen_id>/richieste/", views.act, name="act"),
    path("privacy/cittadini/<int:citizen_id>/cancella/", views.erase, name="erase"),
]
