// Warns before the idle timeout ends the session, and lets the user stay logged in.
// Without JavaScript the server still ends the session after the idle time.
(function () {
  "use strict";
  var body = document.body;
  var idle = parseInt(body.getAttribute("data-session-idle"), 10);
  var warnBefore = parseInt(body.getAttribute("data-session-warning"), 10);
  var dialog = document.getElementById("session-warning");
  if (!idle || !dialog) { return; }
  var stayButton = document.getElementById("session-stay");
  var remaining = document.getElementById("session-remaining");
  var token = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  var lastActivity = Date.now();
  var previousFocus = null;

  function secondsLeft() { return Math.round(idle - (Date.now() - lastActivity) / 1000); }

  function show() {
    if (!dialog.hidden) { return; }
    previousFocus = document.activeElement;
    dialog.hidden = false;
    stayButton.focus();
  }

  function hide() {
    dialog.hidden = true;
    if (previousFocus) { previousFocus.focus(); }
  }

  function tick() {
    var left = secondsLeft();
    if (left <= 0) {
      // End the session on the server too (a POST, like the logout button), then show the login.
      var logout = document.getElementById("logout-form");
      if (logout) { logout.submit(); } else { window.location.href = body.getAttribute("data-login-url"); }
      return;
    }
    if (left <= warnBefore) {
      // The words come from the page, in the user's language.
      remaining.textContent = Math.ceil(left / 60) + " " +
        remaining.getAttribute(left > 60 ? "data-minutes" : "data-minute");
      show();
    }
  }

  stayButton.addEventListener("click", function () {
    fetch(body.getAttribute("data-keepalive-url"), {
      method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": token }
    }).then(function (response) {
      if (response.ok) { lastActivity = Date.now(); hide(); }
      else { window.location.href = body.getAttribute("data-login-url"); }
    });
  });

  window.setInterval(tick, 5000);
})();
