from django.urls import include, path

from sportello.cases import views

app_name = "cases"

urlpatterns = [
    path("pratiche/", views.case_list, name="list"),
    path("pratiche/mappa/", views.case_map, name="map"),
    path("pratiche/mappa/segnalazioni.geojson", views.map_data, name="map_data"),
    path("pratiche/<int:pk>/", views.case_detail, name="detail"),
    path("pratiche/<int:pk>/stato", views.case_state, name="state"),
    path("pratiche/<int:pk>/note", views.case_note, name="note"),
    path("pratiche/<int:pk>/assegna", views.case_assign, name="assign"),
    path("pratiche/<int:pk>/servizio", views.case_department, name="department"),
    path("pratiche/<int:pk>/posizione", views.case_location, name="location"),
    path("pratiche/<int:pk>/allegati", views.case_upload, name="upload"),
    path("pratiche/<int:pk>/allegati/<int:attachment_id>", views.case_attachment, name="attachment"),
    path("conversazioni/<int:conversation_id>/pratica/nuova", views.open_case, name="open"),
    path("conversazioni/<int:conversation_id>/pratica/conferma", views.confirm_suggestion, name="confirm"),
    path("open311/v2/", include("sportello.cases.open311.urls")),
]
