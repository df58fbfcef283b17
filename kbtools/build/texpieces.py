"""The book in pieces: cut where the writer marks it, set again only what changed.

The LaTeX writer marks where the book may be cut (``%% kb-morceau: NAME``
before each testimonial and chapter, around the front matter and the
contents: ``kb/write/latexonepass.py``). Here the book becomes a master file
(``NAME-livre.tex``) that sets each piece (``kbm/…tex``) with
``\\kbmorceau`` (``kbunepasse.sty``, section 6): each piece starts on a new
page, and leaves beside it a record (``kbm/….kbmorceau``): its first page
and page count, the pages of its marks, its contents lines and every
counter at its end.

A build from scratch sets the whole master in one pass. After an edit, the
pieces whose text (or an image they show) changed are set alone
(``\\kbmorceauxseuls``, as LaTeX's ``\\includeonly``), at the page numbers
and counters they had, and their pages replace the old ones in the
PDF (``pdfsplice``). That is only right while nothing else moves, so the
whole book is set again instead when:

* anything but the pieces changed (preamble, styles, the master, an image
  the master shows);
* the pieces are not the same ones, in the same order;
* a piece set again ends with other counters (a page more or less, a
  footnote, a list item: every page after it would move or be renamed);
* its lines of the contents changed otherwise than by their page numbers
  (the outline, kept from the last full pass, shows them);
* LaTeX asks for another pass.

What a piece gives later pieces is followed: when the pages of its marks
change, the pieces after it that print page numbers (``\\kbpageref``) are set
again; when its contents lines change, so is the contents.

Standard library only: the driver runs by its path (``xelatex.py``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

# Written by kb/write/latexonepass.py, which has the same two (a test checks they agree).
PIECE_MARK = "%% kb-morceau: "
PIECE_END = "%% kb-fin-morceau"
FOLDER = "kbm"
STATE_VERSION = 1
# A marker inside verbatim text is text (an author's code sample), not a cut.
VERBATIM_BEGIN = re.compile(r"\\begin\{(sphinxVerbatim\w*|Verbatim\w*|verbatim\*?|alltt|sphinxalltt)\}")
PIECE_PAGES = re.compile(r"\\kb@piecepages\{(\d+)\}\{(\d+)\}")
CONTENTS_LINE = "\\contentsline"
# What a piece reads of the pieces before it: the pages of their marks, their contents lines.
MARKS_READER = "\\kbpageref"
CONTENTS_READER = "\\kbtabledesmatieres"
# Read by the master (classes, packages, index styles): never a piece's own.
TEX_SUPPORT = (".tex", ".sty", ".cls", ".def", ".cfg", ".clo", ".fd", ".xdy", ".ist")


def piece_file(name: str) -> str:
    """A file name TeX and \\includeonly agree on: letters, digits, hyphens (and a digest, unique)."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:50] or "morceau"
    return f"{slug}-{hashlib.sha256(name.encode()).hexdigest()[:10]}"


def digest(items: list[tuple[str, str]] | str) -> str:
    data = items if isinstance(items, str) else "\0".join(f"{name}\0{value}" for name, value in items)
    return hashlib.sha256(data.encode()).hexdigest()


@dataclass
class Book:
    master: str
    pieces: dict[str, str] = field(default_factory=dict)  # file name -> text, in book order
    # What each piece is made of (its text and the files it names: an image, the
    # citation map), and what the master and the others are (preamble, styles).
    digests: dict[str, str] = field(default_factory=dict)
    rest: str = ""

    @property
    def order(self) -> list[str]:
        return list(self.pieces)

    def read_files(self, files: dict[str, str]) -> None:
        """Share out the folder's other inputs (name -> digest): a file a piece names
        (``{stem}``, as Sphinx includes an image) and the master does not is the piece's."""
        owned: dict[str, list[tuple[str, str]]] = {name: [] for name in self.pieces}
        rest = [("(maître)", digest(self.master))]
        for name, value in files.items():
            stem = "{%s}" % Path(name).stem
            owners = [] if name.endswith(TEX_SUPPORT) else [piece for piece, text in self.pieces.items()
                                                            if stem in text]
            if not owners or stem in self.master:
                rest.append((name, value))
            for piece in owners:
                owned[piece].append((name, value))
        self.rest = digest(rest)
        self.digests = {name: digest([("(texte)", digest(text)), *owned[name]])
                        for name, text in self.pieces.items()}


def split(tex: str) -> Book | None:
    """The master and its pieces; None for a document without pieces."""
    if PIECE_MARK not in tex:
        return None
    master: list[str] = []
    pieces: dict[str, list[str]] = {}
    current: list[str] | None = None
    verbatim_end: str | None = None
    for line in tex.splitlines(keepends=True):
        if verbatim_end is not None:
            if line.startswith(verbatim_end):
                verbatim_end = None
        elif (found := VERBATIM_BEGIN.match(line.lstrip())) is not None:
            verbatim_end = f"\\end{{{found[1]}}}"
        elif line.startswith(PIECE_MARK) or line.rstrip("\r\n") == PIECE_END:
            current = None
            if line.startswith(PIECE_MARK):
                name = piece_file(line[len(PIECE_MARK):].strip())
                if name in pieces:
                    raise ValueError(f"deux morceaux du livre portent le nom {name}")
                master.append(f"\\kbmorceau{{{FOLDER}/{name}}}\n")
                current = pieces[name] = []
            continue
        (master if current is None else current).append(line)
    return Book("".join(master), {name: "".join(lines) for name, lines in pieces.items()})


