"""What ``suggest`` links to, read from the sources without starting Sphinx:
the glossary's entries (``glossaire.md``), the theses (``manifeste/theses.md``)
and the English gists of the theses (shipped beside this module)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

GISTS = Path(__file__).with_name("cluetrain-theses-gists.json")
GLOSSARY_FILE = "glossaire.md"
THESES_FILE = Path("manifeste") / "theses.md"

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|:{3,}|~{3,})\s*(?P<info>.*?)\s*$")
_OPTION = re.compile(r"^\s*:[\w-]+:")
_THESIS = re.compile(r"^(?P<fence>:{3,}|`{3,})\{these\}\s+(?P<number>\d+)\s*\n(?P<body>.*?)^(?P=fence)\s*$", re.S | re.M)


class SourceError(Exception):
    """The glossary or the theses cannot be read: a French message naming the file."""


@dataclass(frozen=True)
class Entry:
    """One glossary entry: its terms as the glossary writes them (the first is the entry's name)."""

    terms: tuple[str, ...]

    @property
    def key(self) -> str:
        """The entry's key, as the build keys it (``kb.core.domain.Term.entry``)."""
        return self.terms[0].lower()


@dataclass(frozen=True)
class Thesis:
    number: int
    title: str
    summary: str
    gist: str = ""  # English


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourceError(f"{path} : fichier introuvable") from None
    except UnicodeDecodeError as error:
        line = path.read_bytes()[:error.start].count(b"\n") + 1
        raise SourceError(f"{path}:{line}: ce fichier n’est pas en UTF-8") from None


def parse_glossary(text: str) -> list[Entry]:
    """The entries of every ``{glossary}`` directive of *text*.

    As Sphinx reads them: a term is a line that is not indented, consecutive
    term lines are synonyms, the indented lines that follow are the definition.
    The directive's options (``:sorted:``) are skipped; « terme : classifieur »
    keeps the term.
    """
    entries: list[Entry] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        index += 1
        if not match or not match["info"].startswith("{glossary}"):
            continue
        fence = match["fence"]
        terms: list[str] = []
        in_options = True
        while index < len(lines):
            line = lines[index]
            index += 1
            if line.strip().startswith(fence[0] * 3) and set(line.strip()) == {fence[0]} and len(line.strip()) >= len(fence):
                break
            if in_options and _OPTION.match(line):
                continue
            in_options = False
            if not line.strip():
                terms = []  # a blank line ends a group of terms
                continue
            if line[0].isspace():
                if terms:
                    entries.append(Entry(tuple(terms)))
                    terms = []
                continue
            terms.append(line.split(" : ")[0].strip())
    return entries


def parse_theses(text: str) -> dict[int, Thesis]:
    """The ``{these}`` directives of *text*: number, ``:titre:`` and summary."""
    theses: dict[int, Thesis] = {}
    for match in _THESIS.finditer(text):
        title, summary = "", []
        for line in match["body"].splitlines():
            if line.startswith(":titre:"):
                title = line.removeprefix(":titre:").strip()
            elif not _OPTION.match(line) and line.strip():
                summary.append(line.strip())
        theses[int(match["number"])] = Thesis(int(match["number"]), title, " ".join(summary))
    return theses


def read_gists(path: Path = GISTS) -> dict[int, str]:
    """Thesis number → its English gist and keywords, as one text."""
    records = json.loads(path.read_text(encoding="utf-8"))
    return {int(r["n"]): " ".join([r.get("gist_en", ""), *r.get("keywords", [])]) for r in records}


def read_glossary(source: Path) -> list[Entry]:
    path = source / GLOSSARY_FILE
    entries = parse_glossary(_read(path))
    if not entries:
        raise SourceError(f"{path} : aucune entrée de glossaire (directive « glossary ») n’a été trouvée")
    return entries


def read_theses(source: Path, gists: Path | None = GISTS) -> dict[int, Thesis]:
    path = source / THESES_FILE
    theses = parse_theses(_read(path))
    if not theses:
        raise SourceError(f"{path} : aucune thèse (directive « these ») n’a été trouvée")
    english = read_gists(gists) if gists is not None else {}
    return {n: Thesis(t.number, t.title, t.summary, english.get(n, "")) for n, t in theses.items()}
