from django.urls import path

from sportello.moderation import views

app_name = "moderation"

urlpatterns = [
    path("moderazione/", views.queue, name="queue"),
    path("moderazione/revisioni/<int:review_id>/", views.review_detail, name="review"),
    path("moderazione/revisioni/<int:review_id>/decisione", views.review_decide, name="decide"),
    path("moderazione/cittadini/<int:citizen_id>/", views.citizen_detail, name="citizen"),
    path("moderazione/cittadini/<int:citizen_id>/<str:action>", views.citizen_action, name="citizen-action"),
    path("moderazione/messaggi/<int:message_id>/<str:action>", views.message_action, name="message-action"),
    path("moderazione/prove", views.export_evidence, name="export"),
    path("moderazione/allegati/<int:attachment_id>", views.quarantine_attachment, name="attachment"),
]
