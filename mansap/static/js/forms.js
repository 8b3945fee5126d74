/* Every POST form is sent once (mansap/common/middleware.py SubmitOnceMiddleware): it carries a one-time
   key, and a second submit while the first is on its way is ignored. htmx forms that stay on the page
   get a new key after each answer, so they can be used again. */
(function () {
  "use strict";
  function newKey() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return String(Date.now()) + "-" + String(Math.random()).slice(2);
  }
  function arm(form) {
    if ((form.getAttribute("method") || "").toLowerCase() !== "post" && !form.hasAttribute("hx-post")) { return; }
    if (form.hasAttribute("data-no-once")) { return; }
    var input = form.querySelector("input[name=_once]");
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = "_once";
      form.appendChild(input);
    }
    input.value = newKey();
    delete form.dataset.sending;
  }
  function armAll(root) {
    if (root.tagName === "FORM") { arm(root); }
    root.querySelectorAll && root.querySelectorAll("form").forEach(arm);
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("hx-post") || !form.querySelector("input[name=_once]")) { return; }
    if (form.dataset.sending) { event.preventDefault(); return; }
    form.dataset.sending = "1";
  }, true);
  document.addEventListener("htmx:beforeRequest", function (event) {
    if ((event.detail.requestConfig.verb || "").toLowerCase() !== "post") { return; }
    var form = event.detail.elt.closest && event.detail.elt.closest("form");
    if (!form || !form.querySelector("input[name=_once]")) { return; }
    if (form.dataset.sending) { event.preventDefault(); return; }
    form.dataset.sending = "1";
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt.closest && event.detail.elt.closest("form");
    if (form && document.body.contains(form)) { arm(form); }
  });
  document.addEventListener("htmx:load", function (event) { armAll(event.detail.elt); });
  window.addEventListener("pageshow", function () { armAll(document); });
  armAll(document);
}());
