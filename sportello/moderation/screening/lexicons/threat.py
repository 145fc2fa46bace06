"""Threats: the speaker as the one who will hurt, veiled threats, incitement to violence."""

from __future__ import annotations

from sportello.moderation.screening.lexicons.base import T, Term, adder

TERMS: list[Term] = []
_add = adder(TERMS)

_PESTS = (r"\b(?:topi|ratti|zanzare|nutrie|piccioni|cinghiali|vespe|calabroni|blatte|scarafaggi|processionari\w*"
          r"|insetti|zecche|pulci|cimici|erbacce|gabbiani|storni|formiche|tarli|termiti|lumache|talpe)\b")

_add(T, "kill_you", r"<PRON_A> <KILL1>", 0.85)
_add(T, "hurt_you", r"<PRON_P> <HARM1>", 0.8)
_add(T, "vandalise_yours", r"<PRON_P> (?:taglio|tagliero|buco|buchero|squarcio|rigo|righero|sfregio|sfascio"
     r"|brucio) (?:tutt[ei] )?(?:le gomme|le ruote|la macchina|le macchine|l auto|le auto|la gola|la faccia"
     r"|la casa|il negozio|la moto|i vetri)", 0.8)
_add(T, "break_body", r"(?:rompo|rompero|romperemo|rompiamo|spacco|spacchero|spacchiamo|sfondo|sfondero|brucio"
     r"|brucero|bruciamo|distruggo|distruggero) (?:<ART> )?(?:faccia|testa|gambe|ossa|denti|muso|naso|collo"
     r"|braccia|schiena|culo|macchina|auto|vetrin[ae]|finestr[ae]|portone|ufficio|uffici|municipio|comune|sede"
     r"|casa)", 0.6)
_VIOLENT_1P = (r"(?:ammazz|uccid|accoltell|massacr|sgozz|strozz|fucil|pest|picchi|sotterr|incendi|sfasci|sfond|devast"
               r"|distrugg|spacc|bruc|brucer|sotterr)(?:o|io|ero|eremo|iamo|hero|heremo|hiamo)|seppellisco"
               r"|seppellir\w*|fracasso|spezzo|spezzero|rompo|rompero|rompiamo")
_add(T, "harm_target", r"(?:" + _VIOLENT_1P + r")(?: anche)? (?:(?:la|il|le|i|l|lo|gli) )?(?:vostr[aeio]|tu[aeo]|tuoi"
     r"|su[aeo]|suoi|qualcuno|tutti|voi|te|lui|lei|chi|quell\w*|sede|ufficio|uffici|comune|municipio|vetrat[ae]"
     r"|vetrin[ae]|finestr[ae]|porta|portone|sportello|comando|auto|macchina|macchine|casa (?:sua|tua|vostra)"
     r"|<ROLE>)",
     0.75, unless=_PESTS)
_add(T, "bury_you", r"<PRON_A> (?:sotterro|sotterrero|seppellisco|seppellir[oe]|spezzo|spezzero|sfregio|sgozzo"
     r"|rovino|rovinero|distruggo|distruggero)", 0.75)
_add(T, "you_asked_for_it", r"(?:te la sei|ve la siete|se l e) cercat[ao]|(?:che|cosi) (?:ve lo|te lo"
     r"|se lo) (?:ricordate|ricorderete|ricordi|ricorderai|ricorda)(?! \?)|(?:ve ne|te ne|se ne) ricorderete"
     r"|non (?:ve lo|te lo) scordate", 0.5)
_add(T, "see_you_later", r"ci vediamo (?:stasera|fuori|presto|dopo|sotto casa|all uscita|domani)|ci rivedremo",
     0.3, boost=True)
_add(T, "smash_everything", r"(?:spacco|spacchero|spacchiamo|sfascio|sfascero|distruggo|distruggero|rompo"
     r"|rompero|devasto) tutto", 0.6)
_add(T, "do_harm", r"<PRON_A> (?:faccio|faro|facciamo|faremo) (?:la pelle|la festa|del male|nero|neri|nera|fuori"
     r"|secc[oaie]|a pezzi|vedere i sorci verdi)", 0.8)
_add(T, "beat_up", r"<PRON_A> (?:prendo|prendero|prendiamo|prenderemo) a (?:schiaffi|calci|pugni|botte|sberle"
     r"|bastonate|sprangate|mazzate|ceffoni|martellate|sassate|cinghiate)", 0.8)
_add(T, "should_be_beaten", r"(?:andrebbe|andrebbero|va|vanno|meriterebbe|meriterebbero|merita"
     r"|meritano) (?:pres[oaie]|pigliat[oaie]) a (?:schiaffi|calci|pugni|botte|sberle|bastonate|sprangate"
     r"|mazzate)", 0.6)
