// Register page: small comforts around the htmx forms. Loaded as a file (CSP).
(function () {
  "use strict";
  // An entry form that was just opened (add or edit button) gets the focus on its risk field.
  document.body.addEventListener("htmx:afterSwap", function (evt) {
    var trigger = evt.detail.requestConfig && evt.detail.requestConfig.elt;
    if (!trigger || !trigger.matches) { return; }
    var form = null;
    if (trigger.matches("[data-testid=add-entry]")) {
      form = evt.detail.target.querySelector("form.entry-form");
    } else if (trigger.matches("[data-testid=edit-entry]")) {
      form = document.querySelector('form.entry-form[action="' + trigger.getAttribute("hx-get") + '"]');
    }
    if (form) {
      var field = form.querySelector("textarea[name=risk]");
      if (field) { field.focus(); }
      form.scrollIntoView({ block: "nearest" });
    }
  });
})();
