"""The record of processing activities (art. 30 GDPR) and a DPIA outline (art. 35), generated from what is
configured (channels, lists, retention) and from the personal-data registry, so they change when the
configuration does. Markdown for the DPO to edit and sign; the same text as PDF."""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_scopes import scopes_disabled

from sportello.municipalities.models import ChannelAccount, Municipality
from sportello.privacy.models import DEFAULT_RETENTION_DAYS
from sportello.privacy.registry import declarations
from sportello.privacy.retention import policy_for

# Translated inside f-strings below, where makemessages cannot see them: declared here for the catalogue.
_IN_F_STRINGS = [
    gettext_noop("Broadcast lists"),
    gettext_noop("Categories of data"),
    gettext_noop("Channels in use and recipients"),
    gettext_noop("Contact"),
    gettext_noop("Controller"),
    gettext_noop("Data protection impact assessment (outline)"),
    gettext_noop("Data protection officer"),
    gettext_noop("Data subjects"),
    gettext_noop("Description of the processing"),
    gettext_noop("Legal basis"),
    gettext_noop("Necessity and proportionality"),
    gettext_noop("On erasure"),
    gettext_noop("Opinion of the DPO and decision"),
    gettext_noop("Processing activities"),
    gettext_noop("Recipients"),
    gettext_noop("Record of processing activities"),
    gettext_noop("Retention"),
    gettext_noop("Risks"),
    gettext_noop("Security measures"),
    gettext_noop("Why an assessment"),
    gettext_noop("data"),
    gettext_noop("days"),
    gettext_noop("default"),
    gettext_noop("never purged"),
]

# Who processes data on the municipality's behalf or receives it, by channel (art. 28 processors, third countries).
PROCESSORS = {
    "whatsapp": "Meta Platforms Ireland Ltd. (WhatsApp Business Platform, Cloud API): responsabile del trattamento; "
                "trasferimenti verso gli USA sulla base del EU-US Data Privacy Framework",
    "telegram": "Telegram FZ-LLC / Telegram Messenger Inc. (Bot API): titolare autonomo dei dati del proprio "
                "servizio; server fuori dall'UE",
    "email": "il fornitore della casella di posta del Comune (IMAP/SMTP, o PEC): responsabile del trattamento",
    "webform": "nessuno: il modulo è servito da Sportello; le risposte partono dalla casella di posta del Comune",
    "phone": "nessuno: registrazione manuale da parte dell'operatore",
    "desk": "nessuno: registrazione manuale da parte dell'operatore",
}
KIND_LABELS = {
    "messages": "Messaggi", "media": "Allegati", "raw_webhooks": "Contenuti grezzi ricevuti dai canali",
    "deliveries": "Esiti di consegna", "audit": "Registro delle attività", "survey": "Risposte ai questionari",
}


def _channels(municipality: Municipality) -> list[ChannelAccount]:
    with scopes_disabled():
        return list(ChannelAccount.objects.filter(municipality=municipality, active=True).order_by("channel", "pk"))


def _lists(municipality: Municipality) -> list[Any]:
    from sportello.broadcasts.models import MailingList

    with scopes_disabled():
        return list(MailingList.objects.filter(municipality=municipality, active=True).order_by("name"))


def record_of_processing(municipality: Municipality) -> str:
    channels = _channels(municipality)
    lists = _lists(municipality)
    retention = policy_for(municipality)
    lines = [
        f"# {_('Record of processing activities')}: {municipality.name}",
        "",
        _("Generated on %(at)s from Sportello's configuration (art. 30 GDPR). Review and complete it before signing.")
        % {"at": timezone.localtime().strftime("%d/%m/%Y %H:%M")},
        "",
        f"## {_('Controller')}",
        "",
        f"- {municipality.name}, {municipality.address or '—'}",
        f"- {_('Contact')}: {municipality.email or '—'} · PEC {municipality.pec or '—'}",
        f"- {_('Data protection officer')}: _(da completare)_",
        "",
        f"## {_('Channels in use and recipients')}",
        "",
    ]
    for account in channels:
        lines.append(f"- **{account.get_channel_display()}** ({account.label}): {PROCESSORS.get(account.channel, '—')}")
    if not channels:
        lines.append("- —")
    lines += ["", f"## {_('Broadcast lists')}", ""]
    for mailing_list in lists:
        basis = "consenso (art. 6(1)(a))" if mailing_list.requires_consent else "compito di interesse pubblico (art. 6(1)(e))"
        lines.append(f"- **{mailing_list.name}** ({mailing_list.slug}): {basis}")
    if not lists:
        lines.append("- —")
    lines += ["", f"## {_('Retention')}", "", f"| {_('data')} | {_('days')} | {_('default')} |", "|---|---|---|"]
    for kind, default in DEFAULT_RETENTION_DAYS.items():
        days = retention.days(kind)
        lines.append(f"| {KIND_LABELS[kind]} | {days or _('never purged')} | {default} |")
    lines += ["", f"## {_('Processing activities')}", ""]
    by_purpose: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for declaration in declarations():
        by_purpose[(declaration.purpose, declaration.legal_basis)].append(declaration)
    for (purpose, basis), found in by_purpose.items():
        lines.append(f"### {purpose}")
        lines.append("")
        lines.append(f"- {_('Legal basis')}: {basis}")
        lines.append(f"- {_('Data subjects')}: cittadini che contattano l'URP")
        tables = ", ".join(f"{d.model._meta.verbose_name_plural} ({', '.join(d.fields)})" for d in found)
        lines.append(f"- {_('Categories of data')}: {tables}")
        recipients = sorted({r for d in found for r in d.recipients})
        lines.append(f"- {_('Recipients')}: {', '.join(recipients) or 'personale autorizzato del Comune'}")
        lines.append(f"- {_('On erasure')}: {', '.join(sorted({d.on_erase for d in found}))}")
        lines.append("")
    lines += [
        f"## {_('Security measures')} (art. 32)",
        "",
        "- Numeri di telefono, identificativi, contenuti grezzi e segreti dei canali cifrati a riposo (Fernet), "
        "ricerca con indice cieco (HMAC); rotazione delle chiavi (`sportello manage rotate_keys`).",
        "- Agli operatori i numeri appaiono mascherati; ogni lettura di dati personali è registrata.",
        "- Secondo fattore obbligatorio per supervisori e amministratori; blocco dopo tentativi falliti.",
        "- Ruoli per comune e per servizio; isolamento dei dati tra comuni nel livello dati.",
        "- Cancellazione su richiesta e pulizia periodica secondo i tempi di conservazione.",
        "",
    ]
    return "\n".join(lines)


