"""Departments (servizi), their categories and staff; cases (pratiche) with history, notes and attachments;
routing suggestions and the suggester's learned state; Open311 API keys; the office calendar for due dates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sportello.core.fields import EncryptedJSONField
from sportello.core.scoping import TenantManager


class Department(models.Model):
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="departments", verbose_name=_("comune")
    )
    code = models.SlugField(_("codice"), max_length=60)
    name = models.CharField(_("nome"), max_length=150)
    description = models.TextField(_("descrizione"), blank=True)
    email = models.EmailField(_("e-mail per le notifiche"), blank=True)
    keywords = models.JSONField(
        _("parole chiave"), default=list, blank=True, help_text=_("Parole o brevi frasi che indicano il servizio.")
    )
    # The URP: its staff follow every case of the municipality, not only their own department's.
    coordinates = models.BooleanField(
        _("vede tutte le pratiche"), default=False,
        help_text=_("Il personale di questo servizio (per esempio l'URP) vede e gestisce tutte le pratiche del comune."),
    )
    fallback = models.BooleanField(
        _("riceve le richieste generiche"), default=False,
        help_text=_("Proposto per saluti, ringraziamenti e messaggi poco chiari."),
    )
    active = models.BooleanField(_("attivo"), default=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="DepartmentMembership", related_name="departments", blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("servizio")
        verbose_name_plural = _("servizi")
        ordering = ["municipality", "name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "code"], name="one_department_code_per_town")]

    def __str__(self) -> str:
        return self.name


class DepartmentMembership(models.Model):
    """A staff member working in a department; they must be staff of its municipality (checked in `clean`)."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="department_memberships")
    notify = models.BooleanField(_("riceve le e-mail delle nuove pratiche"), default=True)

    objects = TenantManager("department__municipality")

    class Meta:
        verbose_name = _("personale del servizio")
        verbose_name_plural = _("personale dei servizi")
        constraints = [models.UniqueConstraint(fields=["department", "user"], name="one_membership_per_department")]

    def __str__(self) -> str:
        return f"{self.user} · {self.department}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from sportello.municipalities.models import StaffMembership

        if not StaffMembership.objects.filter(user_id=self.user_id, municipality_id=self.department.municipality_id).exists():
            raise ValidationError(_("L'utente deve far parte dello staff del comune del servizio."))


class Category(models.Model):
    """A kind of request a department handles ("buche", "lampioni spenti"): keywords, target time, Open311."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="categories")
    code = models.SlugField(_("codice"), max_length=60)
    name = models.CharField(_("nome"), max_length=150)
    keywords = models.JSONField(_("parole chiave"), default=list, blank=True)
    target_hours = models.PositiveIntegerField(
        _("tempo obiettivo (ore lavorative)"), default=40,
        help_text=_("Ore di apertura degli uffici entro cui risolvere la pratica."),
    )
    # GeoReport v2 attributes (service definition): [{"code", "datatype", "required", "description", "values"…}]
    attributes = models.JSONField(_("attributi Open311"), default=list, blank=True)
    public = models.BooleanField(_("pubblicato su Open311"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager("department__municipality")

    class Meta:
        verbose_name = _("categoria")
        verbose_name_plural = _("categorie")
        ordering = ["department__name", "name"]
        constraints = [models.UniqueConstraint(fields=["department", "code"], name="one_category_code_per_department")]

    def __str__(self) -> str:
        return f"{self.department.name} · {self.name}"

    @property
    def service_code(self) -> str:
        return f"{self.department.code}-{self.code}"


class OfficeCalendar(models.Model):
    """When the offices work: opening hours per weekday and the local holidays (see `cases/calendar.py`)."""

    municipality = models.OneToOneField(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="office_calendar"
    )
    province = models.CharField(
        _("provincia"), max_length=4, blank=True,
        help_text=_("Sigla della provincia (per esempio CA) per il santo patrono dei capoluoghi."),
    )
    extra_holidays = models.JSONField(
        _("altre festività"), default=list, blank=True,
        help_text=_('Date "AAAA-MM-GG" o ricorrenze "MM-GG", per esempio il santo patrono.'),
    )
    hours = models.JSONField(
        _("orari"), default=dict, blank=True,
        help_text=_('Giorno (0 = lunedì) → fasce, per esempio {"0": [["09:00", "13:00"]]}. Vuoto: lun-ven 9-13.'),
    )

    objects = TenantManager()

    class Meta:
        verbose_name = _("calendario degli uffici")
        verbose_name_plural = _("calendari degli uffici")

    def __str__(self) -> str:
        return str(self.municipality)


class ReferenceCounter(models.Model):
    """The last reference number issued per municipality and year; locked while a case is created (gap-free)."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    objects = TenantManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "year"], name="one_counter_per_town_year")]


