/* Previews of thesis and glossary references, on hover, keyboard focus and
   touch (first tap previews, second tap follows the link). The links work
   without this script. Data: window.kbApercus, keyed by the target anchor. */
(function () {
  "use strict";
  var tip = null, current = null, hideTimer = null, lastPointer = "mouse";

  function data() { return window.kbApercus || {}; }

  function anchorOf(link) {
    var href = link.getAttribute("href") || link.getAttribute("xlink:href") || "";
    var hash = href.indexOf("#");
    return hash < 0 ? null : decodeURIComponent(href.slice(hash + 1));
  }

  function previewLink(target) {
    var link = target && target.closest ? target.closest("a[href*='#']") : null;
    return link && Object.prototype.hasOwnProperty.call(data(), anchorOf(link)) ? link : null;
  }

  function create() {
    tip = document.createElement("div");
    tip.id = "kb-apercu";
    tip.className = "kb-apercu";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    tip.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    tip.addEventListener("mouseleave", scheduleHide);
    document.body.appendChild(tip);
  }

  function place(link) {
    var view = document.documentElement.clientWidth;
    var width = Math.min(360, view - 16);
    var box = link.getBoundingClientRect();
    tip.style.maxWidth = width + "px";
    var left = Math.max(8, Math.min(box.left, view - width - 8));
    tip.style.left = (left + window.scrollX) + "px";
    tip.style.top = (box.bottom + window.scrollY + 6) + "px";
    var own = tip.getBoundingClientRect();
    if (own.bottom > window.innerHeight && box.top > own.height + 12) {
      tip.style.top = (box.top + window.scrollY - own.height - 6) + "px";
    }
  }

  function show(link) {
    var item = data()[anchorOf(link)];
    if (!item) { return; }
    if (!tip) { create(); }
    clearTimeout(hideTimer);
    var title = document.createElement("strong");
    title.textContent = item.t;
    var text = document.createElement("span");
    text.textContent = item.d;
    tip.replaceChildren(title, text);
    tip.hidden = false;
    place(link);
    if (current && current !== link) { current.removeAttribute("aria-describedby"); }
    link.setAttribute("aria-describedby", "kb-apercu");
    current = link;
  }

  function hide() {
    if (tip) { tip.hidden = true; }
    if (current) { current.removeAttribute("aria-describedby"); }
    current = null;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 200);
  }

  document.addEventListener("pointerdown", function (event) { lastPointer = event.pointerType; }, true);
  document.addEventListener("mouseover", function (event) {
    var link = previewLink(event.target);
    if (link && lastPointer !== "touch") { show(link); }
  });
  document.addEventListener("mouseout", function (event) {
    if (previewLink(event.target)) { scheduleHide(); }
  });
  document.addEventListener("focusin", function (event) {
    var link = previewLink(event.target);
    // A tap also focuses the link: the click handler decides for touch.
    if (link && lastPointer !== "touch") { show(link); }
  });
  document.addEventListener("focusout", function (event) {
    if (previewLink(event.target)) { scheduleHide(); }
  });
  document.addEventListener("keydown", function (event) {
    lastPointer = "keyboard";
    if (event.key === "Escape") { hide(); }
  }, true);
  document.addEventListener("click", function (event) {
    var link = previewLink(event.target);
    if (lastPointer === "touch" && link && current !== link) {
      event.preventDefault();  // first tap: preview; second tap: follow
      show(link);
    } else if (!link && tip && !tip.contains(event.target)) {
      hide();
    }
  });
})();
