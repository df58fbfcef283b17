"""The parallel contract: a build with -j 2 gives the same pages as -j 1, and
does not warn (the domain merges each worker's documents, nothing more)."""

from __future__ import annotations

from tests.helpers.builds import SYNTHETIC, citedin, parallel_and_serial


def test_parallel_build_equals_serial_build(copy_root, make_app, tmp_path):
    srcdir = copy_root("kb")
    for n in range(10, 22):
        (srcdir / "temoignages" / f"synthetique-{n}.md").write_text(
            SYNTHETIC.format(n=n, day=n, thesis=(n % 3) * 10 + 1 if n % 3 else 22))
    (srcdir / "theses.md").write_text((srcdir / "theses.md").read_text()
                                      + "\n:::{these} 11\n:titre: Onze\nRésumé onze.\n:::\n"
                                      + "\n:::{these} 21\n:titre: Vingt et un\nRésumé.\n:::\n")
    # Every citation listed (no « … et N autres »), to count those each worker found.
    (srcdir / "conf.py").write_text((srcdir / "conf.py").read_text() + "\nkb_citedin_limit = 0\n")
    parallel_pages, serial_pages = parallel_and_serial(make_app, srcdir, tmp_path)
    assert parallel_pages == serial_pages
    assert citedin(parallel_pages["theses.html"], "these-22").count("<li>") == 2 + 4


def test_catalog_parallel_equals_serial(copy_root, make_app, tmp_path):
    srcdir = copy_root("kb")
    for n in range(10, 20):
        (srcdir / "temoignages" / f"s{n}.md").write_text(SYNTHETIC.format(n=n, day=n, thesis=22).replace(
            "---\n\n#", f"organisation: Org {n % 3}\nthemes: [relation client]\n---\n\n#"))
    parallel_pages, serial_pages = parallel_and_serial(make_app, srcdir, tmp_path)
    assert parallel_pages == serial_pages
    assert "11 témoignages," in parallel_pages["temoignages/facettes/themes/relation-client.html"]
