"""The MkDocs Material peer of the benchmark: the plain synthetic pages, built by MkDocs.

``generate_mkdocs(plain_src, dest)`` turns the tree that
``bench.synthetic.generate(..., engine=False)`` writes into a MkDocs project
with the same pages; ``build_mkdocs(project, out)`` builds it once and
measures the build. The converter knows the MyST of that tree (directive
fences, roles, ``(label)=`` targets), not MyST at large: directives become
their text, roles their text, targets and toctrees nothing (MkDocs builds
the navigation from the folders). MkDocs is not a project requirement:
``pip install -r bench/requirements.txt``.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import shutil
import sys
from pathlib import Path

from bench.measure import run

CONFIG = """\
site_name: {site_name}
use_directory_urls: false
theme:
  name: material
  language: fr
plugins:
  - search:
      lang: fr
markdown_extensions:
  - def_list  # the glossary, a definition list as in Sphinx
"""

FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
DIRECTIVE = re.compile(r"\{(?P<name>[\w:.-]+)\}\s*(?P<argument>.*)")
OPTION = re.compile(r"^\s*:[\w-]+:(?: (?P<value>.*))?$")
TARGET = re.compile(r"^\s*\([^()\s]+\)=\s*$")
# A role, or a code span (left as it is, even when it shows a role: ``{these}`22` ``).
ROLE_OR_CODE = re.compile(r"\{[\w:.+-]+\}`(?P<text>[^`]+)`|(?P<code>(?P<ticks>`+).+?(?<!`)(?P=ticks)(?!`))")
# Directives whose argument is a title shown on the page; the others' (« only html », « grid 1 1 3 3 ») is not text.
TITLED = {"rubric", "grid-item-card", "card", "admonition", "topic", "sidebar", "dropdown", "tab-item"}


class MkDocsNotInstalled(ImportError):
    """MkDocs Material is not in this environment: the benchmark leaves the peer out."""


def _role(match: re.Match) -> str:
    if match["code"]:
        return match["code"]
    text = match["text"]
    explicit = re.fullmatch(r"(.*?)\s*<[^<>]+>", text, re.S)  # {term}`relation client <Relation client>`
    return explicit[1] if explicit and explicit[1] else text


def _roles(line: str) -> str:
    return ROLE_OR_CODE.sub(_role, line)


def _closing(lines: list[str], start: int, fence: str) -> int:
    """The index of the line closing *fence* (the end of *lines* when none does, as in CommonMark)."""
    closer = re.compile(rf" *{re.escape(fence[0])}{{{len(fence)},}} *")
    return next((i for i in range(start, len(lines)) if closer.fullmatch(lines[i])), len(lines))


def _glossary(body: list[str]) -> list[str]:
    """Sphinx's glossary (terms, then their indented definition) as a Python-Markdown definition list."""
    out: list[str] = []
    definition = False
    for line in body:
        if not line.strip():
            out.append("")
        elif not line[0].isspace():  # a term (several lines of terms share one definition)
            out.append(_roles(line))
            definition = False
        else:  # its definition: « :   » first, then indented (further paragraphs too)
            out.append(("    " if definition else ":   ") + _roles(line.strip()))
            definition = True
    return out


def _directive(name: str, argument: str, body: list[str], page: Path, root: Path) -> list[str]:
    options: dict[str, str] = {}
    while body and OPTION.match(body[0]):
        key, _, value = body.pop(0).strip()[1:].partition(":")
        options[key] = value.strip()
    if name == "toctree":
        return []
    if name == "glossary":
        return ["", *_glossary(body), ""]
    if name in ("literalinclude", "code-block", "code", "sourcecode"):
        if name == "literalinclude":
            path = root / argument.lstrip("/") if argument.startswith("/") else page.parent / argument
            body, language = path.read_text(encoding="utf-8").splitlines(), options.get("language", "")
        else:
            language = argument
        fence = "`" * max([3, *(len(run) + 1 for line in body for run in re.findall(r"`+", line))])
        return ["", fence + language, *body, fence, ""]
    title = [f"**{_roles(argument)}**", ""] if argument and name in TITLED else []
    return ["", *title, *_convert(body, page, root), ""]