_add(T, "coming_for_you", r"<PRON_A> (?:vengo|veniamo|verro|verremo|vado|andiamo) a (?:cercare|beccare|stanare)"
     r"|<PRON_A> (?:vengo|veniamo|verro|verremo) a (?:prendere|trovare) (?:a casa|sotto casa|fuori|all uscita)",
     0.6)
_add(T, "massacre", r"(?:faccio|facciamo|faro|faremo|fare) (?:una |un )?(?:strage|massacro|carneficina|macello)"
     r"|(?:vi|li|le) stermin(?:o|ero|iamo)|faccio fuori tutti", 0.75, unless=_PESTS)
_add(T, "hospital", r"(?:finirai|finirete|finira|finisci|finite) (?:in ospedale|al pronto soccorso|al cimitero"
     r"|sottoterra|all obitorio|in un fosso)|(?:ti|vi|lo|la|li) (?:mando|mandiamo|mandero"
     r"|spedisco) (?:in ospedale|al cimitero|all altro mondo|al creatore)", 0.65)
_add(T, "we_will_see_to_it", r"(?:altrimenti|sennò|senno|se no|o) (?:ci penso io"
     r"|ci pensiamo noi)(?: \S+){0,3}? (?:a voi|alle vostre|al vostro|ai vostri|a lui|a lei|alla sua|alle sue"
     r"|al suo|ai suoi|al sindaco|all assessore|a te|alla tua|alle tue)|(?:se lo|se la|ve lo|ve la|te lo"
     r"|te la) (?:ritrova|ritrovera|ritroverete|trovera|troverete|troverai)(?: \S+){0,2}? (?:sotto casa"
     r"|davanti casa|fuori)", 0.6)
_add(T, "at_your_door", r"(?:andiamo|vado|veniamo|vengo|passo|passiamo|ci presentiamo|mi presento|verro"
     r"|verremo)(?: a| sotto| davanti a)? (?:sotto casa|a casa|casa) (?:sua|tua|vostra|del|della|dell)", 0.45)
_add(T, "and_then_we_see", r"e (?:poi )?vediamo|e vedrete|e vedrai|vedrete cosa succede|vedrai cosa succede"
     r"|poi vediamo chi ride", 0.3, boost=True)
_add(T, "find_home", r"(?:trovare|scoprire|cercare|sapere) dove (?:abita|vive|sta di casa"
     r"|parcheggia)(?: \S+){0,2}? (?:quell\w* |il |la |l )?<ROLE>", 0.55)
_add(T, "better_for_you", r"vi conviene|ti conviene|le conviene|con qualche amico mio|con i miei amici"
     r"|coi miei amici", 0.25, boost=True)
_add(T, "dead_man", r"(?:e|sei|siete|sono) (?:un uomo|una donna|gente) mort[oae]|(?:siete"
     r"|sono) (?:tutti )?(?:gia )?morti|sei (?:gia )?mort[oa]", 0.6)
_add(T, "lose_the_urge", r"<PRON_A> (?:faccio|faro|facciamo|faremo) (?:passare la voglia|vedere io"
     r"|vedere chi sono)|(?:ti|la|lo) sistemo io|te la faccio vedere io", 0.55)
_add(T, "if_i_meet_you", r"se (?:la|lo|ti|vi|li|le) (?:incontro|becco|trovo|vedo|pesco)", 0.3, boost=True)
_add(T, "must_disappear", r"(?:quell\w*|<ROLE>|impiegat[oa]|lui|lei|quello|quella) (?:deve|devono"
     r"|dovrebbe) sparire", 0.5)
_add(T, "or_else_me", r"(?:altrimenti|sennò|senno|se no) ci (?:penso|pensiamo) (?:io|noi)", 0.35, boost=True)
_add(T, "should_watch_out", r"(?:deve|devono|dovrebbe|dovrebbero) stare (?:molto )?attent[oaie]", 0.4)
_add(T, "something_may_happen", r"(?:gli|le|vi|ti) (?:potrebbe|puo|potrebbero) succedere qualcosa"
     r"|non si sa mai (?:cosa )?(?:gli |le |vi |ti )?(?:puo|potrebbe) succedere", 0.3, boost=True)
_add(T, "expect_visit", r"(?:aspettatevi|aspettati|preparatevi|preparati|aspettatevela"
     r"|aspettatela) (?:una visita|visite|sorprese|brutte sorprese|il peggio|guai|le conseguenze)"
     r"|non sara (?:piacevole|bello)|ve ne accorgerete|te ne accorgerai", 0.5)
