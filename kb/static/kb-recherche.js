/* The search page: filters by kind, theme and organisation, and excerpts
 * centred on and highlighted at the words that matched, accents or not.
 *
 * Sphinx's search runs unchanged; this script narrows the list it writes
 * (a result hidden by a filter keeps its rank) and reads the same folded
 * French stemmer as the index (language_data.js), so « temoignage »
 * highlights « Témoignages ». The filters live in the address (?type=…),
 * so a filtered search can be bookmarked and shared.
 */
(function () {
  "use strict";

  const data = window.kbRecherche;
  const results = document.getElementById("search-results");
  if (!data || !results) return;

  const params = new URLSearchParams(window.location.search);
  const WORD = /[\p{L}\p{N}]+/gu;
  const stemmer = typeof Stemmer === "function" ? new Stemmer() : null;
  const fr = (n) => n.toLocaleString("fr-FR");  // « 1 000 »
  const fold = (word) => word.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const stem = (word) => (stemmer ? stemmer.stemWord(word.toLowerCase()) : fold(word));
  const queryStems = new Set(
    (params.get("q") || "").match(WORD)?.filter((w) => w.length > 1).map(stem) || []
  );
  const matches = (word) => word.length > 1 && queryStems.has(stem(word));

  // --- excerpts: centred on the first word that matches once folded -------
  if (typeof Search !== "undefined" && Search.makeSearchSummary) {
    const original = Search.makeSearchSummary;
    Search.makeSearchSummary = (htmlText, keywords, anchor) => {
      const text = Search.htmlToText(htmlText, anchor);
      const first = (text.match(WORD) || []).find(matches);
      return original(htmlText, first ? [...keywords, first] : keywords, anchor);
    };
  }

  function highlight(element) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const texts = [];
    while (walker.nextNode()) texts.push(walker.currentNode);
    for (const node of texts) {
      if (node.parentElement.closest("mark")) continue;
      const value = node.nodeValue;
      const fragment = document.createDocumentFragment();
      let last = 0;
      for (const found of value.matchAll(WORD)) {
        if (!matches(found[0])) continue;
        fragment.append(value.slice(last, found.index));
        const mark = document.createElement("mark");
        mark.className = "kb-surligne";
        mark.textContent = found[0];
        fragment.append(mark);
        last = found.index + found[0].length;
      }
      if (last === 0) continue;
      fragment.append(value.slice(last));
      node.replaceWith(fragment);
    }
  }

  // --- filters -----------------------------------------------------------
  const state = {
    type: params.get("type") || "",
    theme: params.get("theme") || "",
    organisation: params.get("organisation") || "",
  };
  const organisations = [...new Set(Object.values(data.pages).map((p) => p[2]).filter(Boolean))]
    .sort((a, b) => a.localeCompare(b, "fr"));

  function option(value, label, selected) {
    const element = document.createElement("option");
    element.value = value;
    element.textContent = label;
    element.selected = value === selected;
    return element;
  }

  function select(name, label, all, values) {
    const wrapper = document.createElement("label");
    wrapper.className = "kb-filtre";
    wrapper.append(label + " ");
    const element = document.createElement("select");
    element.name = name;
    element.append(option("", all, state[name]));
    for (const [value, text] of values) element.append(option(value, text, state[name]));
    // A value from the address that no page has still shows what is filtered.
    if (state[name] && !values.some(([value]) => value === state[name])) {
      element.append(option(state[name], state[name], state[name]));
    }
    wrapper.append(element);
    return wrapper;
  }

  const form = document.createElement("form");
  form.className = "kb-filtres";
  form.setAttribute("aria-label", "Affiner les résultats");
  form.append(
    select("type", "Type", "Tous les types", Object.entries(data.types)),
    select("theme", "Thème", "Tous les thèmes", data.themes.map((t) => [t, t])),
    select("organisation", "Organisation", "Toutes les organisations", organisations.map((o) => [o, o]))
  );
  const count = document.createElement("p");
  count.className = "kb-filtres-compte";
  count.setAttribute("aria-live", "polite");
  form.append(count);
  form.addEventListener("submit", (event) => event.preventDefault());
  results.before(form);

  function pageOf(item) {
    const link = item.querySelector("a");
    if (!link) return null;
    const docname = (link.getAttribute("href") || "").split("#")[0].replace(/\.html$/, "");
    return data.pages[docname] || null;
  }

  function keep(page) {
    if (!page) return !state.type && !state.theme && !state.organisation;
    const [kind, themes, organisation] = page;
    return (!state.type || kind === state.type)
      && (!state.theme || themes.includes(state.theme))
      && (!state.organisation || organisation === state.organisation);
  }

  function apply() {
    const items = [...results.querySelectorAll("ul.search > li")];
    let shown = 0;
    for (const item of items) {
      item.hidden = !keep(pageOf(item));
      if (!item.hidden) shown += 1;
    }
    const filtered = state.type || state.theme || state.organisation;
    if (!filtered || !items.length) count.textContent = "";
    else if (shown === 0) count.textContent = `Aucun des ${fr(items.length)} résultats ne correspond aux filtres.`;
    else count.textContent = `${fr(shown)} résultat${shown > 1 ? "s" : ""} sur ${fr(items.length)} correspond${shown > 1 ? "ent" : ""} aux filtres.`;
  }

  form.addEventListener("change", (event) => {
    state[event.target.name] = event.target.value;
    const url = new URL(window.location.href);
    for (const [name, value] of Object.entries(state)) {
      if (value) url.searchParams.set(name, value);
      else url.searchParams.delete(name);
    }
    window.history.replaceState(null, "", url);
    apply();
  });

  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      for (const node of mutation.addedNodes) {
        if (node.nodeType !== Node.ELEMENT_NODE) continue;
        if (node.matches("p.context")) highlight(node);
        else if (node.matches("li")) highlight(node.querySelector("a") || node);
      }
    }
    apply();
  }).observe(results, { childList: true, subtree: true });
})();
