"""Spam text cues: boosters for a link (the link itself is judged in links.py)."""

from __future__ import annotations

from sportello.moderation.screening.lexicons.base import S, Term, adder

TERMS: list[Term] = []
_add = adder(TERMS)

_add(S, "easy_money", r"guadagn(?:a|are|i|o|ate) (?:\S+ ){0,3}?(?:\d+|soldi|facile)|(?:\d+ ?(?:euro|\$|dollari"
     r"|usd) )?(?:al giorno|a settimana|daily|per day|a day)|earn \d+|make money|work from home|lavoro da casa",
     0.35, boost=True)
_add(S, "gambling", r"casino|bonus \d+ ?%|\d+ ?% bonus|senza deposito|free spins?|giri gratis|scommess[ae]|slot"
     r"|emoji_casino", 0.35, boost=True)
_add(S, "crypto", r"crypto|cripto\w*|bitcoin|btc|ethereum|forex|trading|nft|airdrop", 0.35, boost=True)
_add(S, "prize", r"sei stat[oa] selezionat[oa]|hai vinto|avete vinto|sei il vincitore|vincitore fortunato"
     r"|you (?:have )?won|congratulazioni|complimenti,? (?:sei|hai)|ritiral[oa]|riscatta|claim (?:your|now)",
     0.4, boost=True)
_add(S, "click_now", r"clicca(?:te)? (?:qui|ora|subito|sul link)|tocca qui|entro (?:oggi|24 ore|poche ore"
     r"|stasera)|iscriviti (?:ora|subito|gratis)|join (?:now|us)|sign up|click here|limited time|act now"
     r"|leggete qui", 0.3, boost=True)
_add(S, "phishing", r"(?:conto|account|carta|profilo|pacco|spedizione) (?:sospes[oa]|bloccat[oa]|limitat[oa]"
     r"|in giacenza)|verifica (?:i tuoi dati|i dati|l account|su|qui|subito)|accedi (?:qui|subito|per)"
     r"|aggiorna (?:i tuoi )?dati|inserisci (?:i )?(?:tuoi )?dati|conferma (?:i )?(?:tuoi )?dati"
     r"|your account (?:is|has been) (?:suspended|locked)|verify your", 0.4, boost=True)
_add(S, "misinformation", r"non pagate|non pagatela|condividete|fate girare|diffondete"
     r"|la verita che non (?:vi )?dicono|svegliatevi|e illegittim[ao]|e una truffa del comune|ecco le prove"
     r"|(?:vi|ci) (?:sta|stanno) (?:truffando|fregando|prendendo in giro|nascondendo)", 0.3, boost=True)
_add(S, "like_my_video", r"(?:un |mettete |lasciate |date )(?:like|mi piace)|iscrivetevi al (?:mio )?canale"
     r"|il mio (?:video|canale|profilo)|condividete il (?:mio )?video|follower\w*", 0.3, boost=True)
_add(S, "spam_emoji", r"emoji_(?:razzo|soldi|fuoco|freccia|regalo)", 0.15, boost=True)
