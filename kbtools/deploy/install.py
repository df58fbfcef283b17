"""Install the published release into a web server's folder, atomically.

The destination folder (DEST) is managed by this module, and only it::

    DEST/.kb-install              says the folder is ours: a folder without it is never touched
    DEST/.kb-install.lock         one installation at a time
    DEST/releases/<id>/           the site of one release (a copy of _build/releases/<id>/html)
    DEST/current -> releases/<id> the web server's root, swapped by one rename

A release is copied into ``releases/.<id>.partial`` (hard links when DEST is on
the file system of ``_build``, a copy otherwise), renamed ``releases/<id>``
once complete, and only then does ``current`` change, with ``os.replace``: a
request is answered from the old release or from the new one, never from a
mix, and the old one stays in place until the new one is whole. The previous
release is kept (for requests in flight, and to go back to it); older ones are
removed. An interrupted installation leaves ``current`` as it was; its partial
copy is removed by the next one.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from kbtools.build.layout import Layout
from kbtools.messages import system_error

MARKER = ".kb-install"
LOCK = ".kb-install.lock"
MARKER_TEXT = ("Dossier géré par « python -m kb install » (make install) : le serveur web sert current/.\n"
               "N’y placez pas d’autres fichiers : les anciennes éditions sont supprimées.\n")


class InstallFailed(Exception):
    """The installation could not be done; the installed site has not changed."""


@dataclass(frozen=True)
class Installed:
    dest: Path
    release: str  # the id of the release now served
    previous: str | None  # the release served before, kept on disk
    files: int = 0
    linked: int = 0  # how many of the files are hard links (the others are copies)
    unchanged: bool = False  # the release was already the current one

    @property
    def root(self) -> Path:
        """The folder the web server serves."""
        return self.dest / "current"


def published_release(layout: Layout) -> Path:
    """The release ``_build/current`` points to, if a complete one was published."""
    if not (layout.current / "html" / "index.html").is_file():
        raise InstallFailed(f"aucune édition publiée dans « {layout.build} » : construisez d’abord le site "
                            "(« make » ou « python -m kb build »)")
    return layout.current.resolve()


def install(layout: Layout, dest: Path, *, copy: bool = False) -> Installed:
    """Install the current release of *layout* into *dest*, swapping it in atomically."""
    release = published_release(layout)
    dest = Path(os.path.abspath(dest))
    try:
        _claim(dest)
        with _locked(dest):
            return _install(release, dest, link=not copy)
    except PermissionError as error:
        raise InstallFailed(f"impossible d’écrire dans « {dest} » (droits insuffisants sur « {error.filename} ») : "
                            "lancez l’installation avec un compte qui peut y écrire") from error
    except OSError as error:
        raise InstallFailed(f"erreur du système de fichiers dans « {dest} » : {system_error(error)} "
                            f"({error.filename})") from error


def _claim(dest: Path) -> None:
    """Make sure *dest* is ours: created here, empty, or marked by an earlier installation."""
    if dest.is_symlink() and not dest.exists():
        raise InstallFailed(f"« {dest} » est un lien symbolique vers un dossier qui n’existe pas")
    if dest.exists() and not dest.is_dir():
        raise InstallFailed(f"« {dest} » existe et n’est pas un dossier")
    if not dest.exists():
        if not dest.parent.is_dir():
            raise InstallFailed(f"le dossier « {dest.parent} » n’existe pas : créez-le d’abord")
        _check_writable(dest.parent)
        dest.mkdir(exist_ok=True)  # exist_ok: another installation may have just made it
        dest.chmod(0o755)
    elif not (dest / MARKER).is_file():
        if any(dest.iterdir()):
            raise InstallFailed(f"« {dest} » contient déjà des fichiers et n’a pas été créé par « python -m kb install » "
                                f"(pas de fichier {MARKER}) : indiquez un dossier vide ou qui n’existe pas encore")
    else:
        current = dest / "current"
        if current.exists() and not current.is_symlink():
            raise InstallFailed(f"« {current} » n’est pas un lien symbolique : ce dossier n’a pas la forme attendue")
        if (dest / "releases").exists() and not (dest / "releases").is_dir():
            raise InstallFailed(f"« {dest / 'releases'} » n’est pas un dossier : ce dossier n’a pas la forme attendue")
    _check_writable(dest)
    if not (dest / MARKER).is_file():
        (dest / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def _check_writable(folder: Path) -> None:
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PermissionError(13, "Permission denied", str(folder))


class _locked:
    """An exclusive lock on DEST for the whole installation (released if the process dies)."""

    def __init__(self, dest: Path) -> None:
        self.path = dest / LOCK

    def __enter__(self) -> None:
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            raise InstallFailed(f"une autre installation est en cours dans « {self.path.parent} » : "
                                "réessayez quand elle sera terminée") from None

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)  # closing releases the lock


def _install(release: Path, dest: Path, *, link: bool) -> Installed:
    releases = dest / "releases"
    releases.mkdir(mode=0o755, exist_ok=True)
    current = dest / "current"
    previous = Path(os.readlink(current)).name if current.is_symlink() else None
    release_id = release.name
    final = releases / release_id
    if previous == release_id and final.is_dir():
        return Installed(dest, release_id, None, unchanged=True)
    files = linked = 0
    if not final.is_dir():  # an existing one is complete: it was renamed there whole
        staging = releases / f".{release_id}.partial"
        if staging.exists():
            shutil.rmtree(staging)
        try:
            files, linked = _copy_tree(release / "html", staging, link=link)
            staging.rename(final)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    swap = dest / f".current.{release_id}"
    if swap.is_symlink():
        swap.unlink()
    swap.symlink_to(Path("releases") / release_id)
    os.replace(swap, current)  # the atomic step: the web server now serves the new release
    kept = previous if previous and (releases / previous).is_dir() else None
    _prune(dest, keep={release_id, kept})
    return Installed(dest, release_id, kept, files=files, linked=linked)


def _copy_tree(source: Path, target: Path, *, link: bool) -> tuple[int, int]:
    """Copy *source* to *target* (readable by the web server); return (files, hard links)."""
    target.mkdir()
    target.chmod(0o755)
    files = linked = 0
    for folder, subfolders, names in os.walk(source):
        here = Path(folder)
        there = target / here.relative_to(source)
        for name in subfolders:
            if (here / name).is_symlink():
                raise InstallFailed(f"lien symbolique inattendu dans l’édition : « {here / name} »")
            (there / name).mkdir()
            (there / name).chmod(0o755)
        for name in names:
            if (here / name).is_symlink() or not (here / name).is_file():
                raise InstallFailed(f"fichier inattendu dans l’édition (lien ou fichier spécial) : « {here / name} »")
            linked += _copy_file(here / name, there / name, link=link)
            files += 1
    return files, linked


def _copy_file(source: Path, target: Path, *, link: bool) -> bool:
    """A hard link when possible, else a copy (same date, so the server's ETag holds); True if linked.

    Releases under _build are never modified once published (each build makes a
    new one), so sharing their files is safe. A file the web server could not
    read is copied instead, and made readable, leaving _build as it is.
    """
    if link and source.stat().st_mode & 0o044 == 0o044:
        try:
            os.link(source, target)
            return True
        except OSError:  # another file system, or hard links not allowed: copy
            pass
    shutil.copy2(source, target)
    target.chmod(0o644)
    return False


def _prune(dest: Path, keep: set[str | None]) -> None:
    """Remove older releases, partial copies and swap links left by interrupted installations."""
    for entry in (dest / "releases").iterdir():
        if entry.name not in keep and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
    for stale in dest.glob(".current.*"):
        if stale.is_symlink():
            stale.unlink()
