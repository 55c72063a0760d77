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
    // A field in a section not shown: the link's own jump shows the section.
    if (field && field.offsetParent !== null) {
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: "center" });
    }
  });

  // Co-operating partners: a search box above the long list of checkboxes
  // hides the partners whose name does not contain what was typed.
  Array.prototype.forEach.call(document.querySelectorAll("[data-choice-filter]"), function (box) {
    var list = box.querySelector(".kern-fieldset__body");
    if (!list) {
      return;
    }
    var wrapper = document.createElement("div");
    wrapper.className = "kern-form-input";
    var label = document.createElement("label");
    label.className = "kern-label";
    label.textContent = box.getAttribute("data-choice-filter");
    var input = document.createElement("input");
    input.className = "kern-form-input__input";
    input.type = "search";
    input.id = list.parentNode.id + "-filter";
    label.htmlFor = input.id;
    wrapper.appendChild(label);
    wrapper.appendChild(input);
    list.parentNode.insertBefore(wrapper, list);
    input.addEventListener("input", function () {
      var wanted = input.value.trim().toLocaleLowerCase();
      Array.prototype.forEach.call(list.querySelectorAll(".kern-form-check"), function (choice) {
        var name = choice.textContent.toLocaleLowerCase();
        choice.hidden = wanted !== "" && name.indexOf(wanted) === -1;
      });
    });
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
