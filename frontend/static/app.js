// Small touches on top of htmx; every page works without them. Kept in a
// file of its own because the Content-Security-Policy allows no inline
// script.
"use strict";

// Show a range input's value in the <output for="…"> beside it (a weight's
// output shows its share instead: weightShares).
function showRangeValue(input) {
  document.querySelectorAll('output[for="' + input.id + '"]:not([data-share])').forEach(function (out) {
    out.value = input.value;
  });
}

// Split 100 among the values in proportion by largest remainder, ties to
// the earlier one, so that the shares add up to 100; all -1 when the
// values sum to 0. The same computation as percentShares in
// frontend/desk_ranking.go, whose numbers the page starts with.
function weightShares(values) {
  var sum = values.reduce(function (a, b) { return a + b; }, 0);
  if (!(sum > 0)) { return values.map(function () { return -1; }); }
  var left = 100;
  var shares = values.map(function (v) { var s = Math.floor(v * 100 / sum); left -= s; return s; });
  var order = values.map(function (v, i) { return i; });
  order.sort(function (a, b) {
    var d = (values[b] * 100 / sum - shares[b]) - (values[a] * 100 / sum - shares[a]);
    return d !== 0 ? d : a - b;
  });
  order.slice(0, left).forEach(function (i) { shares[i]++; });
  return shares;
}

// Show each weight's share of the score as the sliders move: the engine
// normalises the weights, so the raw positions (30/50/20/15/10) mislead.
function showWeightShares(form) {
  var sliders = Array.prototype.slice.call(form.querySelectorAll('input[type="range"]'));
  var shares = weightShares(sliders.map(function (s) { return Number(s.value); }));
  sliders.forEach(function (s, i) {
    var text = shares[i] < 0 ? "—" : shares[i] + "%";
    form.querySelectorAll('output[for="' + s.id + '"][data-share]').forEach(function (out) { out.value = text; });
    s.setAttribute("aria-valuetext", shares[i] < 0 ? "no weight given" : text + " of the score");
  });
}

// "Reset to the campaign's priorities" moves the sliders to the values the
// button carries and lets htmx re-rank as after any move; without
// JavaScript the button posts and the server does the same.
function resetWeights(button) {
  var form = button.form;
  var moved = null;
  form.querySelectorAll('input[type="range"]').forEach(function (s) {
    if (button.dataset[s.name] !== undefined) { s.value = button.dataset[s.name]; moved = s; }
  });
  showWeightShares(form);
  if (moved) { moved.dispatchEvent(new Event("input", { bubbles: true })); }
}

document.addEventListener("input", function (ev) {
  if (ev.target instanceof HTMLInputElement && ev.target.type === "range") {
    showRangeValue(ev.target);
    var weights = ev.target.closest("form[data-weights]");
    if (weights) { showWeightShares(weights); }
  }
});

// A textarea with data-counter="id" says in that element how much of its
// maxlength is used; without JavaScript the element says the limits.
function showCount(area) {
  var out = document.getElementById(area.dataset.counter);
  if (!out) { return; }
  var max = Number(area.getAttribute("maxlength"));
  out.textContent = area.value.length.toLocaleString("en-US") + " of " + max.toLocaleString("en-US") + " characters";
}

document.addEventListener("input", function (ev) {
  if (ev.target instanceof HTMLTextAreaElement && ev.target.dataset.counter) { showCount(ev.target); }
});

document.addEventListener("click", function (ev) {
  var button = ev.target instanceof Element && ev.target.closest("[data-reset-weights]");
  if (button && button.form) {
    ev.preventDefault();
    resetWeights(button);
  }
});

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll('input[type="range"]').forEach(showRangeValue);
  document.querySelectorAll("form[data-weights]").forEach(showWeightShares);
  // Without JavaScript the weight form has a button to re-rank; with it
  // the ranking follows the sliders, so the button is only noise.
  document.querySelectorAll("[data-js-hide]").forEach(function (el) { el.hidden = true; });
  // A form that came back with problems starts at their summary, so that
  // keyboard and screen-reader users hear what to fix first.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
});

// A section htmx swapped in place (the saved shortlist after a pin, drop,
// undo or note) replaced the button that had the focus: give it to the
// section's outcome, without scrolling, so that keyboard and screen-reader
// users continue from where they were.
document.addEventListener("htmx:afterSettle", function () {
  var outcome = document.querySelector("[data-focus-on-swap]");
  if (outcome && (document.activeElement === document.body || !document.activeElement)) {
    outcome.focus({ preventScroll: true });
    // Sticky CSS keeps it in view while the advisor is inside the section;
    // when the swap left the screen elsewhere, bring it (only it) in view.
    var r = outcome.getBoundingClientRect();
    if (r.bottom < 0 || r.top > window.innerHeight) { outcome.scrollIntoView({ block: "nearest" }); }
  }
  if (outcome) { outcome.removeAttribute("data-focus-on-swap"); } // once: later swaps are not its news
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
