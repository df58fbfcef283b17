"""``python -m kb install DEST``: the published release goes into a web server's
folder whole, the previous one stays until the new one is complete, and a
folder the command does not manage is never touched (small releases made by
hand: what is tested here is the copy and the swap, not the site)."""

from __future__ import annotations

import fcntl
import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

import kbtools.deploy.install as install_module
from kbtools.build import Layout
from kbtools.deploy.install import InstallFailed, install
from tests.helpers import ROOT
from tests.helpers.deploy import make_current

pytestmark = pytest.mark.deploy
ID_A, ID_B, ID_C = "20300101-000000-000000001", "20300102-000000-000000002", "20300103-000000-000000003"
REFUSED = "Rien n’a été installé ; le site en place n’a pas changé."


def publish(build: Path, release_id: str, files: int = 3) -> Path:
    """A published release as ``python -m kb build`` leaves it: releases/<id>/{html,pdf}, current -> it."""
    html = build / "releases" / release_id / "html"
    (html / "_static").mkdir(parents=True)
    (html / "index.html").write_text(f"<!doctype html><title>{release_id}</title>\n", encoding="utf-8")
    (html / "404.html").write_text("<!doctype html><title>Page introuvable</title>\n", encoding="utf-8")
    (html / ".buildinfo").write_text("config: 0\n", encoding="utf-8")
    for number in range(files):
        (html / "_static" / f"f{number}.txt").write_text(f"{release_id} {number}\n", encoding="utf-8")
    (build / "releases" / release_id / "pdf").mkdir()
    make_current(build, release_id)
    return html


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def kb_install(build: Path, dest: Path | str, *options: str, user: list[str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*(user or []), sys.executable, "-m", "kb", "--build-dir", str(build), "install", str(dest),
                           *options], cwd=ROOT, capture_output=True, text=True, timeout=60)


def served(dest: Path) -> str:
    return os.readlink(dest / "current")


def test_first_installation_makes_the_managed_folder(tmp_path: Path):
    build, dest = tmp_path / "build", tmp_path / "www" / "kb"
    html = publish(build, ID_A)
    (tmp_path / "www").mkdir()
    result = kb_install(build, dest)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"Installée : {dest}/current sert l’édition {ID_A} (6 fichiers, dont 6 liens physiques).",
        f"Racine du serveur web : {dest}/current"]
    assert sorted(p.name for p in dest.iterdir()) == [".kb-install", ".kb-install.lock", "current", "releases"]
    assert served(dest) == f"releases/{ID_A}"
    assert digest(dest / "current") == digest(html)
    # Readable by the web server's user, and sharing the files of _build (hard links).
    for path in (dest / "current").rglob("*"):
        assert path.stat().st_mode & 0o777 == (0o755 if path.is_dir() else 0o644), path
    assert (dest / "current" / "index.html").stat().st_ino == (html / "index.html").stat().st_ino


def test_copy_option_shares_nothing_with_the_build(tmp_path: Path):
    build, dest = tmp_path / "build", tmp_path / "kb"
    html = publish(build, ID_A)
    html.joinpath("index.html").chmod(0o600)  # not readable by the web server: copied, and made readable
    assert kb_install(build, dest, "--copie").returncode == 0
    assert digest(dest / "current") == digest(html)
    for path in (dest / "current").rglob("*"):
        if path.is_file():
            assert path.stat().st_ino != (html / path.relative_to(dest / "current")).stat().st_ino
            assert path.stat().st_mtime_ns == (html / path.relative_to(dest / "current")).stat().st_mtime_ns
    assert (dest / "current" / "index.html").stat().st_mode & 0o777 == 0o644
    assert html.joinpath("index.html").stat().st_mode & 0o777 == 0o600  # _build left as it was


def test_the_previous_release_is_kept_and_older_ones_removed(tmp_path: Path):
    build, dest = tmp_path / "build", tmp_path / "kb"
    publish(build, ID_A)
    assert kb_install(build, dest).returncode == 0
    publish(build, ID_B)
    result = kb_install(build, dest)
    assert result.returncode == 0
    assert f"L’édition précédente reste sur le disque : {dest}/releases/{ID_A}." in result.stdout
    assert served(dest) == f"releases/{ID_B}"
    assert sorted(p.name for p in (dest / "releases").iterdir()) == [ID_A, ID_B]
    publish(build, ID_C)
    assert kb_install(build, dest).returncode == 0
    assert served(dest) == f"releases/{ID_C}"
    assert sorted(p.name for p in (dest / "releases").iterdir()) == [ID_B, ID_C]
    assert sorted(p.name for p in dest.iterdir()) == [".kb-install", ".kb-install.lock", "current", "releases"]


