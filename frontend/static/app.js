// Small touches on top of htmx; every page works without them. Kept in a
// file of its own because the Content-Security-Policy allows no inline
// script.
"use strict";

// Show a range input's value in the <output for="…"> beside it.
function showRangeValue(input) {
  document.querySelectorAll('output[for="' + input.id + '"]').forEach(function (out) {
    out.value = input.value;
  });
}

document.addEventListener("input", function (ev) {
  if (ev.target instanceof HTMLInputElement && ev.target.type === "range") {
    showRangeValue(ev.target);
  }
});

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll('input[type="range"]').forEach(showRangeValue);
  // Without JavaScript the weight form has a button to re-rank; with it
  // the ranking follows the sliders, so the button is only noise.
  document.querySelectorAll("[data-js-hide]").forEach(function (el) { el.hidden = true; });
  // A form that came back with problems starts at their summary, so that
  // keyboard and screen-reader users hear what to fix first.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
});

// A form marked data-warn-unsaved (the portal's one profile form) asks
// before the page is left with edits that were not saved; one that came
// back refused (data-unsaved) starts with such edits. Saving clears it.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
    var dirty = form.hasAttribute("data-unsaved");
    var mark = function () { dirty = true; };
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    form.addEventListener("submit", function () { dirty = false; });
    // Enter in a field saves from that field's section, so that the page
    // comes back there rather than at the form's first Save.
    form.addEventListener("keydown", function (ev) {
      if (ev.key !== "Enter" || !(ev.target instanceof HTMLInputElement)) { return; }
      var section = ev.target.closest("section");
      var save = section && section.querySelector('button[name="at"]');
      if (save) { ev.preventDefault(); save.click(); }
    });
    window.addEventListener("beforeunload", function (ev) {
      if (dirty) { ev.preventDefault(); ev.returnValue = ""; }
    });
  });
});
