/* Search ranking of the knowledge base (html_search_scorer): Sphinx's weights,
   plus a bonus for testimonials, the pages readers look for. Without it the
   pages that quote a testimonial's byline (« Cité dans » lists, the authors'
   index) outrank the testimonial itself. */
var Scorer = {
  score: (result) => {
    const [docname, , , , score] = result;
    const testimonial = docname.startsWith("temoignages/") && !docname.endsWith("/index")
      && !docname.startsWith("temoignages/facettes/");
    return testimonial ? score + 10 : score;
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