def write_if_changed(path: Path, text: str) -> None:
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def write(latex: Path, basename: str, book: Book) -> Path:
    """The pieces under ``kbm/`` (a file rewritten only when its text changed) and the master;
    the files of pieces the book no longer has go."""
    for name, text in book.pieces.items():
        write_if_changed(latex / FOLDER / f"{name}.tex", text)
    for path in (latex / FOLDER).iterdir():
        if path.stem not in book.pieces:
            path.unlink()
    master = latex / f"{basename}-livre.tex"
    write_if_changed(master, book.master)
    return master


def partial_master(latex: Path, basename: str, book: Book, names: list[str]) -> Path:
    """The master setting *names* only; the other pieces are read (their counters, marks, contents)."""
    only = "\\kbmorceauxseuls{%s}\n" % ",".join(f"{FOLDER}/{name}" for name in names)
    text = book.master.replace("\\begin{document}", only + "\\begin{document}", 1)
    path = latex / f"{basename}-partiel.tex"
    path.write_text(text, encoding="utf-8")
    return path


def generated(basename: str, name: str) -> bool:
    """Files of the piece mode that are not inputs (derived from the .tex, or written by XeLaTeX;
    ``.tmp``: a PDF or records being written when a build was stopped)."""
    return (name.startswith(f"{FOLDER}/") or name == f"{basename}-livre.tex"
            or name.startswith(f"{basename}-partiel") or name == state_path_name(basename)
            or (name.startswith(basename) and name.endswith(".tmp")))


def state_path_name(basename: str) -> str:
    return f"{basename}.kbmorceaux.json"


def without_page(line: str) -> str:
    """A line of the contents (``\\contentsline {level}{title}{PAGE}{anchor}``) with its page left out."""
    start = line.find(CONTENTS_LINE)
    if start < 0:
        return line
    position, groups = start + len(CONTENTS_LINE), []
    while len(groups) < 3:
        while position < len(line) and line[position] == " ":
            position += 1
        if position >= len(line) or line[position] != "{":
            return line
        depth, begin = 0, position
        while position < len(line):  # to the matching brace (\{ and \} are escaped braces)
            char = line[position]
            if char == "\\":
                position += 2
                continue
            depth += {"{": 1, "}": -1}.get(char, 0)
            position += 1
            if depth == 0:
                break
        groups.append((begin, position))
    begin, end = groups[2]
    return line[:begin] + "{}" + line[end:]


@dataclass
class Record:
    """What a piece left after it was set: its pages, its end counters, what it gives others."""
    digest: str
    first: int
    count: int
    checkpoint: str
    marks: str
    contents: str

    def contents_without_pages(self) -> str:
        return "\n".join(without_page(line) for line in self.contents.splitlines())


def record(latex: Path, name: str, book: Book) -> Record | None:
    """What the piece's file says (``kbunepasse.sty``); None if it is missing or incomplete."""
    try:
        written = (latex / FOLDER / f"{name}.kbmorceau").read_text(encoding="utf-8")
    except OSError:
        return None
    pages = PIECE_PAGES.search(written)
    checkpoint = written.partition("\\kb@ckpt")[2]
    if pages is None or not checkpoint.strip():
        return None
    lines = written.splitlines()
    return Record(digest=book.digests[name], first=int(pages[1]), count=int(pages[2]),
                  # TeX writes a control sequence as its name and a space; read back and
                  # written again, the name of one with spaces in it (LaTeX's robust
                  # commands, in the running heads) loses them: compare words.
                  checkpoint=" ".join(checkpoint.split()),
                  marks="\n".join(line for line in lines if line.startswith("\\kb@setpage")),
                  contents="\n".join(line for line in lines if line.startswith("\\kb@tdm")))


@dataclass
class State:
    rest: str  # digest of everything but the pieces' text
    records: dict[str, Record]

    def save(self, path: Path) -> None:
        data = {"version": STATE_VERSION, "rest": self.rest,
                "records": {name: vars(rec) for name, rec in self.records.items()}}
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)

    @classmethod
    def load(cls, path: Path) -> State | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != STATE_VERSION:
                return None
            return cls(data["rest"], {name: Record(**rec) for name, rec in data["records"].items()})
        except (OSError, ValueError, TypeError, KeyError):
            return None


def full_state(latex: Path, book: Book) -> State | None:
    """After a full pass: every piece's record (None if one is missing)."""
    records = {}
    for name in book.pieces:
        rec = record(latex, name, book)
        if rec is None:
            return None
        records[name] = rec
    return State(book.rest, records)


def changed_pieces(latex: Path, state: State | None, book: Book) -> list[str] | None:
    """The pieces to set again, in book order; None when the whole book must be set
    (also when a piece's record is gone: the pieces after it would start from nothing)."""
    if state is None or state.rest != book.rest or list(state.records) != book.order:
        return None
    if not all((latex / FOLDER / f"{name}.kbmorceau").is_file() for name in book.pieces):
        return None
    return [name for name in book.pieces if state.records[name].digest != book.digests[name]]


def followers(state: State, book: Book, done: set[str], new: dict[str, Record]) -> list[str] | None:
    """After setting the pieces in *new*: the pieces to set next (in book order), or None when
    the whole book must be set (see the module)."""
    order = book.order
    wanted: set[str] = set()
    for name, rec in new.items():
        old = state.records[name]
        if (rec.checkpoint != old.checkpoint or rec.count != old.count
                or rec.contents_without_pages() != old.contents_without_pages()):
            return None
        later = order[order.index(name) + 1:]
        if rec.marks != old.marks:
            wanted.update(piece for piece in later if MARKS_READER in book.pieces[piece])
        if rec.contents != old.contents:
            wanted.update(piece for piece in later if CONTENTS_READER in book.pieces[piece])
    return [name for name in order if name in wanted and name not in done]
