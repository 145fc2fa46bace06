from django.contrib import admin
from django.urls import include, path

from sportello.api.v1 import api
from sportello.connectors.whatsapp.views import webhook
from sportello.connectors.telegram.views import webhook as telegram_webhook
from sportello.conversations.views import attachment_file

admin.site.site_header = "Sportello"
admin.site.site_title = "Sportello"

urlpatterns = [
    path("", include("sportello.console.auth_urls")),  # login, logout, password change and reset (console)
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: the user menu's language switch
    path("webhooks/whatsapp", webhook, name="whatsapp-webhook"),
    path("webhooks/telegram", telegram_webhook, name="telegram-webhook"),
    path("api/v1/", api.urls),
    path("", include("sportello.api.urls")),  # the console's API-token page
    path("attachments/<int:attachment_id>", attachment_file, name="attachment-file"),
    path("assistenza/", include("sportello.connectors.webform.urls")),  # the public web form
    path("", include("sportello.policies.urls")),
    path("", include("sportello.broadcasts.urls")),
    path("", include("sportello.cases.urls")),
    path("", include("sportello.moderation.urls")),
    path("sandbox-email/", include("sportello.connectors.email.urls")),  # the demo's mail client (capture only)
    path("", include("sportello.connectors.desk.urls")),
    path("", include("sportello.knowledge.urls")),
    path("", include("sportello.reports.urls")),
    path("", include("sportello.survey.urls")),  # the public survey page (signed links)
    path("", include("sportello.privacy.urls")),  # data-subject requests, record of processing (supervisors)
    path("", include("sportello.configuration.urls")),  # settings pages (supervisors, administrators)
    path("", include("sportello.connectors.whatsapp.urls")),  # settings: WhatsApp message templates from Meta
    path("", include("sportello.organisation.urls")),  # settings: lists, departments, staff, moderation
    path("", include("sportello.firstrun.urls")),  # the setup page of an empty installation, municipality logos
    path("", include("sportello.campaigns.urls")),  # campaign composer, progress and report (console)
    path("", include("sportello.console.urls")),
]
