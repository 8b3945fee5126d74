/* Warn before the idle logout (mansap/common/sessions.py) and let the user stay logged in.
   The body carries data-session-idle / data-session-warn (seconds), data-session-keepalive (URL) and data-csrf. */
(function () {
  "use strict";
  var body = document.body;
  var idle = Number(body.dataset.sessionIdle || 0);
  var warn = Number(body.dataset.sessionWarn || 0);
  var box = document.getElementById("session-warning");
  if (!idle || !box) { return; }
  var last = Date.now();
  var timer = null;

  function schedule() {
    clearTimeout(timer);
    box.hidden = true;
    timer = setTimeout(tick, Math.max(0, (idle - warn) * 1000 - (Date.now() - last)));
  }

  function tick() {
    var left = idle * 1000 - (Date.now() - last);
    if (left <= 0) {  // the server has ended the session: reloading shows the login page and why
      window.location.reload();
      return;
    }
    box.hidden = false;
    box.querySelector("[data-minutes-left]").textContent = String(Math.ceil(left / 60000));
    timer = setTimeout(tick, Math.min(left, 15000));
  }

  function activity() { last = Date.now(); schedule(); }

  document.addEventListener("htmx:afterRequest", activity);
  box.querySelector("[data-stay]").addEventListener("click", function () {
    fetch(body.dataset.sessionKeepalive, {
      method: "POST", credentials: "same-origin", headers: {"X-CSRFToken": body.dataset.csrf}
    }).then(function (response) {
      if (response.ok) { activity(); } else { window.location.reload(); }
    });
  });
  schedule();
}());
