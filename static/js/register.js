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
(function () {
  "use strict";
  // htmx does not swap error responses: say what happened instead of doing nothing.
  document.body.addEventListener("htmx:responseError", function (evt) {
    var body = document.getElementById("register-body");
    if (!body) { return; }
    var status = evt.detail.xhr.status;
    // The texts come from the page (translated there).
    var text = body.getAttribute(status === 403 ? "data-msg-403"
      : status === 404 ? "data-msg-404" : "data-msg-error");
    var alert = document.createElement("div");
    alert.className = "alert alert-danger";
    alert.setAttribute("role", "alert");
    alert.setAttribute("data-testid", "register-error");
    alert.textContent = text;
    body.prepend(alert);
  });
})();
