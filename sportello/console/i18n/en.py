"""English translations of the console's strings, applied to sportello/locale/en by `fill_translations`.

Kept as Python beside the console so a new string gets its translation in the same change; the .po/.mo files
are regenerated from it (see docs/console.md, "Translations").
"""

EN: dict[str, str] = {
    "nome": "name", "Messaggio": "Message", "categoria": "category", "lingua": "language", "titolo": "title",
    "testo": "text", "stato": "status", "Anteprima": "Preview", "comune": "municipality", "chiusa": "closed",
    "Ufficio relazioni con il pubblico": "Citizens' relations office", "La nota è vuota.": "The note is empty.",
    "Servizio": "Utility", "Assegnata a": "Assigned to", "Cittadino": "Citizen", "Aggiungi nota": "Add note",
    "Assegna": "Assign", "Posizione": "Location", "Aperte": "Open", "Tutte": "All", "Tutti": "All",
    "Filtra": "Filter", "Conferma": "Confirm", "Console": "Console", "Conversazioni": "Conversations",
    "Risposte rapide": "Canned replies",
    "Codice di 6 cifre dall'app di autenticazione": "6-digit code from your authenticator app",
    "App di autenticazione": "Authenticator app",
    "Troppi tentativi: attendi qualche secondo e riprova.": "Too many attempts: wait a few seconds and try again.",
    "Verifica in due passaggi attivata.": "Two-factor authentication is on.",
    "Codice non valido: controlla l'ora del telefono e riprova.": "Invalid code: check your phone's clock and try again.",
    "Codice non valido.": "Invalid code.",
    "Variabili: {nome}, {comune}, {ufficio}, {orari}, {operatore}.": "Variables: {nome} (first name), {comune} (municipality), {ufficio} (office), {orari} (opening hours), {operatore} (operator).",
    "risposta rapida": "canned reply", "risposte rapide": "canned replies", "Promozionale": "Marketing",
    "Autenticazione": "Authentication", "approvato": "approved", "in revisione": "in review", "rifiutato": "rejected",
    "numero WhatsApp": "WhatsApp number",
    "Il nome registrato su WhatsApp, es. risposta_urp.": "The name registered with WhatsApp, e.g. risposta_urp.",
    "Con i parametri {{1}}, {{2}}, … come approvato da WhatsApp.": "With the parameters {{1}}, {{2}}, … as approved by WhatsApp.",
    "modello WhatsApp": "WhatsApp template", "modelli WhatsApp": "WhatsApp templates",
    "Modulo non valido: ricarica la pagina.": "Invalid form: reload the page.",
    "Questa persona non lavora per il comune della conversazione.": "This person does not work for the conversation's municipality.",
    "Solo un supervisore può riassegnare una conversazione di un collega.": "Only a supervisor can reassign a colleague's conversation.",
    "Stato non valido.": "Invalid state.",
    "Questo modello non è approvato per questo canale.": "This template is not approved for this channel.",
    "Compila tutti i campi del modello.": "Fill in every field of the template.",
    "Puoi rispondere liberamente ancora per %(left)s.": "You can reply freely for another %(left)s.",
    "Tipo di messaggio": "Message type", "Risposta al cittadino": "Reply to the citizen", "Nota interna": "Internal note",
    "Inserisci una risposta rapida": "Insert a canned reply", "Risposte rapide…": "Canned replies…",
    "Testo del messaggio": "Message text",
    "Scrivi una risposta… (Ctrl+Invio per inviare)": "Write a reply… (Ctrl+Enter to send)",
    "Allega un file": "Attach a file", "Invia": "Send",
    "La finestra di 24 ore per rispondere liberamente è chiusa: si può scrivere al cittadino solo con un modello approvato.":
        "The 24-hour window for free replies is closed: you can only write to the citizen with an approved template.",
    "Su questo canale ora non si può scrivere liberamente al cittadino.":
        "On this channel you cannot write freely to the citizen right now.",
    "Il canale non accetta questo messaggio ora.": "The channel does not accept this message now.",
    "Da questo canale non si può scrivere al cittadino.": "You cannot write to the citizen from this channel.",
    "Modello approvato": "Approved template", "Scegli un modello…": "Choose a template…", "Invia il modello": "Send the template",
    "Nessun modello approvato per questo canale: un amministratore può aggiungerli tra i modelli di %(channel)s.":
        "No approved template for this channel: an administrator can add them among the %(channel)s templates.",
    "Nota interna per i colleghi…": "Internal note for colleagues…", "Nome": "Name", "Primo contatto": "First contact",
    "Bloccato": "Blocked", "Gestione": "Handling", "nessuno": "nobody", "Prendi in carico": "Take it",
    "Assegna a un collega": "Assign to a colleague", "Nessuno": "Nobody", "Chiudi la conversazione": "Close the conversation",
    "Riapri la conversazione": "Reopen the conversation", "Conversazioni precedenti": "Earlier conversations",
    "Nessuna.": "None.", "Scorciatoie da tastiera": "Keyboard shortcuts",
    "Mostra o nasconde questo aiuto": "Show or hide this help", "Cerca nei messaggi": "Search messages",
    "Conversazione successiva / precedente nell'elenco": "Next / previous conversation in the list",
    "Scrivi una risposta": "Write a reply", "Scrivi una nota interna": "Write an internal note",
    "Prendi in carico la conversazione": "Take the conversation", "Chiudi o riapri la conversazione": "Close or reopen the conversation",
    "Esci dal campo di testo; poi torna all'elenco": "Leave the text field; then back to the list", "Chiudi": "Close",
    "Foto": "Photo", "Audio": "Audio", "Video": "Video", "Documento": "Document", "Adesivo": "Sticker",
    "Contatto": "Contact", "Modello": "Template", "Elenco delle conversazioni": "Conversation list",
    "In attesa di risposta da": "Waiting for a reply for", "in attesa da": "waiting for", "Nota": "Note",
    "Risposta:": "Reply:", "non letti": "unread", "Chiusa": "Closed", "non assegnata": "unassigned",
    "Nessuna conversazione corrisponde alla ricerca.": "No conversation matches the search.",
    "Nessuna conversazione qui. Ottimo lavoro!": "No conversations here. Well done!",
    "Messaggio del cittadino": "Citizen's message", "Risposta": "Reply", "visibile solo allo staff": "visible to staff only",
    "Inoltrato molte volte": "Forwarded many times", "Inoltrato": "Forwarded",
    "Messaggio nascosto dalla moderazione": "Message hidden by moderation",
    "Risposta a un messaggio non presente in Sportello": "Reply to a message not in Sportello",
    "Ingrandisci la foto": "Enlarge the photo", "Foto senza didascalia": "Photo without caption",
    "Nota vocale": "Voice note", "Scarica": "Download", "scarica": "download", "download in corso…": "downloading…",
    "Ultimo tentativo non riuscito:": "Last attempt failed:", "Allegato non scaricato": "Attachment not downloaded",
    "download non riuscito": "download failed", "Riprova": "Retry", "allegato rifiutato": "attachment rejected",
    "Posizione condivisa": "Shared location", "Apri sulla mappa": "Open on the map",
    "si apre in una nuova finestra": "opens in a new window", "Contatti condivisi": "Shared contacts",
    "Risposta con un pulsante": "Button reply", "Tipo di messaggio non supportato": "Unsupported message type",
    "Ordine dal catalogo": "Catalogue order", "Eliminato dal mittente": "Deleted by the sender",
    "Testo originale": "Original text", "Modificato": "Edited", "Reazioni": "Reactions", "Non consegnato:": "Not delivered:",
    "errore sconosciuto": "unknown error", "Nuovo messaggio dal cittadino": "New message from the citizen",
    "sta guardando": "is viewing", "stanno guardando": "are viewing",
    "Puoi rispondere liberamente ancora per": "You can reply freely for another", "h": "h", "min": "min",
    "Allegato:": "Attached:", "Connessione in tempo reale interrotta: riprovo…": "Live connection lost: retrying…",
    "Cerca nei messaggi (/)": "Search messages (/)", "Mostra": "Show", "Canale": "Channel", "Comune": "Municipality",
    "Ordine": "Order", "Attesa più lunga": "Longest waiting", "Più recenti": "Most recent",
    "Valore del parametro": "Value of parameter", "Salva": "Save", "Elimina": "Delete",
    "Tutte le risposte rapide": "All canned replies",
    "Gli operatori le inseriscono nella risposta. Variabili: {nome}, {nome_completo}, {comune}, {ufficio}, {orari}, {telefono}, {email}, {sito}, {operatore}.":
        "Operators insert them into their reply. Variables: {nome}, {nome_completo}, {comune}, {ufficio}, {orari}, {telefono}, {email}, {sito}, {operatore}.",
    "Risposte rapide esistenti": "Existing canned replies", "Titolo": "Title", "Testo": "Text",
    "Nuova risposta rapida": "New canned reply", "Conversazione": "Conversation", "Vai alla risposta": "Skip to the reply",
    "Vai all'elenco delle conversazioni": "Skip to the conversation list", "Torna alle conversazioni": "Back to the conversations",
    "Cittadino senza nome": "Citizen without a name", "Dettagli": "Details",
    "Messaggi della conversazione": "Messages of the conversation", "Messaggi": "Messages", "Nuovi messaggi": "New messages",
    "Dettagli della conversazione": "Conversation details", "Immagine ingrandita": "Enlarged image",
    "Intestazione": "Header", "Cambia password": "Change password", "Verifica in due passaggi": "Two-factor authentication",
    "Esci": "Sign out", "Sportello: relazioni con il pubblico": "Sportello: citizens' relations",
    "Navigazione principale": "Main navigation", "Mostra o nascondi il menu": "Show or hide the menu",
    "Chiudi il menu": "Close the menu", "Seleziona una conversazione": "Select a conversation",
    "Le conversazioni in cima sono quelle dei cittadini che aspettano da più tempo. Premi <kbd>?</kbd> per le scorciatoie da tastiera.":
        "Conversations at the top are those of the citizens who have waited longest. Press <kbd>?</kbd> for keyboard shortcuts.",
    "In attesa di risposta": "Waiting for a reply", "Mie": "Mine", "Non assegnate": "Unassigned", "Chiuse": "Closed",
    "Scrivi un messaggio o allega un file.": "Write a message or attach a file.",
    "Il file è troppo grande.": "The file is too large.", "Scegli un modello approvato.": "Choose an approved template.",
    "Risposta rapida salvata.": "Canned reply saved.", "Risposta rapida eliminata.": "Canned reply deleted.",
    "Vai al contenuto principale": "Skip to main content", "Accesso bloccato": "Sign-in blocked",
    "Accesso temporaneamente bloccato": "Sign-in temporarily blocked",
    "Troppi tentativi di accesso non riusciti per questo account. Riprova più tardi o chiedi all'amministratore di sbloccarlo.":
        "Too many failed sign-in attempts for this account. Try again later or ask the administrator to unlock it.",
    "Reimposta la password": "Reset the password", "Accesso": "Sign in", "Accesso per il personale": "Staff sign-in",
    "Entra con il nome utente e la password che ti ha dato l'amministratore.":
        "Sign in with the username and password your administrator gave you.",
    "Entra": "Sign in", "Password dimenticata?": "Forgot your password?",
    "Attiva la verifica in due passaggi": "Turn on two-factor authentication",
    "Per il tuo ruolo la verifica in due passaggi è obbligatoria: attivala per continuare.":
        "Two-factor authentication is required for your role: turn it on to continue.",
    "Apri un'app di autenticazione sul telefono (per esempio FreeOTP, Aegis, Google Authenticator).":
        "Open an authenticator app on your phone (for example FreeOTP, Aegis, Google Authenticator).",
    "Inquadra il codice QR, oppure inserisci a mano la chiave qui sotto.": "Scan the QR code, or type the key below.",
    "Scrivi il codice di 6 cifre che l'app mostra.": "Enter the 6-digit code the app shows.",
    "Codice QR per l'app di autenticazione": "QR code for the authenticator app", "Chiave": "Key",
    "Verifica in due passaggi attiva": "Two-factor authentication is on",
    "Per cambiare telefono chiedi a un amministratore di rimuovere l'app attuale.":
        "To change phone, ask an administrator to remove the current app.",
    "Verifica": "Verify", "Password cambiata": "Password changed", "Salva la nuova password": "Save the new password",
    "Password aggiornata": "Password updated", "Accedi": "Sign in", "Nuova password": "New password",
    "Scegli una nuova password": "Choose a new password",
    "Il collegamento non è valido o è già stato usato. Chiedine uno nuovo.": "The link is invalid or already used. Ask for a new one.",
    "Password dimenticata": "Forgotten password", "Controlla la posta": "Check your e-mail",
    "Se l'indirizzo corrisponde a un account, riceverai a breve un messaggio con le istruzioni.":
        "If the address belongs to an account, you will shortly receive a message with instructions.",
    "Hai chiesto di reimpostare la password di Sportello per l'account %(user)s.":
        "You asked to reset the Sportello password of the account %(user)s.",
    "Apri questo collegamento per sceglierne una nuova:": "Open this link to choose a new one:",
    "Se non sei stato tu, ignora questo messaggio: la password resta quella di prima.":
        "If it wasn't you, ignore this message: your password stays the same.",
    "Scrivi l'indirizzo e-mail del tuo account: ti mandiamo un collegamento per sceglierne una nuova.":
        "Enter your account's e-mail address: we will send you a link to choose a new one.",
    "Invia il collegamento": "Send the link", "Sportello: reimpostazione della password": "Sportello: password reset",
    "Italiano": "Italian", "English": "English",
    "Operatore": "Operator", "Supervisore": "Supervisor", "Amministratore": "Administrator",
    # Phone calls and desk visits (connectors/desk), linking citizens across channels (console/linking.py).
    "Telefono": "Phone", "Sportello fisico": "Front desk", "Telefonata": "Phone call",
    "Visita allo sportello": "Desk visit", "Registra telefonata / visita": "Record a call / visit",
    "Data e ora": "Date and time", "Nome e cognome": "Full name", "Che cosa ha chiesto": "What was asked",
    "Che cosa è stato risposto": "What was answered", "Documenti": "Documents",
    "Serve un seguito: lascia la conversazione aperta": "Follow-up needed: keep the conversation open",
    "Apri una pratica per il servizio competente": "Open a case for the competent department",
    "Servizio": "Department", "Oggetto della pratica": "Case subject", "Registra": "Record",
    "Cerca il cittadino": "Find the citizen", "Cittadino trovato": "Citizen found",
    "Contatto registrato.": "Contact recorded.",
    "Nessun cittadino con questo recapito: ne sarà creato uno nuovo con i dati indicati.":
        "No citizen with this contact: a new one will be created with the details given.",
    "Domanda registrata dall'operatore": "Question recorded by the operator",
    "Risposta data di persona o al telefono": "Answer given in person or on the phone",
    "A una telefonata non si può inviare nulla: la risposta data al cittadino si registra con «Registra telefonata / visita».":
        "Nothing can be sent to a phone call: the answer given to the citizen is recorded with “Record a call / visit”.",
    "A una visita allo sportello non si può inviare nulla: la risposta data al cittadino si registra con «Registra telefonata / visita».":
        "Nothing can be sent to a desk visit: the answer given to the citizen is recorded with “Record a call / visit”.",
    "Il numero di telefono non è valido.": "The phone number is not valid.",
    "L'indirizzo e-mail non è valido.": "The e-mail address is not valid.",
    "Stessa persona su altri canali": "Same person on other channels",
    "Collega a un altro cittadino": "Link to another citizen", "Conferma il collegamento": "Confirm the link",
    "Conferma collegamento": "Confirm link", "Annulla collegamento": "Undo link",
    "Collegamento annullato.": "Link undone.", "Scegli questo cittadino": "Choose this citizen",
    "Telefono, e-mail o numero di pratica": "Phone, e-mail or case number",
    "Cittadini collegati: le conversazioni dell'uno si vedono dall'altro.":
        "Citizens linked: each one's conversations are visible from the other.",
    "Questi cittadini sono già collegati.": "These citizens are already linked.",
    "Nessun collegamento. Consensi e iscrizioni restano comunque distinti per canale.":
        "No links. Consent and subscriptions stay separate per channel in any case.",
}