def test_installing_the_served_release_again_changes_nothing(tmp_path: Path):
    build, dest = tmp_path / "build", tmp_path / "kb"
    publish(build, ID_A)
    assert kb_install(build, dest).returncode == 0
    before = (dest / "current" / "index.html").stat().st_ino, digest(dest)
    result = kb_install(build, dest)
    assert result.returncode == 0
    assert result.stdout == f"Déjà installée : {dest}/current sert l’édition {ID_A} ; rien n’a changé.\n"
    assert ((dest / "current" / "index.html").stat().st_ino, digest(dest)) == before


def test_going_back_to_the_kept_release_swaps_without_copying(tmp_path: Path):
    build, dest = tmp_path / "build", tmp_path / "kb"
    publish(build, ID_A)
    kb_install(build, dest)
    publish(build, ID_B)
    kb_install(build, dest)
    os.replace(build / "current", build / "old")
    (build / "current").symlink_to(Path("releases") / ID_A)  # the release of A published again
    result = kb_install(build, dest)
    assert result.returncode == 0
    assert f"sert l’édition {ID_A} (déjà sur le disque)" in result.stdout
    assert served(dest) == f"releases/{ID_A}"
    assert sorted(p.name for p in (dest / "releases").iterdir()) == [ID_A, ID_B]


def refusal(result: subprocess.CompletedProcess, reason: str) -> None:
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == f"Échec de l’installation : {reason}. {REFUSED}\n"


def test_nothing_built_yet(tmp_path: Path):
    (tmp_path / "build").mkdir()
    result = kb_install(tmp_path / "build", tmp_path / "kb")
    refusal(result, f"aucune édition publiée dans « {tmp_path / 'build'} » : construisez d’abord le site "
                    "(« make » ou « python -m kb build »)")
    assert not (tmp_path / "kb").exists()


def test_a_folder_the_command_does_not_manage_is_left_alone(tmp_path: Path):
    build, dest = tmp_path / "build", tmp_path / "www"
    publish(build, ID_A)
    (dest / "autre-site").mkdir(parents=True)
    (dest / "index.html").write_text("le site de quelqu’un d’autre", encoding="utf-8")
    before = digest(dest)
    result = kb_install(build, dest)
    refusal(result, f"« {dest} » contient déjà des fichiers et n’a pas été créé par « python -m kb install » "
                    "(pas de fichier .kb-install) : indiquez un dossier vide ou qui n’existe pas encore")
    assert digest(dest) == before and sorted(p.name for p in dest.iterdir()) == ["autre-site", "index.html"]


def test_an_empty_folder_is_adopted(tmp_path: Path):
    build, dest = tmp_path / "build", tmp_path / "www"
    publish(build, ID_A)
    dest.mkdir()
    assert kb_install(build, dest).returncode == 0
    assert served(dest) == f"releases/{ID_A}"


@pytest.mark.parametrize("case", ["file", "dangling link", "no parent", "current is a folder"])
def test_what_is_not_a_managed_folder_is_refused(tmp_path: Path, case: str):
    build, dest = tmp_path / "build", tmp_path / "kb"
    publish(build, ID_A)
    if case == "file":
        dest.write_text("un fichier", encoding="utf-8")
        reason = f"« {dest} » existe et n’est pas un dossier"
    elif case == "dangling link":
        dest.symlink_to(tmp_path / "disparu")
        reason = f"« {dest} » est un lien symbolique vers un dossier qui n’existe pas"
    elif case == "no parent":
        dest = tmp_path / "absent" / "kb"
        reason = f"le dossier « {tmp_path / 'absent'} » n’existe pas : créez-le d’abord"
    else:
        (dest / "current").mkdir(parents=True)
        (dest / ".kb-install").write_text("", encoding="utf-8")
        (dest / "current" / "index.html").write_text("à garder", encoding="utf-8")
        reason = f"« {dest / 'current'} » n’est pas un lien symbolique : ce dossier n’a pas la forme attendue"
    before = digest(tmp_path)
    refusal(kb_install(build, dest), reason)
    assert digest(tmp_path) == before


