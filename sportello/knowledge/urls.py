from django.urls import path

from sportello.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("conversazioni/<int:pk>/conoscenza/<int:entry_id>/inserisci/", views.insert, name="insert"),
    path("conoscenza/", views.entry_list, name="list"),
    path("conoscenza/nuova/", views.entry_create, name="create"),
    path("conoscenza/importa/", views.import_entries, name="import"),
    path("conoscenza/impostazioni/<int:municipality_id>/", views.update_settings, name="settings"),
    path("conoscenza/<int:entry_id>/", views.entry_edit, name="edit"),
    path("conoscenza/<int:entry_id>/attiva/", views.entry_toggle, name="toggle"),
]