def _convert(lines: list[str], page: Path, root: Path) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = FENCE.match(line)
        if fence:
            end = _closing(lines, i + 1, fence["fence"])
            directive = DIRECTIVE.match(fence["info"].strip())
            if directive:
                out += _directive(directive["name"], directive["argument"].strip(), lines[i + 1:end], page, root)
            else:  # a code block: as it is
                out += lines[i:end + 1]
            i = end + 1
            continue
        if not TARGET.match(line) and not line.startswith("%"):  # « % » starts a MyST comment
            out.append(_roles(line))
        i += 1
    return out


def convert_page(text: str, page: Path, root: Path) -> str:
    """One MyST page as plain Markdown; the YAML front matter stays (MkDocs reads it as meta)."""
    front = re.match(r"---\n.*?\n---\n", text, re.S)
    head = front[0] if front else ""
    body = _convert(text[len(head):].splitlines(), page, root)
    return head + re.sub(r"\n{3,}", "\n\n", "\n".join(body)).strip("\n") + "\n"


def _settings(conf: Path) -> dict:
    """The plain literals of conf.py (project, include_patterns, exclude_patterns), without running it."""
    settings = {}
    for node in ast.parse(conf.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    try:
                        settings[target.id] = ast.literal_eval(node.value)
                    except (ValueError, TypeError, SyntaxError):  # not a literal: not needed here
                        pass
    return settings


def pages(plain_src: Path) -> list[str]:
    """The Markdown pages Sphinx builds from *plain_src* (its conf.py's include and exclude patterns)."""
    from sphinx.project import Project

    settings = _settings(plain_src / "conf.py")
    project = Project(plain_src, [".md"])
    found = project.discover(settings.get("exclude_patterns", ()), settings.get("include_patterns", ("**",)))
    return sorted(str(project.doc2path(name, absolute=False)) for name in found)


def generate_mkdocs(plain_src: Path, dest: Path) -> Path:
    """A MkDocs project in *dest* (``mkdocs.yml``, ``docs/``) with the pages of the plain tree *plain_src*."""
    if dest.exists():
        shutil.rmtree(dest)
    docs = dest / "docs"
    docs.mkdir(parents=True)
    for name in pages(plain_src):
        page = plain_src / name
        target = docs / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(convert_page(page.read_text(encoding="utf-8"), page, plain_src), encoding="utf-8")
    site_name = _settings(plain_src / "conf.py").get("project", "Benchmark")
    (dest / "mkdocs.yml").write_text(CONFIG.format(site_name=json.dumps(site_name, ensure_ascii=False)),
                                     encoding="utf-8")
    return dest


def mkdocs_installed() -> bool:
    return importlib.util.find_spec("mkdocs") is not None and importlib.util.find_spec("material") is not None


def build_mkdocs(project: Path, out: Path) -> dict:
    """``mkdocs build --strict`` of *project* into *out*, in a child process: wall and CPU seconds
    (user + system of the child), its peak memory and the size of the output.

    Not ``-q``: it lowers MkDocs' logger to errors, so warnings are never
    counted and ``--strict`` passes whatever they say (its three INFO lines
    go to a file).
    """
    if not mkdocs_installed():
        raise MkDocsNotInstalled("MkDocs Material is not installed: pip install -r bench/requirements.txt")
    project, out = Path(project).resolve(), Path(out).resolve()
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(out)]
    # Material 9.7+ prints an end-of-life notice on every build, unless this is set.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = run(command, env, cwd=project)
    if result["returncode"] != 0:
        raise RuntimeError(f"mkdocs build failed ({result['returncode']}): {' '.join(command)}\n"
                           f"{(result['stdout'] + result['stderr'])[-2000:]}")
    return {"seconds": result["seconds"], "cpu_seconds": result["cpu_seconds"], "peak_mib": result["peak_mib"],
            "output_mib": sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 2**20}