def test_a_folder_that_cannot_be_written_is_refused(tmp_path: Path):
    """As root, permissions do not apply: the command then runs as nobody (setpriv)."""
    user = []
    with tempfile.TemporaryDirectory(prefix="kb-install-") as shared:
        base = Path(shared)
        base.chmod(0o755)  # readable by nobody, writable by its owner only
        build, dest = base / "build", base / "kb"
        publish(build, ID_A)
        if os.geteuid() == 0:
            if not Path("/usr/bin/setpriv").exists():
                pytest.skip("setpriv is missing")
            user = ["/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
            if subprocess.run([*user, "test", "-r", str(ROOT / "kbtools" / "cli.py")]).returncode:
                pytest.skip("nobody cannot read the repository")
        else:
            os.chmod(base, 0o555)
        try:
            result = kb_install(build, dest, user=user)
        finally:
            os.chmod(base, 0o755)
        refusal(result, f"impossible d’écrire dans « {dest} » (droits insuffisants sur « {base} ») : "
                        "lancez l’installation avec un compte qui peut y écrire")
        assert not dest.exists()


def test_one_installation_at_a_time(tmp_path: Path):
    build, dest = tmp_path / "build", tmp_path / "kb"
    publish(build, ID_A)
    assert kb_install(build, dest).returncode == 0
    publish(build, ID_B)
    with open(dest / ".kb-install.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        refusal(kb_install(build, dest),
                f"une autre installation est en cours dans « {dest} » : réessayez quand elle sera terminée")
    assert served(dest) == f"releases/{ID_A}"
    assert kb_install(build, dest).returncode == 0  # the lock went with its holder


def test_a_failed_copy_leaves_the_served_release_and_no_partial_copy(tmp_path: Path, monkeypatch):
    build, dest = tmp_path / "build", tmp_path / "kb"
    publish(build, ID_A)
    install(Layout(ROOT, build), dest)
    html_b = publish(build, ID_B, files=20)
    real = install_module._copy_file
    calls = []

    def failing(source: Path, target: Path, *, link: bool) -> bool:
        calls.append(source)
        if len(calls) == 10:
            raise OSError(28, "No space left on device", str(target))
        return real(source, target, link=link)

    monkeypatch.setattr(install_module, "_copy_file", failing)
    with pytest.raises(InstallFailed, match=r"erreur du système de fichiers dans .* : disque plein"):
        install(Layout(ROOT, build), dest)
    assert served(dest) == f"releases/{ID_A}"
    assert sorted(p.name for p in (dest / "releases").iterdir()) == [ID_A]
    monkeypatch.setattr(install_module, "_copy_file", real)
    install(Layout(ROOT, build), dest)
    assert digest(dest / "current") == digest(html_b)


def test_a_killed_installation_leaves_the_served_release_then_is_cleaned_up(tmp_path: Path):
    build, dest = tmp_path / "build", tmp_path / "kb"
    publish(build, ID_A)
    assert kb_install(build, dest).returncode == 0
    publish(build, ID_B, files=200)
    # The command, each file taking 10 ms: killed in the middle of its copy.
    slow = ("import sys, time; import kbtools.deploy.install as m; real = m._copy_file\n"
            "def slow(s, t, *, link): time.sleep(0.01); return real(s, t, link=link)\n"
            "m._copy_file = slow\nfrom kbtools.cli import main\n"
            f"sys.exit(main(['--build-dir', {str(build)!r}, 'install', {str(dest)!r}]))\n")
    process = subprocess.Popen([sys.executable, "-c", slow], cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    partial = dest / "releases" / f".{ID_B}.partial"
    for _ in range(200):  # up to 10 s
        if partial.is_dir() and len(list(partial.rglob("*"))) > 20:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert partial.is_dir()  # killed mid-copy
    assert served(dest) == f"releases/{ID_A}" and (dest / "current" / "index.html").is_file()
    assert kb_install(build, dest).returncode == 0
    assert served(dest) == f"releases/{ID_B}"
    assert sorted(p.name for p in (dest / "releases").iterdir()) == [ID_A, ID_B]


def test_make_install_needs_dest_and_runs_the_command(tmp_path: Path):
    venv = tmp_path / "venv"
    venv.mkdir()
    (venv / ".installed").touch()  # an environment newer than requirements.txt: make does not rebuild it
    os.utime(venv / ".installed", ns=(2**62, 2**62))
    result = subprocess.run(["make", "--no-print-directory", "install", f"VENV={venv}"], cwd=ROOT,
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "Indiquez le dossier du site : make install DEST=/chemin/du/site" in result.stderr
    dry = subprocess.run(["make", "--no-print-directory", "-n", "install", f"VENV={venv}", "DEST=/srv/kb",
                          f"BUILDDIR={tmp_path / 'b'}"], cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert f"{venv}/bin/python -m kb --build-dir {tmp_path / 'b'} -j auto install \"/srv/kb\"" in dry.stdout