_add(T, "watching_you", r"(?:vi|ti|la|lo) (?:tengo|teniamo) d occhio|(?:so|sappiamo) chi (?:sei|siete|e)|(?:vi"
     r"|ti) stiamo guardando", 0.3, boost=True)
_add(T, "know_children", r"(?:so|sappiamo|conosco|conosciamo) (?:chi (?:sei|siete|e)|dove)<GAP6> (?:figli"
     r"|bambini|moglie|marito|famiglia|casa tua|casa vostra)", 0.65)
_add(T, "kill_target", r"(?:ammazz|uccid|accoltell|massacr|sgozz|fucil|strozz|impicc|spar)(?:o|ero|iamo"
     r"|eremo)(?: a)? (?:tutti|voi|te|lui|lei|quell\w*|quei|quegli|(?:il|la|l|lo|i|gli|le) (?:<ROLE>|vicin[oaie]"
     r"|tizi[oa]|capo|impiegat[oaie]))", 0.8)
_add(T, "intent_enclitic", r"(?:vengo|veniamo|verro|vado|andro|voglio|vorrei|devo|giuro che|prima o poi"
     r"|rischio di|sto per|finisce che|appena (?:lo|la|li|ti|vi) (?:vedo|trovo)) (?:a |ad |di )?(?:ammazz|uccid"
     r"|spacc|accoltell|scann|sgozz|massacr|pest|strozz|fucil|impicc|squart|sparar|picchiar|menar|bruciar"
     r"|incendiar)\w*(?:ti|vi|lo|la|li|le|gli|glie\w*)", 0.8)
_add(T, "want_dead", r"(?:ti|vi|lo|la|li|le) (?:voglio|vorrei|vogliamo) (?:vedere )?mort[oaie]", 0.75)
_add(T, "blow_up", r"<PRON_A> (?:faccio|facciamo|faro|faremo) (?:saltare|esplodere) (?:in aria|per aria"
     r"|il cervello|la testa|le cervella)|(?:faccio|facciamo|faro|faremo) (?:saltare|esplodere) (?:tutto|tutti)"
     r"|(?:faccio|facciamo|faro|faremo) (?:saltare|esplodere) (?:in aria|(?:il|la|l|lo|tutto il"
     r"|tutta la) <BUILDING>)", 0.85)
_add(T, "set_fire", r"(?:do|diamo|daro|daremo|dar|dare|appicco) fuoco (?:a|al|alla|all|ai|alle"
     r"|agli) (?:<BUILDING>|te|voi|lui|lei|tutto|tutti|<ROLE>)", 0.8)
_add(T, "bomb", r"(?:metto|mettiamo|mettero|piazzo|piazzero|porto|portero|lancio|lanciamo) (?:una|la|delle|le"
     r"|un) (?:bomb[ae]|ordigno|molotov)|(?:bomb[ae]|ordigno|molotov) (?:al|nel|in|sotto il|sotto al"
     r"|davanti al) <BUILDING>", 0.85)
_add(T, "weapon", r"(?:prendo|prendero|tiro fuori|vengo|verro|arrivo|torno|tornero|veniamo|passo"
     r"|entro)<GAP6> (?:con )?(?:il|la|lo|l|un|una|mio|mia|la mia|il mio) (?:fucile|pistola|coltello"
     r"|coltellaccio|mazza|spranga|machete|accetta|ascia|kalashnikov|mitra|doppietta|lupara|lanciafiamme"
     r"|revolver|mazza da baseball)|(?:vengo|verro|veniamo|torno|tornero|arrivo|entro|salgo)<GAP6> con (?:la"
     r"|una) tanica|(?:vengo|verro|veniamo|torno|tornero|arrivo|entro|salgo)<GAP6> con (?:la|della) benzina", 0.8)
_add(T, "firearm", r"(?:porto|portero|prendo|prendero|tiro fuori|vengo con|arrivo con)(?: \S+){0,2}? (?:la|il|lo"
     r"|un|una|mio|mia|la mia|il mio) (?:pistola|fucile|kalashnikov|mitra|lupara|doppietta|revolver|machete"
     r"|mazza da baseball|spranga)", 0.75)
_add(T, "flamethrower", r"(?:col|con il|con un|coi|con i|a colpi di) (?:lanciafiamme|napalm|mitra|kalashnikov"
     r"|bazooka)", 0.75)
_add(T, "weapon_emoji", r"emoji_(?:bomba|pistola|coltello)", 0.25, boost=True)
_add(T, "shoot_at", r"(?:sparo|sparero|spariamo|spareremo|sparerei) (?:a|in testa a|addosso a|contro) (?:te|voi"
     r"|lui|lei|tutti|quel\w*|chi|qualcuno|il|la|l|<ROLE>)", 0.8)
