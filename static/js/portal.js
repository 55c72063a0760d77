// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // GOV.UK pattern: move focus to the error summary so that screen reader
  // users hear at once that the form needs attention.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  // Links in the error summary: focus the field, not only scroll to it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (field) {
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: "center" });
    }
  });

  // The catalogue's filters: folded behind a button on phones (works without
  // this), open beside the results where there is room.
  var panel = document.querySelector("[data-filter-panel]");
  if (panel && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 60em)");
    var place = function () {
      panel.classList.toggle("catalogue__panel--beside", wide.matches);
      if (wide.matches) {
        panel.open = true;
      }
    };
    place();
    if (wide.addEventListener) {
      wide.addEventListener("change", place);
    }
  }
})();
