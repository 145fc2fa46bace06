"""Personal-data finders that validate what they find and say whose it is.

A candidate only counts when it passes its own check: phone numbers through `phonenumbers` (Italian default region),
codici fiscali and IBANs through `python-stdnum` check characters, plates by the current Italian format. Each finding
then gets an owner:

- `self`: the sender's own number (equal to the number the message came from), a codice fiscale or IBAN the sender
  presents as theirs ("il mio codice fiscale è…", "intestato a me"), or one whose name code matches the sender;
- `relative`: data of a relative the sender speaks for ("mia madre, …");
- `official`: the municipality's treasury IBAN, a toll-free or office number, an allow-listed e-mail domain;
- `business`: the contact number in an advert (the advert is promotion, the number is not someone's privacy);
- `appeal`: the IBAN, PayPal or e-mail of a collection (fundraising, not a person's data);
- `third_party`: someone else's; `unknown`: nothing says.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberType as PhoneType
from stdnum import iban as stdnum_iban
from stdnum.it import codicefiscale

from sportello.moderation.screening.links import EMAIL_RE, domain_allowed
from sportello.moderation.screening.names import Person
from sportello.moderation.screening.normalize import NormText
from sportello.moderation.screening.types import ScreenContext
from sportello.textkit import fold

_CF_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{6}[0-9LMNPQRSTUVlmnpqrstuv]{2}[A-Za-z][0-9LMNPQRSTUVlmnpqrstuv]{2}"
                    r"[A-Za-z][0-9LMNPQRSTUVlmnpqrstuv]{3}[A-Za-z](?![A-Za-z0-9])")
_IBAN_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,32}")
_PLATE_RE = re.compile(r"(?<![A-Za-z0-9])[A-HJ-NPR-Z]{2} ?\d{3} ?[A-HJ-NPR-Z]{2}(?![A-Za-z0-9])")
_ADDRESS_RE = re.compile(r"(?<![^ ])(?:via|viale|piazza|piazzale|corso|vicolo|vico|largo|strada|contrada|localita"
                         r"|borgo)(?: [^ .!?;,]+){1,4}? \d{1,4}(?: [a-z](?= ))?(?: (?:interno|int|scala|piano)"
                         r" \w+)?(?![^ ])")

# Cues read in the few words before a finding (folded text).
_SELF = re.compile(r"\b(?:(?:il |la )?mi[oa] (?:(?:nuov[oa]|altr[oa]|second[oa]|vecchi[oa]) )?(?:numero|cell\w*"
     r"|telefono|recapito|tel|codice fiscale|codice|cf|c f|iban"
                   r"|conto|c c|mail|email|e mail|pec|indirizzo|casella|targa|auto|macchina)|(?:ri)?chiamatemi"
                   r"|contattatemi|richiamarmi|chiamarmi|contattarmi|mi (?:potete|può|puo) (?:ri)?chiamare"
                   r"|mi trovate|scrivetemi|rispondetemi|intestat[oa] a me|my (?:number|phone|email|iban)"
                   r"|call me|reach me|per il (?:mio )?rimborso|quello da cui vi scrivo)\b")
_OFFICIAL = re.compile(r"\b(?:numero verde|centralino|ufficio|comando|comune|comunale|urp|polizia|carabinieri|vigili"
                       r"|farmacia|ospedale|asl|guardia medica|pronto intervento|call center|servizio clienti"
                       r"|segreteria|tesoreria|intestato al comune|conto ufficiale|pagopa)\b")
_RELATIVE_WORDS = (r"(?:madre|padre|mamma|papa|babbo|figli[oa]?|figlie|marito|moglie|nonn[oa]|fratello|sorella|zi[oa]"
                   r"|suocer[oa]|nipote|compagn[oa])")
# "il numero della suocera di mio fratello", "la mail del mio capo": the owner is named, and is not the sender's
# relative.
_THIRD_OWNER = re.compile(r"\b(?:numero|cell\w*|telefono|codice fiscale|cf|iban|mail|email|targa)"
                          r" (?:di|del|della|dello|dell|degli|dei) (?!(?:mi[oa]|miei|mie) " + _RELATIVE_WORDS + r"\b)")
_THIRD = re.compile(r"\b(?:su[oa]|loro) (?:numero|cell\w*|telefono|codice fiscale|codice|cf|iban|conto|mail|email"
                    r"|indirizzo|targa)|\b(?:chiamatel[oai]|chiamateli|ditel[oai]"
                    r"|ditegli|chiedetegli|chiedetele|contattatel[oai]|scrivetegli|scrivetele)\b"
                    r"|\bquest[oa] (?:signor[ae]?|tizi[oa]|ragazz[oa])\b")
# A mobile is somebody's: only an explicit "numero dell'ufficio …" makes it an office's.
_OFFICE_NUMBER = re.compile(r"\b(?:numero verde|centralino|call center|servizio clienti|(?:numero|telefono|tel|cell)"
                            r" (?:dell|del|della|degli|dei) ?(?:ufficio|comune|comando|urp|anagrafe|polizia|vigili"
                            r"|protezione civile|asl|ospedale|farmacia|segreteria|sportello|servizi))\b")
_BOOKING = re.compile(r"\b(?:prenotazioni|prenota|prenotate|ordini|ordina|info|informazioni|preventivi"
                      r"|chiamateci|contattateci|whatsapp)(?: (?:al|allo|il|lo|su|sul))?(?: numero)?\W*$")
_OFFICIAL_AFTER = re.compile(r"\W*(?:dell|del|della|dei|degli) ?(?:ufficio|comune|comando|vigili|urp|centralino"
                             r"|anagrafe|polizia|protezione civile|sportello|servizi)")
_CALLED = re.compile(r"\b(?:ho chiamato|ho telefonato|ho provato a chiamare|ho provato al|chiamo (?:il|al|lo|allo)"
                     r"|abbiamo chiamato)\b")
_THIRD_MESSAGE = re.compile(r"\b(?:(?:il|la|mio|mia|questo|questa|quel|quella|un|una) (?:vicin[oa]|inquilin[oa]"
                            r"|tizi[oa]|ex|collega|proprietari[oa]|padrone di casa|datore di lavoro)|si chiama"
                            r"|non paga)\b")
_RELATIVE = re.compile(r"\b(?:mi[oa]|miei|mie) " + _RELATIVE_WORDS + r"\b")
_APPEAL = re.compile(r"\b(?:raccolt[ae]|colletta|donate|donazion\w*|offerte|causale|intestat[oa] a (?:comitato"
                     r"|associazione|parrocchia|onlus|asd|gruppo)|paypal|gofundme|aiutateci)\b")
_RESIDES = re.compile(r"(?:abita|vive|risiede|sta|abitano|vivono|risiedono|residente|domiciliat[oa]|lives)"
                      r"(?: (?:in|a|al|alla|nel|presso|at))?$")
_SELF_RESIDES = re.compile(r"(?:abito|vivo|risiedo|abitiamo|viviamo|casa mia|mia casa|sotto casa|i live)"
                           r"(?: (?:in|a|al|alla|nel|presso|at))?$")


@dataclass(frozen=True)
class PiiFinding:
    kind: str                # phone, fiscal_code, iban, email, plate, address
    value: str               # normalised: E.164, upper-case codice fiscale, compact IBAN, ...
    span: tuple[int, int]    # offsets in the original text
    owner: str               # self, relative, official, business, appeal, third_party, unknown
    reason: str


def find_pii(
    doc: NormText,
    ctx: ScreenContext,
    persons: list[Person],
    *,
    commercial: bool = False,
    appeal: bool = False,
) -> list[PiiFinding]:
    """All personal data in the text. `commercial`/`appeal` say the message is an advert / a collection."""
    scan = _Scan(doc, ctx, persons, commercial, appeal)
    found: list[PiiFinding] = []
    for finder in (scan.fiscal_codes, scan.ibans, scan.emails, scan.phones, scan.plates):
        for item in finder():
            # a phone-looking run of digits inside an IBAN is part of the IBAN
            if not any(f.span[0] < item.span[1] and item.span[0] < f.span[1] for f in found):
                found.append(item)
    found.extend(_addresses(doc, persons))
    return found


@dataclass
class _Scan:
    doc: NormText
    ctx: ScreenContext
    persons: list[Person]
    commercial: bool
    appeal: bool

    @property
    def text(self) -> str:
        return self.doc.original

    def phones(self) -> Iterator[PiiFinding]:
        text, ctx = self.text, self.ctx
        if sum(map(str.isdigit, text)) < 6:  # map: the count loops in C
            return
        own = _e164(ctx.sender_phone, ctx.default_region) if ctx.sender_phone else None
        for m in phonenumbers.PhoneNumberMatcher(text, ctx.default_region, leniency=phonenumbers.Leniency.VALID):
            value = phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164)
            span = (m.start, m.end)
            before = _before(text, m.start)
            after = fold(text[m.end:m.end + 35])
            ntype = phonenumbers.number_type(m.number)
            if own and value == own:
                owner, why = "self", "equals the number the message came from"
            elif ntype in (PhoneType.TOLL_FREE, PhoneType.SHARED_COST):
                owner, why = "official", "toll-free or shared-cost service number"
            elif _SELF.search(before):
                owner, why = "self", "the sender gives it as their own"
            elif _OFFICE_NUMBER.search(before[-35:]) or _OFFICIAL_AFTER.match(after) or (
                ntype == PhoneType.FIXED_LINE and _OFFICIAL.search(before)
            ):
                owner, why = "official", "an office's number"
            elif self.commercial or _BOOKING.search(before[-30:]):
                owner, why = "business", "the contact number of an advert"
            elif _CALLED.search(before) and not _third_cue(before):
                owner, why = "unknown", "a number the sender tried to call"
            else:
                # A personal number is a mobile: a landline quoted without a name is mostly a shop or an office.
                mobile = ntype in (PhoneType.MOBILE, PhoneType.FIXED_LINE_OR_MOBILE)
                owner, why = self.owner_by_context(span, before, unknown_default=bool(own) and mobile)
            yield PiiFinding("phone", value, span, owner, why)

    def fiscal_codes(self) -> Iterator[PiiFinding]:
        own = (self.ctx.sender_fiscal_code or "").upper().replace(" ", "")
        for m in _CF_RE.finditer(self.text):
            value = m.group().upper()
            if not codicefiscale.is_valid(value):
                continue
            before = _before(self.text, m.start())
            holder = _holder_by_name_code(value, self.persons, self.ctx.sender_name)
            if own and value == own:
                owner, why = "self", "equals the sender's codice fiscale"
            elif _SELF.search(before):
                owner, why = "self", "the sender presents it as their own"
            elif holder:
                owner, why = holder
            else:
                owner, why = self.owner_by_context(m.span(), before, unknown_default=False)
            yield PiiFinding("fiscal_code", value, m.span(), owner, why)

    def ibans(self) -> Iterator[PiiFinding]:
        text = self.text
        official = {re.sub(r"\s", "", x).upper() for x in self.ctx.official_ibans}
        for m in _IBAN_RE.finditer(text):
            value, length = _longest_valid_iban(m.group())
            if not value:
                continue
            span = (m.start(), m.start() + length)
            before = _before(text, m.start(), 80)
            around = before + " " + fold(text[span[1]:span[1] + 60])
            if value in official:
                owner, why = "official", "the municipality's own account"
            elif _OFFICIAL.search(around):
                owner, why = "official", "presented as the municipality's account"
            elif self.appeal:
                # "anche 5 euro, ecco il mio IBAN": one's own account, but given to collect money
                owner, why = "appeal", "the account of a collection"
            elif _SELF.search(around):
                owner, why = "self", "the sender's own account"
            elif _APPEAL.search(around):
                owner, why = "appeal", "the account of a collection"
            else:
                owner, why = self.owner_by_context(span, before, unknown_default=False)
            yield PiiFinding("iban", value, span, owner, why)

    def emails(self) -> Iterator[PiiFinding]:
        official = {x.lower() for x in self.ctx.official_accounts}
        for m in EMAIL_RE.finditer(self.text):
            value = m.group().lower()
            domain = value.rsplit("@", 1)[1]
            before = _before(self.text, m.start())
            if value in official or domain_allowed(domain, self.ctx.allowed_domains) or domain.startswith("pec."):
                owner, why = "official", "an institutional address"
            elif _SELF.search(before):
                owner, why = "self", "the sender's own address"
            elif self.appeal or _APPEAL.search(before):
                owner, why = "appeal", "the account of a collection"
            elif self.commercial:
                owner, why = "business", "the contact of an advert"
            else:
                owner, why = self.owner_by_context(m.span(), before, unknown_default=False)
            yield PiiFinding("email", value, m.span(), owner, why)

    def plates(self) -> Iterator[PiiFinding]:
        # A plate in a parking report is what the police need; it becomes someone's data when it comes with a name.
        named = [p for p in self.persons if p.kind == "other"]
        for m in _PLATE_RE.finditer(self.text):
            before = _before(self.text, m.start())
            if _SELF.search(before):
                owner, why = "self", "the sender's own vehicle"
            elif named or _third_cue(before):
                owner, why = self.owner_by_context(m.span(), before, unknown_default=False)
            else:
                owner, why = "unknown", "a vehicle in a report, with nobody named"
            yield PiiFinding("plate", m.group().replace(" ", ""), m.span(), owner, why)

    def owner_by_context(self, span: tuple[int, int], before: str, *, unknown_default: bool) -> tuple[str, str]:
        """Third party when the words say so; `unknown_default` says a differing sender number is itself a sign."""
        doc = self.doc
        # "il numero della suocera di mio fratello" names its owner; "a mia figlia, il suo numero è …" refers back
        # to the relative the sender speaks for.
        if _THIRD_OWNER.search(before):
            return "third_party", "the text names someone else as its owner"
        if _RELATIVE.search(before):
            return "relative", "data of a relative the sender speaks for"
        if _THIRD.search(before):
            return "third_party", "the text attributes it to someone else"
        at = doc.token_at(span[0])
        earlier = [p for p in self.persons if p.start < at and p.kind != "self"]
        if earlier and earlier[-1].kind == "other":
            return "third_party", f"given with {earlier[-1].name}'s name"
        if earlier and earlier[-1].kind == "relative":
            return "relative", f"data of {earlier[-1].name}, for whom the sender asks"
        if _THIRD_MESSAGE.search(doc.joined):
            return "third_party", "the message is about someone else"
        if unknown_default:
            return "third_party", "differs from the number the message came from"
        return "unknown", "nothing says whose it is"


def _addresses(doc: NormText, persons: list[Person]) -> list[PiiFinding]:
    """A home address only matters when it is someone's: right after their name, or after "abita in"."""
    out = []
    for m in _ADDRESS_RE.finditer(doc.joined):
        i, j = doc.token_range(m.start(), m.end())
        head = doc.joined[max(0, m.start() - 40):m.start()].rstrip()
        near = [p for p in persons if 0 <= i - p.end <= 3 and doc.tokens[i].sent == doc.tokens[p.start].sent]
        if _SELF_RESIDES.search(head):
            owner, why = "self", "the sender's own address"
        elif near:
            owner = {"other": "third_party", "relative": "relative", "self": "self"}[near[-1].kind]
            why = f"address of {near[-1].name}"
        elif _RESIDES.search(head):
            owner = "relative" if _RELATIVE.search(doc.joined) else "third_party"
            why = "where someone else lives"
        else:
            continue  # a street in a report ("buca in via Roma 12") is nobody's personal data
        out.append(PiiFinding("address", m.group(), doc.span(i, j), owner, why))
    return out


