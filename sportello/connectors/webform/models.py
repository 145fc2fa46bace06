"""The web form's own records: a municipality's form (its settings), each submission's reference and tracking
token, and the files citizens attached (kept encrypted until the ingest worker turns them into attachments)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sportello.core.fields import EncryptedBinaryField, EncryptedTextField
from sportello.core.scoping import TenantManager

DEFAULT_CATEGORIES = [  # shown, and recorded, in the citizen's language (as «Altro / non so» is)
    _("Segnalazione di un problema"),
    _("Richiesta di informazioni"),
    _("Reclamo"),
    _("Suggerimento"),
    _("Altro"),
]


class WebForm(models.Model):
    """The public form at /assistenza/ of one municipality. Its inbound events carry this row's id."""

    account = models.OneToOneField(
        "municipalities.ChannelAccount", on_delete=models.CASCADE, related_name="webform"
    )
    enabled = models.BooleanField(_("modulo pubblicato"), default=True)
    categories = models.JSONField(
        _("categorie"), default=list, blank=True,
        help_text=_(
            "Elenco di voci tra cui il cittadino sceglie. Vuoto: le categorie dei servizi del comune, "
            "oppure un elenco generico."
        ),
    )
    max_attachments = models.PositiveSmallIntegerField(_("numero massimo di allegati"), default=3)
    max_attachment_mb = models.PositiveSmallIntegerField(_("dimensione massima di un allegato (MB)"), default=10)
    max_message_chars = models.PositiveIntegerField(_("lunghezza massima del messaggio"), default=4000)
    privacy_text = models.TextField(
        _("informativa breve"), blank=True,
        help_text=_("Mostrata sopra la casella del consenso. Vuoto: un testo con i dati del comune."),
    )
    privacy_url = models.URLField(
        _("informativa completa (indirizzo)"), blank=True,
        help_text=_("La pagina del comune con l'informativa completa. Vuoto: la pagina generata da Sportello."),
    )
    reply_from = models.EmailField(
        _("mittente delle risposte"), blank=True,
        help_text=_(
            "Usato se il comune non ha una casella di posta in Sportello. Vuoto: il mittente predefinito "
            "dell'installazione."
        ),
    )

    objects = TenantManager("account__municipality")

    class Meta:
        verbose_name = _("modulo web")
        verbose_name_plural = _("moduli web")

    def __str__(self) -> str:
        return f"{self.account.municipality} · {self.account.label}"

    @property
    def municipality(self):  # type: ignore[no-untyped-def]
        return self.account.municipality

    @property
    def max_attachment_bytes(self) -> int:
        return int(self.max_attachment_mb) * 1024 * 1024


class Submission(models.Model):
    """One request sent through the form: its public reference and the secret that opens its tracking page.

    The content itself travels in the (encrypted) InboundEvent and becomes a Message; the message is found again
    by its external id, which is this reference.
    """

    webform = models.ForeignKey(WebForm, on_delete=models.CASCADE, related_name="submissions")
    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    number = models.PositiveIntegerField()
    reference = models.CharField(_("riferimento"), max_length=40)
    # The tracking token is kept (encrypted) so that every e-mailed reply can carry the link again; it is found
    # by its blind index, never by a clear-text column.
    token = EncryptedTextField()
    token_index = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(_("inviata il"), auto_now_add=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("richiesta dal modulo web")
        verbose_name_plural = _("richieste dal modulo web")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year", "number"], name="webform_one_number_per_year"),
        ]

    def __str__(self) -> str:
        return self.reference


class Upload(models.Model):
    """A file attached to a submission, checked by content and kept encrypted until `fetch_media` hands it to
    the inbound pipeline (which stores it as any other channel's attachment)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="uploads")
    media_id = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=20)
    filename = models.CharField(max_length=255)
    mime_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    content = EncryptedBinaryField()

    objects = TenantManager("submission__municipality")

    class Meta:
        verbose_name = _("allegato dal modulo web")
        verbose_name_plural = _("allegati dal modulo web")

    def __str__(self) -> str:
        return self.filename
