"""A new testimonial page: its name (slug), its identifier, its front matter,
and writing it without ever replacing a file.

The page is written to a temporary file in the testimonials folder, then
hard-linked to its name: ``link`` fails if the name exists, so an existing
page is never replaced, and an interrupted command leaves no half-written
page (at most a hidden ``.<slug>.*.tmp`` file, removed on the way out).
Images go to ``<slug>/`` beside the page, moved in place before the page.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kb.core.french import fold
from kb.core.schema import SCHEMA
from kbtools.authoring.errors import Refused, typeset
from kbtools.project import testimonial_paths, testimonials_dir

SLUG_WORDS = 6
SLUG_CHARS = 60
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
IDENTIFIER = re.compile(r"T-(\d{3,})")
DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# Words too common to name a page: articles, prepositions, elided forms.
SLUG_STOP = frozenset("""
a au aux c ce ces cet cette d de des du en est et j l la le les m n ne ou par pour qu que qui s sa se ses
son sur t un une y
""".split())


def slugify(title: str) -> str:
    """A short file name from *title*: accents folded, lower case, hyphens,
    at most six significant words (« La révolution digitale n’est rien… » →
    « revolution-digitale-rien-autre-refondation-relation »)."""
    words = re.findall(r"[a-z0-9]+", fold(title))
    kept = [w for w in words if w not in SLUG_STOP] or words
    slug = ""
    for word in kept[:SLUG_WORDS]:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > SLUG_CHARS:
            break
        slug = candidate
    return slug or "temoignage"


# --- option values -------------------------------------------------------------
def check_text(value: str, option: str) -> str:
    """One line; runs of ordinary white space as one space (no-break spaces stay)."""
    text = re.sub(r"[ \t\r\n\f\v]+", " ", value).strip(" \t\r\n\f\v")
    if not text.strip():
        raise Refused(f"l’option {option} est vide ; donnez une valeur", status=2)
    return text


def check_date(value: str) -> str:
    """AAAA-MM-JJ, AAAA-MM or AAAA, and a real date."""
    match = DATE.fullmatch(value.strip())
    try:
        if not match:
            raise ValueError
        year, month, day = (int(g) if g else None for g in match.groups())
        dt.date(year, month or 1, day or 1)
    except ValueError:
        raise Refused(f"« {value} » n’est pas une date ; écrivez-la AAAA-MM-JJ, AAAA-MM ou AAAA "
                      f"(par exemple 2014-05-03)", status=2) from None
    return value.strip()


def check_url(value: str) -> str:
    value = value.strip()
    if not re.fullmatch(r"https?://[^\s/?#]+\S*", value, re.I):
        raise Refused(f"« {value} » n’est pas une adresse web ; elle doit commencer par https:// "
                      f"ou http://", status=2)
    return value


def check_slug(value: str) -> str:
    value = value.strip().removesuffix(".md")
    if not SLUG.fullmatch(value) or len(value) > 100:
        raise Refused(f"« {value} » ne convient pas comme nom de page : lettres minuscules sans accent, "
                      f"chiffres et traits d’union (par exemple dupont-relation-client)", status=2)
    return value


def check_identifier(value: str) -> str:
    value = value.strip()
    if not IDENTIFIER.fullmatch(value):
        raise Refused(f"« {value} » n’est pas un identifiant ; attendu : T- suivi d’au moins trois chiffres "
                      f"(T-012)", status=2)
    return value


# --- the testimonials already there ------------------------------------------------
@dataclass
class Existing:
    """What the testimonials folder already holds: identifiers, addresses."""

    folder: Path
    identifiers: dict = field(default_factory=dict)  # "T-001" -> path
    addresses: dict = field(default_factory=dict)  # "temoignages/x" -> path (old addresses)

    def next_identifier(self) -> str:
        """One more than the highest identifier: a deleted testimonial's
        identifier is never given again (its permanent address may be known)."""
        numbers = [int(IDENTIFIER.fullmatch(i).group(1)) for i in self.identifiers if IDENTIFIER.fullmatch(i)]
        return f"T-{max(numbers, default=0) + 1:03d}"


FRONT = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)


def scan(source: Path) -> Existing:
    """Every testimonial's identifier and old addresses (front matter only)."""
    folder_name = testimonials_dir(source)
    existing = Existing(source / folder_name)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in testimonial_paths(source):
        try:
            match = FRONT.match(path.read_text(encoding="utf-8", errors="replace"))
            data = yaml.load(match.group(1), Loader=loader) if match else None
        except (OSError, yaml.YAMLError):
            continue
        if not isinstance(data, dict):
            continue
        identifier = data.get("identifiant")
        if isinstance(identifier, str):
            existing.identifiers.setdefault(identifier.strip(), path)
        for old in data.get("anciennes_adresses") or []:
            if isinstance(old, str):
                existing.addresses[old.strip().strip("/")] = path
    return existing