# --------------------------------------------------------------------------- helpers


def _before(text: str, start: int, width: int = 50) -> str:
    return fold(text[max(0, start - width):start])


def _third_cue(before: str) -> bool:
    return bool(_THIRD_OWNER.search(before) or _THIRD.search(before))


def _e164(number: str, region: str) -> str | None:
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _longest_valid_iban(raw: str) -> tuple[str, int]:
    """The longest prefix of `raw` that is a valid IBAN, and its length in `raw` (spaces included)."""
    positions = [k for k, ch in enumerate(raw) if ch != " "]
    compact = raw.replace(" ", "").upper()
    for length in range(min(len(compact), 34), 14, -1):
        if stdnum_iban.is_valid(compact[:length]):
            return compact[:length], positions[length - 1] + 1
    return "", 0


# Name codes of the codice fiscale: three consonants of the surname, then of the first name (1st, 3rd, 4th when it
# has four or more), padded with vowels and X. Matching them ties a code to a person named in the same message.
def _code_part(word: str, first_name: bool) -> str:
    letters = [c for c in fold(word).upper() if c.isalpha()]
    cons = [c for c in letters if c not in "AEIOU"]
    vowels = [c for c in letters if c in "AEIOU"]
    if first_name and len(cons) >= 4:
        cons = [cons[0], cons[2], cons[3]]
    return ("".join(cons + vowels) + "XXX")[:3]


def name_code(first: str, surname: str) -> str:
    return _code_part(surname, False) + _code_part(first, True)


def _holder_by_name_code(cf: str, persons: list[Person], sender_name: str | None) -> tuple[str, str] | None:
    prefix = cf[:6]
    candidates = [(p.name, p.kind) for p in persons]
    if sender_name:
        candidates.append((sender_name, "self"))
    for name, kind in candidates:
        words = name.split()
        if len(words) < 2:
            continue
        # "Maria Antonietta Porcu": the first names are joined; a surname may have particles ("De Luca").
        for cut in range(1, len(words)):
            if name_code(" ".join(words[:cut]).replace(" ", ""), "".join(words[cut:])) == prefix:
                owner = {"other": "third_party", "relative": "relative", "self": "self"}[kind]
                return owner, f"its name code matches {name}"
    return None