def dpia_outline(municipality: Municipality) -> str:
    channels = _channels(municipality)
    lines = [
        f"# {_('Data protection impact assessment (outline)')}: {municipality.name}",
        "",
        _("An outline to complete with the DPO (art. 35 GDPR, WP248 criteria), generated from the configuration."),
        "",
        f"## 1. {_('Description of the processing')}",
        "",
        "Gestione delle richieste dei cittadini all'URP attraverso "
        + ", ".join(sorted({a.get_channel_display() for a in channels}) or ["—"])
        + "; apertura e smistamento delle pratiche; comunicazioni alle liste; moderazione dei contenuti.",
        "",
        f"## 2. {_('Why an assessment')}",
        "",
        "- Uso di piattaforme di messaggistica di terzi (trasferimenti extra UE possibili).",
        "- Trattamento su larga scala di comunicazioni, che possono contenere categorie particolari di dati "
        "(salute, situazione familiare) inviate spontaneamente dai cittadini.",
        "- Decisioni automatiche limitate: risposte automatiche, suggerimenti di smistamento, moderazione "
        "(sempre rivedibili da un operatore; limitabili su richiesta, art. 18).",
        "",
        f"## 3. {_('Necessity and proportionality')}",
        "",
        "- Minimizzazione: i numeri sono cifrati e mascherati; i testi sono conservati secondo la tabella del registro.",
        "- Diritti degli interessati: accesso (JSON e PDF), rettifica, cancellazione, limitazione e opposizione "
        "dalla console e dall'API, ciascuno registrato.",
        "",
        f"## 4. {_('Risks')}",
        "",
        "| rischio | probabilità | gravità | misure |",
        "|---|---|---|---|",
        "| accesso non autorizzato ai messaggi | _(da valutare)_ | alta | ruoli, 2FA, audit, cifratura |",
        "| divulgazione del numero di telefono | _(da valutare)_ | media | cifratura, indice cieco, mascheramento |",
        "| conservazione eccessiva | _(da valutare)_ | media | pulizia periodica per tipo di dato |",
        "| contenuti illeciti o truffe verso i cittadini | _(da valutare)_ | media | moderazione, quarantena |",
        "| trasferimento a fornitori extra UE | _(da valutare)_ | media | scelta dei canali, DPF, informativa |",
        "",
        f"## 5. {_('Opinion of the DPO and decision')}",
        "",
        "_(da completare)_",
        "",
    ]
    return "\n".join(lines)


def markdown_to_pdf(markdown: str, title: str) -> bytes:
    """A plain rendering of the generated Markdown (headings, lists, table rows) for signing and filing."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    story: list[Any] = []
    for line in markdown.splitlines():
        text = escape(line.lstrip("#").strip().replace("**", "").replace("_(", "(").replace(")_", ")"))
        if line.startswith("# "):
            story.append(Paragraph(text, styles["Title"]))
        elif line.startswith("## "):
            story.append(Paragraph(text, styles["Heading2"]))
        elif line.startswith("### "):
            story.append(Paragraph(text, styles["Heading3"]))
        elif line.startswith("|---"):
            continue
        elif line.startswith("|"):
            story.append(Paragraph(" · ".join(c.strip() for c in line.strip("|").split("|")), styles["BodyText"]))
        elif line.strip():
            story.append(Paragraph(text, styles["BodyText"]))
        else:
            story.append(Spacer(1, 2 * mm))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=title, leftMargin=18 * mm, rightMargin=18 * mm).build(story)
    return buffer.getvalue()
