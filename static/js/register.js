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
(function () {
  "use strict";
  // The workflow panel beside the entries was rendered with the page and posts its revision back
  // (expected_revision) so that nobody submits content he has not seen. The user's own edits in
  // place change the revision: every body the server sends announces the revision it shows
  // (HX-Trigger "register-revision"), and the panel follows it. What the user typed into the
  // panel stays.
  document.addEventListener("register-revision", function (evt) {
    var panel = document.getElementById("workflow-panel");
    if (!panel || !evt.detail || evt.detail.revision === undefined) { return; }
    var revision = String(evt.detail.revision);
    panel.querySelectorAll("input[name=expected_revision]").forEach(function (input) {
      input.value = revision;
    });
    panel.querySelectorAll("[data-panel-revision]").forEach(function (label) {
      label.textContent = revision;
    });
  });
})();