class Case(models.Model):
    class State(models.TextChoices):
        NEW = "new", _("nuova")
        ASSIGNED = "assigned", _("assegnata")
        IN_PROGRESS = "in_progress", _("in lavorazione")
        WAITING = "waiting", _("in attesa del cittadino")
        RESOLVED = "resolved", _("risolta")
        CLOSED = "closed", _("chiusa")

    class Source(models.TextChoices):
        CONVERSATION = "conversation", _("conversazione")
        CONSOLE = "console", _("sportello")
        OPEN311 = "open311", "Open311"
        API = "api", "API"

    OPEN_STATES = (State.NEW, State.ASSIGNED, State.IN_PROGRESS, State.WAITING)

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="cases", verbose_name=_("comune")
    )
    reference = models.CharField(_("protocollo"), max_length=40, db_index=True)  # unique per municipality
    year = models.PositiveIntegerField()
    number = models.PositiveIntegerField()
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="cases", verbose_name=_("servizio"))
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases", verbose_name=_("categoria")
    )
    conversation = models.ForeignKey(
        "conversations.Conversation", null=True, blank=True, on_delete=models.SET_NULL, related_name="cases",
        verbose_name=_("conversazione"),
    )
    citizen = models.ForeignKey(
        "citizens.Citizen", null=True, blank=True, on_delete=models.SET_NULL, related_name="cases",
        verbose_name=_("cittadino"),
    )
    messages = models.ManyToManyField("conversations.Message", blank=True, related_name="cases")
    title = models.CharField(_("oggetto"), max_length=200)
    description = models.TextField(_("descrizione"), blank=True)
    state = models.CharField(_("stato"), max_length=12, choices=State.choices, default=State.NEW, db_index=True)
    source = models.CharField(_("origine"), max_length=12, choices=Source.choices, default=Source.CONVERSATION)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("aperta da"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_cases",
        verbose_name=_("assegnata a"),
    )
    created_at = models.DateTimeField(_("aperta il"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("aggiornata il"), auto_now=True)
    due_at = models.DateTimeField(_("scadenza"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("risolta il"), null=True, blank=True)
    closed_at = models.DateTimeField(_("chiusa il"), null=True, blank=True)
    latitude = models.FloatField(_("latitudine"), null=True, blank=True)
    longitude = models.FloatField(_("longitudine"), null=True, blank=True)
    address = models.CharField(_("indirizzo"), max_length=255, blank=True)
    # Published on Open311 (requests filed there are; those from a chat only if an operator decides so).
    public = models.BooleanField(_("pubblica su Open311"), default=False)
    # What Open311 shows of a case from a chat: written by an operator for the public, never the citizen's words.
    public_description = models.TextField(_("testo pubblico (Open311)"), blank=True)
    status_notes = models.TextField(_("note per il cittadino"), blank=True)
    open311_token = models.CharField(max_length=40, blank=True, db_index=True)
    media_url = models.URLField(_("foto (indirizzo)"), blank=True, max_length=500)
    attributes = models.JSONField(_("attributi"), default=dict, blank=True)
    # Contact details given through Open311 (name, e-mail, phone): personal data, encrypted.
    reporter = EncryptedJSONField(_("segnalante"), blank=True, default=dict)

    objects = TenantManager()

    class Meta:
        verbose_name = _("pratica")
        verbose_name_plural = _("pratiche")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year", "number"], name="one_case_number_per_town_year")
        ]
        indexes = [models.Index(fields=["municipality", "state", "due_at"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_at is not None and self.due_at < timezone.now()

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class CaseEvent(models.Model):
    """One line of a case's history: opened, state changed, moved, assigned, note, attachment, message."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("aperta")
        STATE = "state", _("cambio di stato")
        DEPARTMENT = "department", _("cambio di servizio")
        ASSIGNED = "assigned", _("assegnazione")
        NOTE = "note", _("nota interna")
        ATTACHMENT = "attachment", _("allegato")
        CITIZEN_NOTIFIED = "notified", _("cittadino informato")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("tipo"), max_length=12, choices=Kind.choices)
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12, blank=True)
    text = models.TextField(_("testo"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_label = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(_("quando"), default=timezone.now)

    objects = TenantManager("case__municipality")

    class Meta:
        verbose_name = _("evento della pratica")
        verbose_name_plural = _("storia delle pratiche")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.kind}"


class CaseAttachment(models.Model):
    """A file of the case: a citizen's photo or document from the chat (linked) or one staff uploaded."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    source = models.ForeignKey(
        "conversations.Attachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="case_links"
    )
    file = models.FileField(upload_to="cases/%Y/%m/", blank=True)
    filename = models.CharField(_("nome del file"), max_length=255, blank=True)
    mime_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    added_at = models.DateTimeField(default=timezone.now)

    objects = TenantManager("case__municipality")

    class Meta:
        verbose_name = _("allegato della pratica")
        verbose_name_plural = _("allegati delle pratiche")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "source"], condition=models.Q(source__isnull=False), name="one_link_per_attachment"
            )
        ]

    def __str__(self) -> str:
        return self.filename or f"#{self.pk}"

    def open_file(self):  # type: ignore[no-untyped-def]
        stored = self.file if self.file else (self.source.file if self.source_id else None)
        return stored.open("rb") if stored else None


