/* Search ranking of the knowledge base (html_search_scorer), on top of
   Sphinx's weights:
   - a page whose glossary term or thesis title holds every word of the query
     (compared by the same keys as the index: accents, plurals, elisions and
     hyphens forgiven) ranks above pages that only have the words in their
     text, and its result links to that term or thesis;
   - testimonials, the pages readers look for, rank above the pages that
     quote them (« Cité dans » lists, the authors' index).
   The labels come from the search page's data script (kb/write/searchfilters.py). */
var kbQueryKeys = null;
function kbKeysOfQuery() {
  if (kbQueryKeys === null) {
    const query = new URLSearchParams(window.location.search).get("q") || "";
    const stemmer = new Stemmer();
    kbQueryKeys = splitQuery(query.toLowerCase())
      .filter((word) => !stopwords.has(word))
      .map((word) => stemmer.stemWord(word))
      .filter((key) => key.length > 0);
  }
  return kbQueryKeys;
}
var Scorer = {
  score: (result) => {
    const [docname, , anchor, , score] = result;
    const testimonial = docname.startsWith("temoignages/") && !docname.endsWith("/index")
      && !docname.startsWith("temoignages/facettes/");
    let bonus = testimonial ? 10 : 0;
    const labels = (window.kbRecherche && window.kbRecherche.labels[docname]) || [];
    const query = labels.length ? kbKeysOfQuery() : [];
    for (const [target, keys] of labels) {
      const words = keys.split(" ");
      if (query.length && query.every((key) => words.includes(key))) {
        bonus += Scorer.title;
        if (!anchor) result[2] = "#" + target;
        break;
      }
    }
    return score + bonus;
  },
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};