_add(T, "careful_when_out", r"(?:stia|stiano) attent[oaie] (?:quando|la sera|di sera|di notte|a quando|a dove"
     r"|a come)|(?:stai|state) attent[oaie] quando (?:esci|uscite|torni|tornate|rientri|rientrate) (?:la sera"
     r"|di sera|di notte|da sol[oaie]|a casa)", 0.5)
_add(T, "alone_at_night", r"attent[oaie](?: quando)?<GAP3> (?:la sera|di sera|di notte|da sol[oa]|sotto casa)",
     0.3)
_add(T, "know_where_you_live", r"(?:so|sappiamo|conosco|conosciamo) (?:bene )?(?:dove|dov) (?:abiti|abitate|vivi"
     r"|vivete|stai di casa|state di casa|lavori|lavorate|parcheggi|porti i figli|vanno a scuola i tuoi)", 0.6)
_add(T, "know_where_he_lives", r"(?:so|sappiamo|conosco|conosciamo) (?:bene )?(?:dove|dov) (?:abita|abitano|vive"
     r"|vivono|sta di casa|lavora|parcheggia|porta i figli)", 0.35, boost=True)
_add(T, "we_know_him", r"(?:lo|la|li|vi|ti) conosc(?:o|iamo) (?:tutti|bene)", 0.35, boost=True)
_add(T, "know_family", r"conosc(?:o|iamo) (?:la tua|la sua|la vostra|i tuoi|i suoi|i vostri) (?:famiglia|figli"
     r"|moglie|marito)", 0.65)
_add(T, "make_you_pay", r"(?:te|ve|me|gliel[ae]?|gliela) ?la (?:faccio|faro|faremo|facciamo) pagare"
     r"|gliela (?:faccio|faro|faremo|facciamo) pagare|(?:me|ce) la pagherete|la pagherete (?:cara|carissima)"
     r"|me la pagherai|la pagherai", 0.7)
_add(T, "bad_end", r"(?:farete|farai|fara|faranno) (?:una )?brutta fine|(?:finirete|finirai) male", 0.6)
_add(T, "regret", r"(?:ve|te|se) ne (?:pentirete|pentirai|pentira)|guardati (?:le spalle|alle spalle)|(?:deve"
     r"|devono|dovrebbe|dovete|devi) guardarsi (?:le|alle) spalle|si guardi (?:le|alle) spalle|guardatevi (?:le"
     r"|alle) spalle|(?:hai|avete|ha) i giorni contati", 0.65)
_add(T, "wait_outside", r"(?:ti|vi|la|lo) (?:aspetto|aspettiamo|aspettero|vengo a prendere|veniamo a prendere"
     r"|vengo a cercare|trovo) (?:fuori|sotto casa|all uscita)", 0.6)
_add(T, "not_over", r"non finisce qui|uomo avvisato|non sai con chi hai a che fare"
     r"|non sapete con chi avete a che fare|te la vedrai con me|ve la vedrete con me", 0.35, boost=True)
_add(T, "incite_kill", r"(?:andrebbero|vanno|devono essere|dovrebbero essere|meritano di essere"
     r"|sarebbero da) (?:tutti )?(?:ammazzat|uccis|fucilat|impiccat|sterminat|gasat|bruciat[io] viv"
     r"|pres[io] a (?:sprangate|bastonate|fucilate))\w*|(?:bisognerebbe|bisogna|dovrebbero|vorrei|andrebbe"
     r"|meriterebbe(?:ro)?|meritano)(?: \S+)? (?:ammazzar|uccider|impiccar|fucilar|sterminar|bruciarl|picchiarl"
     r"|sparargl)\w*", 0.8, unless=_PESTS)
_add(T, "wish_death", r"(?:devi|dovete|deve|dovreste|dovresti|spero che(?: \S+)?) (?:morire|crepare|muoia"
     r"|muoiano|crepi|crepino|crepiate|muoiate)|(?:crepate|morite) (?:tutti|ammazzati|male)|(?:ti|vi) (?:auguro"
     r"|auguriamo) (?:di )?(?:morire|la morte|un cancro|un tumore)", 0.7)
_add(T, "en_threat", r"i ?(?:will|ll|am going to|m going to|m gonna|gonna) (?:kill|shoot|stab|hurt|beat|burn"
     r"|find) (?:you|him|her|them|the|your|every\w*)|burn (?:down )?(?:the|your) (?:office|town hall|city hall"
     r"|building|house|car)|blow (?:up )?(?:the|your) (?:office|town hall|city hall|building)"
     r"|i know where you live|watch your back|you (?:ll|will) (?:pay|regret)|(?:you|they) (?:should"
     r"|deserve to) die|(?:i ll |i will )?make (?:you|them|him|her) pay", 0.7)
