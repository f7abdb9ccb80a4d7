// quotetrail's only script: conveniences on pages that work without it.
// Clicking an attribution in the side list (or its number in the text) scrolls to it
// smoothly and highlights every piece of it -- content, fragments, cue, source --
// which may be spread over the text. No inline script anywhere: the pages' CSP forbids it.
"use strict";
(function () {
  function pieces(n) {
    return document.querySelectorAll('[data-att~="' + n + '"]');
  }

  function activate(n, scroll) {
    document.querySelectorAll(".active").forEach(function (el) {
      el.classList.remove("active");
    });
    pieces(n).forEach(function (el) { el.classList.add("active"); });
    var item = document.getElementById("item-" + n);
    if (item) { item.classList.add("active"); }
    var anchor = document.getElementById("att-" + n);
    if (anchor) {
      anchor.classList.add("active");
      if (scroll) { anchor.scrollIntoView({ behavior: "smooth", block: "center" }); }
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.jump") : null;
    if (!link) { return; }
    var n = link.getAttribute("data-att");
    if (!n || !/^[0-9]+$/.test(n)) { return; }
    event.preventDefault();
    if (history.replaceState) { history.replaceState(null, "", "#att-" + n); }
    activate(n, true);
  });

  document.addEventListener("DOMContentLoaded", function () {
    var match = /^#att-([0-9]+)$/.exec(window.location.hash);
    if (match) { activate(match[1], false); }
    // Hovering highlighted text lights up its entry in the side list.
    document.querySelectorAll(".text .hl").forEach(function (el) {
      el.addEventListener("mouseenter", function () {
        (el.getAttribute("data-att") || "").split(" ").forEach(function (n) {
          var item = document.getElementById("item-" + n);
          if (item) { item.classList.add("hover"); }
        });
      });
      el.addEventListener("mouseleave", function () {
        document.querySelectorAll(".att-item.hover").forEach(function (item) {
          item.classList.remove("hover");
        });
      });
    });
  });
})();
