from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404

from sportello.conversations.models import Attachment, Conversation
from sportello.core.audit import audit
from sportello.core.security import serve_attachment


@login_required
def attachment_file(request: HttpRequest, attachment_id: int) -> FileResponse:
    """Citizens' media, only for staff of the municipality that received it; every download is audited."""
    attachment = get_object_or_404(
        Attachment.objects.select_related("message__municipality"),
        pk=attachment_id,
        message__conversation__in=Conversation.objects.visible_to(request.user),
        message__hidden_at__isnull=True,  # quarantined media: moderation's own view, moderators only
    )
    if not attachment.file:
        raise Http404("not downloaded yet")
    audit("attachment.downloaded", actor=request.user, municipality=attachment.message.municipality, target=attachment)
    return serve_attachment(attachment.file.open("rb"), attachment.mime_type, attachment.filename)
