"""Metadata stated by a document, never guessed: a byline (« Par Prénom NOM –
Fonction – Organisation »), a person's name from the document's properties,
a date written in ISO form.

Names in capitals are written as names: « Denis MEIMOUN » → « Denis Meimoun »,
« Jean-Pierre DUPONT-DURAND » → « Jean-Pierre Dupont-Durand », « Charles DE
GAULLE » → « Charles de Gaulle »; a name already in mixed case is kept.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kb.core.french import fold

# A byline starts with one of these (« By » for a text imported with
# --langue-etrangere); « Propos recueillis par … » names the
# interviewer, not the author, and is no byline.
BYLINE_START = re.compile(r"^(?:par|auteure?|autrice|by)\s*(?::\s*|\s)(?=\S)", re.I)
# Between the parts of a byline: a dash (– — or a hyphen between spaces), a
# vertical bar, a comma. A hyphen inside a word (Jean-Pierre) separates nothing.
SEPARATOR = re.compile(r"\s*[–—|]\s*|\s+-\s+|\s*,\s+")
AT = re.compile(r"\s+(?:chez|@|at)\s+", re.I)
PARTICLES = frozenset({"de", "du", "des", "von", "van", "der", "den", "del", "della", "di", "da", "dos", "das",
                       "ben", "bin", "ibn", "el", "al", "zu", "ter", "ten", "y"})
APOSTROPHE = "’'"
# Words that make the second part of « Par Nom, X » a function rather than an organisation.
ROLE_WORDS = frozenset(fold(w) for w in """
adjoint adjointe administrateur administratrice analyste architecte associé associée avocat avocate ceo cdo
chargé chargée chef cheffe chercheur chercheuse chief cio coach collaborateur collaboratrice consultant
consultante conseiller conseillère coo cto cofondateur cofondatrice co-fondateur co-fondatrice délégué
déléguée dg dga dirigeant dirigeante directeur directrice drh dsi développeur développeuse enseignant
enseignante entrepreneur entrepreneuse expert experte fondateur fondatrice gérant gérante head ingénieur
ingénieure journaliste lead manager membre officer partner pdg président présidente professeur professeure
responsable secrétaire salarié salariée stagiaire étudiant étudiante vp vice-président vice-présidente
""".split())
# Values that document properties hold when nobody typed a name.
GENERIC_NAMES = frozenset(fold(n) for n in (
    "python-docx", "microsoft office user", "utilisateur microsoft office", "windows user",
    "utilisateur windows", "utilisateur", "user", "admin", "administrator", "administrateur", "auteur",
    "author", "unknown", "inconnu", "owner", "propriétaire", "rédaction", "la rédaction", "webmaster"))


@dataclass(frozen=True)
class Byline:
    auteur: str
    role: str | None = None
    organisation: str | None = None

    def fields(self) -> dict[str, str]:
        return {k: v for k, v in (("auteur", self.auteur), ("role", self.role),
                                  ("organisation", self.organisation)) if v}


def _title_part(part: str) -> str:
    return part[:1].upper() + part[1:].lower() if part else part


def _token(token: str, index: int, previous: str | None) -> str:
    lowered = token.lower()
    if index and lowered in PARTICLES and (token.isupper() or token.islower()):
        return lowered
    if index and lowered in ("le", "la") and token.isupper():
        return _title_part(token)
    if not token.isupper() or sum(c.isalpha() for c in token) < 2:
        return token
    pieces = re.split(f"([-{APOSTROPHE}])", token)
    out = []
    for position, piece in enumerate(pieces):
        if piece in ("-", *APOSTROPHE):
            out.append(piece)
        elif position == 0 and index and len(pieces) > 2 and pieces[1] in APOSTROPHE and piece.lower() in ("d", "l"):
            out.append(piece.lower())  # Jean D’ALEMBERT → Jean d’Alembert
        else:
            out.append(_title_part(piece))
    return "".join(out)


NAME_TOKEN = re.compile(rf"(?:[^\W\d_][{APOSTROPHE}])?[^\W\d_][^\W\d_.{APOSTROPHE}-]*(?:[-{APOSTROPHE}.][^\W\d_]*)*\.?")


def person_name(text: str | None) -> str | None:
    """*text* as a person's name (two to six words, capitalised, particles
    allowed), with capitals normalised; None when it is not a name."""
    if not text:
        return None
    text = " ".join(text.split())
    if fold(text) in GENERIC_NAMES or len(text) > 80:
        return None
    tokens = text.split(" ")
    if not 2 <= len(tokens) <= 6:
        return None
    named = 0
    for index, token in enumerate(tokens):
        if index and token.lower() in PARTICLES | {"le", "la"}:
            continue
        if not NAME_TOKEN.fullmatch(token) or (not token[0].isupper() and not (
                len(token) > 2 and token[1] in APOSTROPHE and token[2].isupper())):
            return None
        named += 1
    if named < 2:
        return None
    out, previous = [], None
    for index, token in enumerate(tokens):
        out.append(_token(token, index, previous))
        previous = token
    return " ".join(out)


def _clean(part: str) -> str:
    part = part.strip()
    return part[:-1].rstrip() if part.endswith(".") and not part.endswith("..") else part


def parse_byline(text: str) -> Byline | None:
    """« Par Denis MEIMOUN – Responsable de la transformation digitale – GAN
    Assurances » → Byline("Denis Meimoun", "Responsable…", "GAN Assurances")."""
    text = " ".join(text.split())
    match = BYLINE_START.match(text)
    if not match or len(text) > 250:
        return None
    rest = text[match.end():]
    spans = [m.span() for m in SEPARATOR.finditer(rest)]
    bounds = [0, *[i for span in spans for i in span], len(rest)]
    parts = [rest[bounds[i]:bounds[i + 1]] for i in range(0, len(bounds), 2)]
    if any(not p.strip() for p in parts):
        return None
    name = person_name(_clean(parts[0]))
    if not name:
        return None
    if len(parts) == 1:
        return Byline(name)
    if len(parts) == 2:
        second = _clean(parts[1])
        at = AT.search(second)
        if at:
            return Byline(name, second[:at.start()].strip(), second[at.end():].strip())
        words = {fold(w) for w in re.findall(r"[\w-]+", second)}
        return Byline(name, second) if words & ROLE_WORDS else Byline(name, organisation=second)
    # The function is everything between the name and the organisation, as written.
    role = _clean(rest[spans[0][1]:spans[-1][0]])
    return Byline(name, role, _clean(parts[-1]))


def iso_date(text: str | None) -> str | None:
    """The date of an ISO 8601 value (« 2014-05-03T10:00:00+02:00 » →
    « 2014-05-03 »), or of « 2014-05 »; None for anything else."""
    if not text:
        return None
    match = re.match(r"\s*(\d{4})-(\d{2})(?:-(\d{2}))?(?=$|[T\s])", text)
    if not match:
        return None
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month), int(day or 1))
    except ValueError:
        return None
    return f"{year}-{month}-{day}" if day else f"{year}-{month}"
