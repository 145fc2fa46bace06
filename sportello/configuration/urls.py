from django.urls import path

from sportello.configuration.views import channels, commands, emergency, hours, hub

app_name = "configuration"

urlpatterns = [
    path("impostazioni/", hub.hub, name="hub"),
    path("impostazioni/orari/", hours.hours, name="hours"),
    path("impostazioni/emergenza/", emergency.emergency, name="emergency"),
    path("impostazioni/canali/", channels.channels, name="channels"),
    path("impostazioni/canali/<int:pk>/", channels.channel_edit, name="channel_edit"),
    path("impostazioni/rinvii/nuovo/", channels.redirect_edit, name="redirect_new"),
    path("impostazioni/rinvii/<int:pk>/", channels.redirect_edit, name="redirect_edit"),
    path("impostazioni/rinvii/<int:pk>/elimina/", channels.redirect_delete, name="redirect_delete"),
    path("impostazioni/comandi/", commands.commands, name="commands"),
    path("impostazioni/comandi/nuovo/", commands.command_edit, name="command_new"),
    path("impostazioni/comandi/prova/", commands.command_try, name="command_try"),
    path("impostazioni/comandi/<int:pk>/", commands.command_edit, name="command_edit"),
    path("impostazioni/comandi/<int:pk>/elimina/", commands.command_delete, name="command_delete"),
]
