// Register page: small comforts around the htmx forms. Loaded as a file (CSP).
(function () {
  "use strict";
  // An entry form that just appeared gets the focus on its first empty text field.
  document.body.addEventListener("htmx:afterSwap", function (evt) {
    var form = evt.target.querySelector ? evt.target.querySelector("form.entry-form") : null;
    if (!form && evt.target.closest) {
      form = evt.target.closest("form.entry-form");
      if (form) { return; } // a swap inside a form (the grade block) keeps the user's focus
    }
    if (form) {
      var field = form.querySelector("textarea[name=risk]");
      if (field) { field.focus(); }
      form.scrollIntoView({ block: "nearest" });
    }
  });
})();