def check_free(existing: Existing, slug: str, identifier: str, source: Path) -> None:
    """Refuse a name or an identifier that another page has."""
    page = existing.folder / f"{slug}.md"
    if page.exists() or page.is_symlink():
        raise Refused(f"{_rel(page, source)} existe déjà : rien n’a été écrit (un témoignage n’est jamais "
                      f"remplacé) ; choisissez un autre nom avec --slug")
    address = f"{existing.folder.name}/{slug}"
    if address in existing.addresses:
        raise Refused(f"« {address} » est une ancienne adresse de {_rel(existing.addresses[address], source)} "
                      f"(anciennes_adresses) : rien n’a été écrit ; choisissez un autre nom avec --slug")
    if identifier in existing.identifiers:
        raise Refused(f"l’identifiant {identifier} est déjà celui de "
                      f"{_rel(existing.identifiers[identifier], source)} : rien n’a été écrit ; "
                      f"choisissez-en un autre avec --identifiant (le prochain libre : "
                      f"{existing.next_identifier()})")


def _rel(path: Path, source: Path) -> str:
    with contextlib.suppress(ValueError):
        return path.relative_to(source).as_posix()
    return str(path)


# --- front matter -----------------------------------------------------------------
def _yaml_value(name: str, value: str) -> str:
    if name == "date" or name == "identifiant":
        return f"{name}: {value}"
    dumped = yaml.safe_dump({name: value}, allow_unicode=True, width=10**9, default_flow_style=False)
    return dumped.rstrip("\n").removesuffix("\n...")


def front_matter(meta: dict, themes: list[str]) -> str:
    """The YAML header: the known fields, then every other field as a comment
    for the author to fill in (« # role: … — Sa fonction… »)."""
    lines = ["---"]
    missing = []
    for spec in SCHEMA:
        value = meta.get(spec.name)
        if value:
            lines.append(_yaml_value(spec.name, value))
        else:
            missing.append(spec)
    if missing:
        lines.append(typeset("# Champs facultatifs : retirez « # » devant une ligne pour la remplir."))
        hints = {"text": "…", "date": "AAAA-MM-JJ", "url": "https://…", "identifier": "T-…",
                 "themes": f"[{', '.join(themes[:2])}]", "paths": "[temoignages/ancien-nom]"}
        for spec in missing:
            lines.append(f"# {spec.name}: {hints[spec.kind]}  — {typeset(spec.description)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


# --- writing --------------------------------------------------------------------
def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_page(folder: Path, slug: str, text: str, images: list[tuple[Path, str]] = (),
               *, source: Path | None = None) -> Path:
    """Write ``<folder>/<slug>.md`` (and its images in ``<folder>/<slug>/``),
    never replacing anything; return the page's path."""
    source = source or folder.parent
    page = folder / f"{slug}.md"
    media = folder / slug
    if page.exists() or page.is_symlink():
        raise Refused(f"{_rel(page, source)} existe déjà : rien n’a été écrit (un témoignage n’est jamais "
                      f"remplacé) ; choisissez un autre nom avec --slug")
    if images and (media.exists() or media.is_symlink()):
        raise Refused(f"le dossier {_rel(media, source)} existe déjà : rien n’a été écrit ; choisissez un "
                      f"autre nom avec --slug")
    if not folder.is_dir():
        raise Refused(f"le dossier des témoignages {_rel(folder, source)} n’existe pas")
    mode = 0o666 & ~_umask()
    media_tmp: Path | None = None
    media_placed = False
    descriptor, temporary = tempfile.mkstemp(prefix=f".{slug}.", suffix=".md.tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        if images:
            media_tmp = Path(tempfile.mkdtemp(prefix=f".{slug}.", suffix=".tmp", dir=folder))
            for original, name in images:
                shutil.copyfile(original, media_tmp / name)
                os.chmod(media_tmp / name, mode)
            os.chmod(media_tmp, 0o777 & ~_umask())
            try:
                os.rename(media_tmp, media)  # fails on a folder that is not empty
            except OSError:
                raise Refused(f"le dossier {_rel(media, source)} existe déjà : rien n’a été écrit") from None
            media_tmp, media_placed = None, True
        _link_new(Path(temporary), page, source)
    except BaseException:
        if media_placed:
            shutil.rmtree(media, ignore_errors=True)
        raise
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if media_tmp is not None:
            shutil.rmtree(media_tmp, ignore_errors=True)
    return page


def _link_new(temporary: Path, page: Path, source: Path) -> None:
    """Give *temporary* the name *page*, failing if that name exists."""
    try:
        os.link(temporary, page)
    except FileExistsError:
        raise Refused(f"{_rel(page, source)} existe déjà : rien n’a été écrit (un témoignage n’est jamais "
                      f"remplacé) ; choisissez un autre nom avec --slug") from None
    except OSError as error:  # a file system without hard links: claim the name, then fill it
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        try:
            os.close(os.open(page, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        except FileExistsError:
            raise Refused(f"{_rel(page, source)} existe déjà : rien n’a été écrit") from None
        os.replace(temporary, page)
