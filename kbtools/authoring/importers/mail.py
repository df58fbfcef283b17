"""An e-mail (``.eml``): its HTML part if it has one (emphasis, lists and
links survive), else its text part; images of the message (``cid:``) are
taken from its own parts.

The subject is a title candidate, used when the text has no title of its
own (« Re: », « TR : » and the like are left out). The sender (From) is who
sent the message, not necessarily who wrote the testimony: only a byline in
the text names the author. The message's Date is when it was sent, not when
the testimony was published: it is never the page's date. A text part's
signature (after a line « -- ») is the sender's, not the testimony's.
Attachments are not imported (each can be imported on its own).
"""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

from kbtools.authoring import document as d
from kbtools.authoring.errors import Refused
from kbtools.authoring.importers import READERS, pandoc, text, web
from kbtools.authoring.sources import image_extension

REPLY = re.compile(r"^\s*(?:(?:re|fwd?|tr|réf|ref|aw|wg)\s*(?:\[\d+\])?\s*:\s*)+", re.I)
HEADERS = ("from", "to", "subject", "date", "message-id", "mime-version", "content-type")


def _images(message, root, work: Path) -> None:
    """``<img src="cid:…">`` → the message's own part, saved in *work*."""
    parts = {}
    for part in message.walk():
        cid = (part.get("Content-ID") or "").strip().strip("<>")
        if cid:
            parts[cid] = part
    for number, image in enumerate(root.iter("img"), start=1):
        source = (image.get("src") or "").strip()
        if not source.lower().startswith("cid:"):
            continue
        part = parts.get(source[4:].strip("<>"))
        payload = part.get_payload(decode=True) if part is not None else None
        if not payload:
            image.set("src", "")
            continue
        saved = work / f"cid-{number}"
        saved.write_bytes(payload)
        extension = image_extension(saved)
        if extension:
            saved = saved.rename(saved.with_suffix(extension))
        image.set("src", saved.name)


def load(path: Path, data: bytes, work: Path) -> d.Document:
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not any(message.get(header) for header in HEADERS):
        raise Refused("ce fichier n’est pas un e-mail (.eml) : il n’a aucun en-tête (From, Subject…) ; "
                      "enregistrez le message depuis votre messagerie au format .eml")
    try:
        subject = str(message.get("subject") or "")
    except (ValueError, LookupError):
        subject = ""
    subject = REPLY.sub("", re.sub(r"[ \t\r\n]+", " ", subject).strip()) or None  # no-break spaces stay
    body = message.get_body(preferencelist=("html", "plain"))
    if body is None:
        raise Refused("ce message ne contient pas de texte (ni partie texte, ni partie HTML)")
    try:
        content = body.get_content()
    except (LookupError, UnicodeDecodeError, ValueError) as error:
        raise Refused(f"le texte du message est illisible ({error}) ; son encodage est-il correct ?") from None
    problems: list = []
    for part in message.iter_attachments():
        name = part.get_filename()
        if name and Path(name).suffix.lower() in READERS:
            problems.append((None, f"pièce jointe « {name} » non importée : enregistrez-la et importez-la à part "
                                   f"si c’est le témoignage"))
    if body.get_content_type() == "text/html":
        import lxml.html

        try:
            root = lxml.html.document_fromstring(content).body
        except Exception:
            raise Refused("la partie HTML du message est illisible") from None
        _images(message, root, work)
        context = pandoc.Context(removed=web.strip_code(root), problems=problems)
        blocks = web.to_blocks(root, work, context)
        return d.Document(blocks, subject=subject, problems=context.problems, removed=context.removed)
    content = content.replace("\r\n", "\n")
    content = re.split(r"(?m)^-- ?$", content, maxsplit=1)[0]  # the signature (RFC 3676)
    if not content.strip():
        hint = f" ; {problems[0][1]}" if problems else ""
        raise Refused(f"le message ne contient aucun texte{hint}")
    text.check_active(content)
    return d.Document(text.paragraphs(content), subject=subject, problems=problems)
