from django.urls import path

from sportello.console import auth_views, citizen_views, label_views, linking, notification_views, stream, views

app_name = "console"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("conversazioni/", views.conversation_list, name="conversation_list"),
    path("conversazioni/<int:pk>/", views.conversation, name="conversation"),
    path("conversazioni/<int:pk>/dettagli/", views.conversation_details, name="details"),
    path("conversazioni/<int:pk>/messaggi/", views.conversation_messages, name="messages"),
    path("conversazioni/<int:pk>/invia/", views.send, name="send"),
    path("conversazioni/<int:pk>/modello/", views.send_template, name="send_template"),
    path("conversazioni/<int:pk>/modello/campi/", views.template_fields, name="template_fields"),
    path("conversazioni/<int:pk>/risposte-rapide/<int:reply_id>/", views.canned_text, name="canned_text"),
    path("conversazioni/<int:pk>/assegna/", views.assign, name="assign"),
    path("conversazioni/<int:pk>/stato/", views.change_state, name="state"),
    path("conversazioni/<int:pk>/letto/", views.mark_read, name="read"),
    path("conversazioni/<int:pk>/presenza/", views.presence, name="presence"),
    path("conversazioni/<int:pk>/collega/", linking.search, name="link_search"),
    path("conversazioni/<int:pk>/collega/<int:citizen_id>/", linking.confirm, name="link_confirm"),
    path("conversazioni/<int:pk>/collegamenti/<int:link_id>/annulla/", linking.undo, name="link_undo"),
    path("allegati/<int:attachment_id>/riprova/", views.retry_attachment, name="retry_attachment"),
    path("conversazioni/<int:pk>/etichette/", label_views.toggle, name="label_toggle"),
    path("etichette/", label_views.manage, name="labels"),
    path("etichette/<int:label_id>/", label_views.edit, name="label_edit"),
    path("cittadini/<int:citizen_id>/", citizen_views.citizen, name="citizen"),
    path("notifiche/", notification_views.summary, name="notifications"),
    path("eventi/", stream.events, name="events"),
    path("risposte-rapide/", views.canned_list, name="canned_list"),
    path("risposte-rapide/<int:reply_id>/", views.canned_edit, name="canned_edit"),
    path("accesso/due-passaggi/", auth_views.enrol, name="otp_enrol"),
    path("accesso/verifica/", auth_views.verify, name="otp_verify"),
    path("profilo/sicurezza/", auth_views.security, name="two_factor"),
]
