/* Small page behaviours as data attributes, so no page needs an inline event handler (the
   Content-Security-Policy allows scripts from this site and nonce-marked blocks only):
   - data-confirm="question" on a form (submit) or a button/link (click): ask first;
   - data-select-on-focus on an input: select its text when clicked;
   - data-copy-from="#id" on a button: copy that input's value to the clipboard (with data-copied="Copied",
     the button's [data-copy-label] says so afterwards);
   - data-check-all="input[name=x]" on a checkbox: check or uncheck every matching box;
   - data-history-back on a link: go back;
   - data-no-submit on a form: never send it (a preview). */
(function () {
  "use strict";
  function copy(button, source) {
    if (!source) { return; }
    var done = function () {
      if (!button.dataset.copied) { return; }
      button.classList.replace("btn-outline-secondary", "btn-success");
      var label = button.querySelector("[data-copy-label]");
      if (label) { label.textContent = button.dataset.copied; }
    };
    source.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(source.value).then(done, function () { if (document.execCommand("copy")) { done(); } });
    } else if (document.execCommand("copy")) {
      done();
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-no-submit")) { event.preventDefault(); event.stopImmediatePropagation(); return; }
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-confirm]:not(form), [data-select-on-focus], [data-copy-from], [data-check-all], [data-history-back]");
    if (!target) { return; }
    if (target.matches("[data-confirm]:not(form)") && !window.confirm(target.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    if (target.hasAttribute("data-select-on-focus")) { target.select(); }
    if (target.dataset.copyFrom) { copy(target, document.querySelector(target.dataset.copyFrom)); }
    if (target.dataset.checkAll) {
      document.querySelectorAll(target.dataset.checkAll).forEach(function (box) { box.checked = target.checked; });
    }
    if (target.hasAttribute("data-history-back")) { event.preventDefault(); window.history.back(); }
  }, true);
}());