PLURALS: dict[str, tuple[str, str]] = {
    "%(counter)s conversazione": ("%(counter)s conversation", "%(counter)s conversations"),
}

EN.update({  # helper-english
    "Lingua": "Language",
    "Traduzioni": "Translations",
    "Segnalazione di un problema": "Report a problem", "Reclamo": "Complaint", "Suggerimento": "Suggestion",
    "Altro": "Other",
})

EN.update({  # helper-templates
    "modelli sincronizzati il": "templates synchronised on",
    "errore di sincronizzazione dei modelli": "template synchronisation error",
    "eliminato": "deleted",
    "qualità": "quality",
    "Parametro {{%(n)s}}": "Parameter {{%(n)s}}",
    "Indirizzo dell'allegato dell'intestazione": "Address of the header's attachment",
    "Un indirizzo https pubblico dell'immagine, del documento o del video.":
        "A public https address of the image, document or video.",
    "Oppure un file da allegare": "Or a file to attach",
    "Questo modello ha un'intestazione con un allegato: indicare un indirizzo o un file.":
        "This template has a header with an attachment: give an address or a file.",
    "Manca l'ID del WhatsApp Business Account del numero.": "The number's WhatsApp Business Account ID is missing.",
    "Risposta inattesa di Meta all'elenco dei modelli.": "Unexpected answer from Meta to the template list.",
    "Troppe pagine nell'elenco dei modelli di Meta.": "Too many pages in Meta's template list.",
    "Modelli di messaggio": "Message templates",
    "I modelli WhatsApp approvati da Meta, sincronizzati dal WhatsApp Business Account.":
        "The WhatsApp templates approved by Meta, synchronised from the WhatsApp Business Account.",
    "Sincronizzazione non riuscita: %(error)s": "Synchronisation failed: %(error)s",
    "Sincronizzazione completata: %(listed)s modelli da Meta, %(created)s nuovi, %(removed)s non più presenti.":
        "Synchronisation complete: %(listed)s templates from Meta, %(created)s new, %(removed)s no longer listed.",
    "Fuori dalla finestra di 24 ore WhatsApp consegna solo modelli approvati da Meta. I modelli si creano e si "
    "modificano nel WhatsApp Manager di Meta; qui si vedono come Meta li descrive, con il loro stato, e si possono "
    "sincronizzare. Gli operatori scelgono solo tra quelli approvati.":
        "Outside the 24-hour window WhatsApp delivers only templates approved by Meta. Templates are created and "
        "changed in Meta's WhatsApp Manager; here you see them as Meta describes them, with their status, and can "
        "synchronise them. Operators choose only among the approved ones.",
    "Nessun numero WhatsApp collegato a questo Comune.": "No WhatsApp number connected to this municipality.",
    "WhatsApp Business Account %(waba)s": "WhatsApp Business Account %(waba)s",
    "Manca l'ID del WhatsApp Business Account: chieda a un amministratore di indicarlo per sincronizzare i modelli.":
        "The WhatsApp Business Account ID is missing: ask an administrator to enter it to synchronise the templates.",
    "Ultima sincronizzazione: %(when)s": "Last synchronisation: %(when)s",
    "Mai sincronizzati.": "Never synchronised.",
    "Sincronizza ora": "Synchronise now",
    "L'ultima sincronizzazione non è riuscita: %(error)s": "The last synchronisation failed: %(error)s",
    "lingua %(code)s": "language %(code)s",
    "parametri: %(n)s": "parameters: %(n)s",
    "intestazione: %(kind)s": "header: %(kind)s",
    "Motivo indicato da Meta: %(reason)s": "Reason given by Meta: %(reason)s",
    "Nessun modello per questo numero. Sincronizzi per leggere quelli registrati su Meta.":
        "No template for this number. Synchronise to read those registered with Meta.",
    "Non ancora registrato su Meta: va creato nel WhatsApp Manager con questo nome e questo testo.":
        "Not registered with Meta yet: create it in WhatsApp Manager with this name and text.",
})