class RoutingSuggestion(models.Model):
    """The departments proposed for a conversation's latest request, and what the operator confirmed."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE)
    conversation = models.ForeignKey(
        "conversations.Conversation", on_delete=models.CASCADE, related_name="routing_suggestions"
    )
    message = models.ForeignKey(
        "conversations.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The messages whose text was read: what the suggester learns from when the operator confirms.
    message_ids = models.JSONField(default=list, blank=True)
    # [{"department": code, "name", "confidence", "category", "keywords"}], best first
    suggestions = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="suggestions")

    objects = TenantManager()

    class Meta:
        verbose_name = _("suggerimento di smistamento")
        verbose_name_plural = _("suggerimenti di smistamento")
        ordering = ["-created_at", "-id"]

    @property
    def top(self) -> dict | None:
        return self.suggestions[0] if self.suggestions else None


class SuggesterState(models.Model):
    """What the routing suggester learned from a municipality's confirmed choices (JSON, `Suggester.to_state`)."""

    municipality = models.OneToOneField(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="suggester_state"
    )
    state = models.JSONField(default=dict)
    learned = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("apprendimento dello smistamento")
        verbose_name_plural = _("apprendimento dello smistamento")


class Open311Key(models.Model):
    """An API key for Open311 clients (POST requests); shown once, stored hashed."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, related_name="open311_keys")
    name = models.CharField(_("applicazione"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    active = models.BooleanField(_("attiva"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("chiave Open311")
        verbose_name_plural = _("chiavi Open311")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, municipality, name: str) -> tuple[Open311Key, str]:  # type: ignore[no-untyped-def]
        import secrets

        from sportello.api.models import hash_token

        secret = "o311_" + secrets.token_urlsafe(24)
        key = cls.objects.create(municipality=municipality, name=name, prefix=secret[:12], key_hash=hash_token(secret))
        return key, secret
