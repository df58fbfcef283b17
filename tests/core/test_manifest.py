"""Generated pages rewritten only when they changed or went missing (kb.core.manifest)."""

from __future__ import annotations

from kb.core.manifest import OutputManifest


def write(manifest: OutputManifest, fingerprints: dict[str, str], **kwargs) -> list[str]:
    written = manifest.update(fingerprints, **kwargs)
    for name in written:
        path = manifest.output(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(fingerprints[name], encoding="utf-8")
    return written


def test_unchanged_pages_are_not_written_again_but_missing_ones_are(tmp_path):
    pages = {"t/T-001": "a", "t/T-002": "b", "auteurs-2": "c"}
    assert write(OutputManifest(tmp_path, ".m.json", ".html"), pages) == sorted(pages)
    again = OutputManifest(tmp_path, ".m.json", ".html")
    assert again.all_present()
    assert write(again, pages) == []
    (tmp_path / "t" / "T-002.html").unlink()  # deleted by hand, or by a failed copy
    missing = OutputManifest(tmp_path, ".m.json", ".html")
    assert not missing.all_present()
    assert write(missing, {**pages, "auteurs-2": "changed"}) == ["auteurs-2", "t/T-002"]


def test_pages_no_longer_generated_are_deleted(tmp_path):
    write(OutputManifest(tmp_path, ".m.json", ".html"), {"a": "1", "b": "2"})
    assert write(OutputManifest(tmp_path, ".m.json", ".html"), {"a": "1"}) == []
    assert (tmp_path / "a.html").is_file() and not (tmp_path / "b.html").exists()
    assert not OutputManifest(tmp_path, ".other.json", ".html").all_present()  # no previous build