EN.update({  # helper-firstrun
    "Coordinate": "Coordinates",
    "scaduta": "overdue",
    "Segnalazioni aperte con posizione": "Open reports with a location",
    "Nessuna segnalazione aperta con una posizione.": "No open report with a location.",
    "Mappa non attiva: nessun server di mappe è configurato, quindi la posizione del cittadino non viene inviata a "
    "nessuno.":
        "Map off: no map server is configured, so the citizen's location is sent to no one.",
    "Mappa non attiva: nessun server di mappe è configurato, quindi la posizione del cittadino non viene inviata a "
    "nessuno. Qui sotto le segnalazioni aperte con la loro posizione.":
        "Map off: no map server is configured, so the citizen's location is sent to no one. Below, the open reports "
        "with their location.",
})

EN.update({  # helper-inbox
    "%(area)s: altra operazione": "%(area)s: other operation", "Operazione registrata": "Operation recorded",
    "Allegato aggiunto alla pratica": "Attachment added to the case", "Anteprima: %(name)s": "Preview: %(name)s",
    "Attiva le notifiche sul desktop": "Turn on desktop notifications",
    "Notifiche sul desktop attive.": "Desktop notifications are on.",
    "Notifiche sul desktop bloccate dal browser.": "Desktop notifications are blocked by the browser.",
    "Questo browser non mostra notifiche sul desktop.": "This browser does not show desktop notifications.",
    "Suono per i nuovi messaggi": "Sound for new messages", "Nuovo messaggio su %(channel)s": "New message on %(channel)s",
    "Avviso al cittadino non inviato": "Notice to the citizen not sent", "Bloccati": "Blocked",
    "Blocchi e avvisi": "Blocks and notices", "Campagna": "Campaign", "Cittadino sbloccato": "Citizen unblocked",
    "Cittadino tolto dalle liste": "Citizen removed from the lists", "Collegamento annullato": "Link undone",
    "Collegamento con il servizio esterno interrotto. Riproveremo automaticamente.":
        "The connection with the external service broke off. We will retry automatically.",
    "Connessione sicura non riuscita con il servizio esterno (certificato). Avvisa l'amministratore.":
        "The secure connection with the external service failed (certificate). Tell the administrator.",
    "Errore tecnico nel collegamento con il servizio esterno. Avvisa l'amministratore se si ripete.":
        "Technical error connecting to the external service. Tell the administrator if it happens again.",
    "Il servizio esterno ha impiegato troppo tempo a rispondere. Riproveremo automaticamente.":
        "The external service took too long to answer. We will retry automatically.",
    "Il servizio esterno ha rifiutato le credenziali del canale: l'amministratore deve aggiornarle.":
        "The external service refused the channel's credentials: the administrator must update them.",
    "Il servizio esterno ha un problema temporaneo. Riproveremo automaticamente.":
        "The external service has a temporary problem. We will retry automatically.",
    "Il servizio esterno non risponde (connessione rifiutata). Riproveremo; se continua, avvisa l'amministratore.":
        "The external service is not answering (connection refused). We will retry; if it goes on, tell the "
        "administrator.",
    "Indirizzo del servizio esterno non trovato: controlla le impostazioni del canale.":
        "The external service's address was not found: check the channel settings.",
    "Troppe richieste al servizio esterno: l'invio riprenderà tra poco.":
        "Too many requests to the external service: sending will resume shortly.",
    "Consensi": "Consents", "Consenso": "Consent", "Consenso revocato": "Consent withdrawn",
    "Conversazione consultata": "Conversation viewed",
    "Diritti dell'interessato (accesso, rettifica, limitazione, cancellazione)":
        "Data subject rights (access, rectification, restriction, erasure)",
    "Etichetta aggiunta": "Label added", "Etichetta creata": "Label created", "Etichetta eliminata": "Label deleted",
    "Etichetta modificata": "Label changed", "Etichetta tolta": "Label removed",
    "Etichette per ordinare e filtrare le conversazioni.": "Labels to sort and filter conversations.",
    "Impostazioni": "Settings", "Informativa accettata": "Policy accepted",
    "Iscrizione a una lista": "Subscribed to a list", "Iscrizione terminata": "Subscription ended",
    "Iscrizioni alle liste": "List subscriptions", "Messaggi esaminati": "Reviewed messages",
    "Messaggio in revisione": "Message under review", "Messaggio nascosto": "Message hidden",
    "Messaggio ripristinato": "Message restored", "Messaggio segnalato dallo staff": "Message reported by staff",
    "Moderazione: blocco, sblocco, prove": "Moderation: block, unblock, evidence", "Nessun blocco.": "No blocks.",
    "Nessun consenso registrato.": "No consent recorded.", "Nessun messaggio esaminato.": "No reviewed messages.",
    "Nessuna conversazione visibile.": "No visible conversations.", "Nessuna iscrizione.": "No subscriptions.",
    "Nessuna violazione.": "No violations.", "Nota aggiunta alla pratica": "Note added to the case",
    "Nota interna aggiunta": "Internal note added", "Numero cambiato": "Number changed",
    "Organizzazione": "Organisation", "Pratica assegnata": "Case assigned",
    "Pratica assegnata a un servizio": "Case routed to a department", "Profili collegati": "Profiles linked",
    "Prove esportate": "Evidence exported", "Recapiti collegati": "Linked contacts",
    "Scheda del cittadino": "Citizen page", "Scheda del cittadino consultata": "Citizen page viewed",
    "Stato della pratica cambiato": "Case status changed", "Storico della moderazione": "Moderation history",
    "Trovato:": "Found:", "Ultimo messaggio": "Last message",
    "Vedi solo le conversazioni e le pratiche dei tuoi servizi.":
        "You only see your departments' conversations and cases.",
    "Violazione confermata": "Violation confirmed", "Violazione registrata": "Violation recorded",
    "altro": "other", "attiva dal": "active since", "foto": "photo", "non più in uso": "no longer in use",
})

