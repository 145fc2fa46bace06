"""Italian for the survey app's msgids: `python -m sportello.survey.i18n.fill` writes them into locale/it."""

IT = {
    "Satisfaction survey": "Questionario di gradimento",
    "Wording": "Testi",
    "Leave a field empty to use the default text.": "Lasci vuoto un campo per usare il testo predefinito.",
    "Comment (optional)": "Commento (facoltativo)",
    "Please answer at least one question.": "Risponda ad almeno una domanda.",
    "municipality": "comune",
    "survey active": "questionario attivo",
    "send when an operator closes a conversation": "invia quando un operatore chiude una conversazione",
    "send when a case is resolved": "invia quando una pratica è risolta",
    "days without surveys after a refusal": "giorni senza questionario dopo un rifiuto",
    "A citizen who answers no is not asked again for this many days.":
        "Al cittadino che risponde di no il questionario non è riproposto per questo numero di giorni.",
    "days to answer": "giorni per rispondere",
    "Answers arriving later are ignored and the invitation expires.":
        "Le risposte che arrivano più tardi sono ignorate e l'invito scade.",
    "invitation text": "testo dell'invito",
    "question: overall satisfaction": "domanda: soddisfazione complessiva",
    "question: waiting time": "domanda: tempi di attesa",
    "question: competence": "domanda: competenza",
    "question: courtesy": "domanda: cortesia",
    "invitation to comment": "invito a lasciare un commento",
    "thank-you text": "testo di ringraziamento",
    "text after a refusal": "testo dopo un rifiuto",
    "WhatsApp template for the survey": "modello WhatsApp per il questionario",
    "Approved utility template (its {{1}} is the survey link), used when free messages may not go.":
        "Modello di servizio approvato (il suo {{1}} è il collegamento al questionario), usato quando non si "
        "possono inviare messaggi liberi.",
    "survey settings": "impostazioni del questionario",
    "sent": "inviato",
    "partly answered": "risposto in parte",
    "answered": "risposto",
    "declined": "rifiutato",
    "expired": "scaduto",
    "not delivered": "non recapitato",
    "questions in the chat": "domande nella chat",
    "link to the survey page": "collegamento alla pagina del questionario",
    "template with the link": "modello con il collegamento",
    "conversation closed": "conversazione chiusa",
    "case resolved": "pratica risolta",
    "channel": "canale",
    "state": "stato",
    "problem": "problema",
    "survey invitation": "invito al questionario",
    "survey invitations": "inviti al questionario",
    "overall": "giudizio complessivo",
    "waiting time": "tempi di attesa",
    "competence": "competenza",
    "courtesy": "cortesia",
    "comment": "commento",
    "survey response": "risposta al questionario",
    "survey responses": "risposte al questionario",
    "This survey is closed. Thank you all the same.": "Questo questionario è chiuso. La ringraziamo comunque.",
    "This link is not valid. Please check that you copied it completely.":
        "Questo collegamento non è valido. Verifichi di averlo copiato per intero.",
    "Error": "Errore",
    "Every question is optional: you can answer only some of them.":
        "Tutte le domande sono facoltative: può rispondere anche solo ad alcune.",
    "Send answers": "Invia le risposte",
    "I prefer not to answer": "Preferisco non rispondere",
    "Thank you": "Grazie",
    "Thank you for contacting %(office)s – %(municipality)s. Would you help us improve the service? "
    "It takes four short answers.":
        "Grazie per aver contattato l'%(office)s – %(municipality)s. Vuole aiutarci a migliorare il servizio? "
        "Bastano quattro brevi risposte.",
    "Overall, how satisfied are you with the service you received?":
        "Nel complesso, quanto è soddisfatto del servizio ricevuto?",
    "How do you rate the waiting time for an answer?": "Come valuta i tempi di attesa per ricevere una risposta?",
    "How do you rate the competence of the staff who answered you?":
        "Come valuta la competenza del personale che le ha risposto?",
    "How do you rate the courtesy of the staff?": "Come valuta la cortesia del personale?",
    "If you wish, you can also leave us a comment on this page:":
        "Se lo desidera, può lasciarci anche un commento a questa pagina:",
    "Thank you for your answers: they help us improve the service.":
        "Grazie per le sue risposte: ci aiutano a migliorare il servizio.",
    "Understood: we will not ask you again for a while. Thank you.":
        "Va bene: non le riproporremo il questionario per un po' di tempo. Grazie.",
    "You can answer four short questions on this page:": "Può rispondere a quattro brevi domande a questa pagina:",
    "Very poor": "Pessimo",
    "Poor": "Scarso",
    "Fair": "Sufficiente",
    "Good": "Buono",
    "Excellent": "Ottimo",
    "satisfied": "soddisfatto",
    "neither satisfied nor dissatisfied": "né soddisfatto né insoddisfatto",
    "dissatisfied": "insoddisfatto",
    "No, thank you": "No, grazie",
    "Answer": "Rispondi",
    "Question %(number)s of %(total)s": "Domanda %(number)s di %(total)s",
}
