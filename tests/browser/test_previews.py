"""What a reader sees, in headless Chromium (Debian's package, driven by Playwright)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kbtools.browser import CHROMIUM
from tests.helpers import TESTIMONIAL

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.browser, pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no chromium")]


@pytest.fixture
def page(browser, base_url):
    """A page that records every request and every console error."""
    context = browser.new_context()
    page = context.new_page()
    page.requests = []
    page.errors = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def only_local(page, base_url: str) -> None:
    hosts = {urlsplit(url).netloc for url in page.requests if not url.startswith("data:")}
    assert hosts == {urlsplit(base_url).netloc}, hosts


def test_hovering_a_thesis_reference_shows_its_summary(page, base_url):
    page.goto(base_url + f"{TESTIMONIAL}.html")
    link = page.locator("article a.kb-these-ref").first
    link.hover()
    tip = page.locator("#kb-apercu")
    tip.wait_for(state="visible")
    assert tip.locator("strong").inner_text().startswith("Thèse 22 — ")
    assert "humour" in tip.inner_text()
    assert link.get_attribute("aria-describedby") == "kb-apercu"
    page.mouse.move(0, 0)
    tip.wait_for(state="hidden")
    only_local(page, base_url)
    assert page.errors == []


def test_keyboard_focus_on_a_term_shows_its_definition(page, base_url):
    page.goto(base_url + f"{TESTIMONIAL}.html")
    term = page.locator("article a[href*='glossaire.html#term-Ecosysteme']").first
    term.focus()
    tip = page.locator("#kb-apercu")
    tip.wait_for(state="visible")
    assert tip.locator("strong").inner_text() == "Écosystème"
    assert "acteurs" in tip.inner_text()
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden")
    only_local(page, base_url)


def test_touch_first_tap_previews_second_tap_follows(browser, base_url):
    context = browser.new_context(has_touch=True, is_mobile=True, viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(base_url + f"{TESTIMONIAL}.html")
    link = page.locator("article a.kb-these-ref").first
    link.scroll_into_view_if_needed()
    link.tap()
    page.locator("#kb-apercu").wait_for(state="visible")
    assert page.url.endswith(f"{TESTIMONIAL}.html")
    link.tap()
    page.wait_for_url("**/manifeste/theses.html#these-22")
    context.close()


def test_links_work_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + f"{TESTIMONIAL}.html")
    page.locator("article a.kb-these-ref").first.click()
    page.wait_for_url("**/manifeste/theses.html#these-22")
    assert page.locator("#these-22").is_visible()
    context.close()


def test_dark_mode_preview_uses_dark_colours(browser, base_url):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(base_url + f"{TESTIMONIAL}.html")
    page.locator("article a.kb-these-ref").first.hover()
    tip = page.locator("#kb-apercu")
    tip.wait_for(state="visible")
    background = tip.evaluate("element => getComputedStyle(element).backgroundColor")
    red, green, blue = (int(v) for v in background[background.index("(") + 1:background.index(")")].split(",")[:3])
    assert red + green + blue < 200, background  # a dark background in dark mode
    context.close()


def test_facet_chips_filter_the_catalog_and_work_as_links(browser, base_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + "temoignages/index.html")
    chip = page.locator("a.kb-chip[data-facette='theme'][data-valeur='disruption']")
    chip.click()
    assert chip.get_attribute("aria-pressed") == "true"
    assert page.locator(".kb-facettes-etat").inner_text().startswith("1 témoignage")
    assert page.url.endswith("temoignages/index.html")
    context.close()
    # Without JavaScript the same chip is a link to the facet's page.
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "temoignages/index.html")
    page.locator("a.kb-chip[data-facette='theme'][data-valeur='disruption']").click()
    page.wait_for_url("**/temoignages/facettes/themes/disruption.html")
    assert "Thème : disruption" in page.locator("h1").inner_text()
    context.close()
