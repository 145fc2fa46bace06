"""Copyright: pirated films, matches, music, books, IPTV."""

from __future__ import annotations

from sportello.moderation.screening.lexicons.base import C, Term, adder

TERMS: list[Term] = []
_add = adder(TERMS)

_add(C, "iptv", r"iptv|pezzott[oi]|card ?sharing|decoder (?:sbloccat[oi]|modificat[oi])|codici (?:sky|dazn)"
     r"|(?:sky|dazn|netflix) (?:gratis|craccat[oi]|pirata)|(?:canali|tutto) (?:sky|dazn)(?: e (?:sky|dazn))?"
     r"|m3u8?|senza pagare (?:dazn|sky|netflix|l abbonamento|abbonamento|il canone|la pay tv)", 0.75)
_add(C, "cheap_bundle", r"(?:film|serie|sport|partite|canali)(?: [^ ]+){0,8}? \d+ (?:euro|eur) al mese", 0.35)
_add(C, "unlimited", r"senza limiti|illimitat[oaie]|a volonta|tutto incluso", 0.3, boost=True)
_add(C, "torrent", r"torrents?|torrenting|emule|warez|craccat[oaie]|crackat[oaie]|keygen"
     r"|sblocc\w* (?:la )?(?:licenza|key)", 0.55)
_add(C, "stream_link", r"link (?:dello|allo|per lo|per vedere lo|per lo) streaming|streaming (?:della|delle|del"
     r"|dei) (?:partit[ae]|film|match|gar[ae])|(?:partit[ae]|film) in streaming", 0.45)
_add(C, "free_stream", r"(?:partit[ae]|serie a|champions|match(?:es)?|film|movies?) (?:\S+ ){0,4}?(?:gratis"
     r"|free) (?:in hd|in streaming|in full hd)|(?:gratis|free) in (?:hd|full hd|streaming)|streaming (?:gratis"
     r"|free|pirata)|free streaming|full movie|no subscription|senza abbonamento|watch (?:\S+ ){0,4}?free"
     r"|film complet[oi](?: in italiano)?|film (?:\S+ ){0,3}complet[oi] in italiano", 0.55)
_add(C, "share_content", r"(?:<PRON_A> |li |le )?(?:giro|passo|posso passare|posso girare|posso mandare|mando"
     r"|vendo|condivido|regalo|metto a disposizione|mettiamo a disposizione|carico|ho caricato"
     r"|pubblico)(?: \S+){0,5}? (?:<ART> )?(?:pdf|<CONTENT>)|<CONTENT>(?: [^ ]+){0,12}? (?:li|le|lo|la|ve li"
     r"|ve lo|ve la) (?:giro|passo|mando|condivido|regalo|vendo)|chi vuole (?:vedere|scaricare"
     r"|avere)? ?(?:\S+ ){0,2}?(?:tutt[ie] )?(?:<ART> )?(?:\S+ )?(?:pdf|<CONTENT>)", 0.45)
_add(C, "digital_copy", r"in (?:pdf|epub|mobi|mp3|mp4|mkv|avi|hd|full hd|4k)|(?:il|i) file|copia digitale"
     r"|copie digitali|(?:ce l|l) ho (?:in|su) \S+", 0.3, boost=True)
_add(C, "pirate_site", r"(?:sit[oi]|link|app|server|canale) pirat[aie]|piratat[oaie]|pirateria|(?:film|serie"
     r"|partit[ae]|album) pirata|crackat[oaie]", 0.5)
_add(C, "burned_copies", r"masterizzat[oiae]|copie pirata|(?:cd|dvd) copiat[io]|(?:scaricat[oaie]"
     r"|scaricar[el]\w*) (?:da internet|dal web|da un sito|da youtube|da emule|da torrent)", 0.5)
_add(C, "public_screening", r"proiettar\w*|proiezione|trasmettere in pubblico|mettere su (?:in piazza"
     r"|alla festa)", 0.3, boost=True)
_add(C, "complete_works", r"(?:film|serie|stagion[ei]|album|discografia|saga|collezione|cofanetto) complet[aoie]"
     r"|tutt[ie] (?:gli episodi|le stagioni|i film|gli album|le puntate|le partite)", 0.35)
_add(C, "take_it", r"chi (?:li|lo|la|le) vuole|su (?:chiavetta|usb|hard disk|dvd masterizzat\w*)|ve (?:li|lo|la"
     r"|le) (?:giro|passo|mando)", 0.3, boost=True)
_add(C, "photocopied_books", r"fotocopi\w*<GAP6> (?:<ART> )?(?:\S+ )?<CONTENT>|<CONTENT><GAP6> fotocopiat\w*",
     0.45)
_add(C, "new_release_free", r"(?:ultim[oa]|nuov[oa]|appena uscit[oa]) (?:film|album|libro|episodio|stagione"
     r"|serie)<GAP6> (?:gratis|scaricat\w*|in streaming|free)|(?:gratis|free"
     r"|scarica\w*)<GAP6> (?:l )?(?:ultim[oa]|nuov[oa]) (?:film|album|libro|episodio|stagione|serie)|(?:film"
     r"|serie) (?:ancora )?al cinema<GAP6> (?:gratis|scaricat\w*)", 0.5)
_add(C, "free_download", r"(?:scarica\w*|download|guarda(?:te|re)?|vedere|watch)<GAP6> (?:gratis|free"
     r"|gratuitamente)", 0.3, boost=True)
_add(C, "downloaded", r"(?:scaricat[oaie]|scaricar[eml]\w*|l ho scaricato|downloaded)<GAP6> (?:<ART> )?<CONTENT>"
     r"|<CONTENT>(?: [^ ]+){0,12}? (?:scaricat[oaie]|l ho scaricato|downloaded)", 0.4)
_add(C, "shared_account", r"(?:codice|password|account|credenziali|abbonamento|profilo) (?:di|del|della) (?:sky"
     r"|dazn|netflix|disney|prime video|now tv|infinity|spotify)<GAP12> (?:condivid\w*|prest\w*|dividiamo|divido"
     r"|passo|giro)|(?:condivid\w*|prest\w*|dividere|divido|dividiamo|giro|passo)(?: \S+){0,3} (?:codice"
     r"|password|account|credenziali|abbonamento) (?:di|del|della) (?:sky|dazn|netflix|disney|prime video|now tv"
     r"|infinity)", 0.55)
_add(C, "pdf_books", r"(?:libr[io]|manual[ei]|testi)<GAP6> (?:in )?pdf|pdf (?:dei|del) (?:libr[io]|testi)",
     0.3, boost=True)
_add(C, "dont_buy", r"(?:cosi|per) non (?:li|lo|la|le) (?:comprate|pagate|compri|paghi|comprare|pagare)"
     r"|cosi risparmiate|risparmiate \d+|senza comprarl[oaie]|invece di comprarl[oaie]", 0.35, boost=True)
_add(C, "free_content", r"<CONTENT><GAP6> (?:gratis|free|in hd)", 0.3, boost=True)
_add(C, "release_tags", r"(?:1080p|720p|2160p|bluray|bdrip|brrip|webrip|web dl|dvdrip|hdtv|x264|x265|hevc|xvid"
     r"|hdrip|camrip|sub ita|ita eng|md ita)", 0.3)
