// Qinglian page behaviour. Loaded as a file: the CSP forbids inline scripts.
(function () {
  "use strict";
  // Bootstrap tooltips for elements that ask for one.
  function initTooltips(root) {
    root.querySelectorAll('[data-bs-toggle="tooltip"]').forEach(function (el) {
      bootstrap.Tooltip.getOrCreateInstance(el);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { initTooltips(document); });
  document.body.addEventListener("htmx:afterSwap", function (evt) { initTooltips(evt.target); });
  // Buttons that ask for confirmation before an htmx or form action.
  document.addEventListener("click", function (evt) {
    var el = evt.target.closest("[data-confirm]");
    if (el && !window.confirm(el.getAttribute("data-confirm"))) {
      evt.preventDefault();
      evt.stopImmediatePropagation();
    }
  }, true);
})();
