/* Facet chips of the catalog. Without JavaScript each chip is a link to the
   page of its facet value; with it, a chip filters the cards in place, unless
   the catalog is split into pages: the cards shown are then one page only,
   and the chip's page lists every testimonial of its value. */
(function () {
  "use strict";
  function init() {
    var nav = document.querySelector(".kb-facettes");
    var cards = document.querySelectorAll(".kb-carte-col");
    if (!nav || !cards.length || document.querySelector(".kb-catalogue-pages")) { return; }
    var status = document.createElement("p");
    status.className = "kb-facettes-etat";
    status.setAttribute("role", "status");
    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "kb-chip kb-chip-tout";
    reset.textContent = "Tout afficher";
    reset.hidden = true;
    nav.appendChild(reset);
    nav.appendChild(status);

    function apply(chip) {
      var active = nav.querySelector(".kb-chip[aria-pressed='true']");
      if (active) { active.setAttribute("aria-pressed", "false"); }
      var shown = 0;
      var wanted = chip && chip !== active ? "kb-f-" + chip.dataset.facette + "-" + chip.dataset.valeur : null;
      if (wanted) { chip.setAttribute("aria-pressed", "true"); }
      cards.forEach(function (card) {
        var visible = !wanted || card.classList.contains(wanted);
        card.hidden = !visible;
        if (visible) { shown += 1; }
      });
      reset.hidden = !wanted;
      status.textContent = wanted ? shown.toLocaleString("fr-FR") + " témoignage" + (shown > 1 ? "s" : "") + " : " + chip.firstChild.textContent.trim() : "";
    }

    nav.addEventListener("click", function (event) {
      var chip = event.target.closest("a.kb-chip");
      if (chip) { event.preventDefault(); apply(chip); }
      else if (event.target === reset) { apply(null); }
    });
    nav.querySelectorAll("a.kb-chip").forEach(function (chip) {
      chip.setAttribute("role", "button");
      chip.setAttribute("aria-pressed", "false");
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
