"""What the system says about a file, in French (its own ``strerror`` is English)."""

from __future__ import annotations

import errno

SYSTEM_ERRORS = {
    errno.EACCES: "permission refusée", errno.EPERM: "permission refusée", errno.ENOENT: "fichier ou dossier absent",
    errno.ELOOP: "lien symbolique en boucle", errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.EIO: "erreur de lecture du disque", errno.ENOTDIR: "un élément du chemin n’est pas un dossier",
    errno.EISDIR: "c’est un dossier", errno.ENOSPC: "disque plein", errno.EROFS: "système de fichiers en lecture seule",
    errno.EEXIST: "le fichier existe déjà", errno.EXDEV: "pas sur le même disque",
}


def system_error(error: OSError) -> str:
    """« permission refusée », « disque plein »…, or the error's code name."""
    code = error.errno or 0
    return SYSTEM_ERRORS.get(code) or f"erreur du système {errno.errorcode.get(code, '')}".strip()