PLURALS.update({  # helper-inbox
    "%(counter)s profilo collegato da un operatore.": (
        "%(counter)s profile linked by an operator.", "%(counter)s profiles linked by an operator."),
})

EN.update({  # helper-inbox: the policies' default answers, now addressing the citizen with "Lei"
    "Risulta già iscritto a %(lists)s. Per cancellarsi scriva «%(stop)s».":
        "You are already subscribed to %(lists)s. To unsubscribe write “%(stop)s”.",
    "Iscrizione confermata a %(lists)s. Per cancellarsi in qualsiasi momento scriva «%(stop)s».":
        "Subscription to %(lists)s confirmed. To unsubscribe at any time write “%(stop)s”.",
    "Non risulta iscritto a %(lists)s.": "You are not subscribed to %(lists)s.",
    "Fatto: la Sua iscrizione a {liste} è cancellata. Non riceverà più questi messaggi. Può sempre scriverci qui.":
        "Done: we have unsubscribed you from {liste}. You will no longer receive these messages. You can always "
        "write to us here.",
    "Risulta iscritto a %(lists)s. Per cancellarsi scriva «%(stop)s».":
        "You are subscribed to %(lists)s. To unsubscribe write “%(stop)s”.",
    "Non risulta iscritto a nessuna lista. Liste disponibili: %(lists)s. Per iscriversi scriva «%(join)s».":
        "You are not subscribed to any list. Available lists: %(lists)s. To subscribe write “%(join)s”.",
    "Questa richiesta è già stata registrata. Per iscriversi di nuovo scriva «%(join)s».":
        "This request has already been recorded. To subscribe again write “%(join)s”.",
    "Va bene: senza l'accettazione dell'informativa non possiamo iscriverLa. Può comunque scriverci qui per "
    "informazioni.":
        "Very well: without accepting the privacy notice we cannot subscribe you. You can still write to us here "
        "for information.",
    "Per iscriversi a {liste} deve accettare l'informativa. La accetta?":
        "To subscribe to {liste} you need to accept the privacy notice. Do you accept?",
})
EN.update({  # helper-campaigns
    "canali": "channels",
    "Si può avviare solo una campagna programmata (approvata, se serviva).":
        "Only a scheduled campaign (approved, if it needed approval) can be started.",
})
EN.update({  # integration: header entries moved to the settings hub
    "Mappa": "Map",
    "Le domande frequenti che il suggeritore propone agli operatori.": "The frequently asked questions the suggester offers operators.",
})
