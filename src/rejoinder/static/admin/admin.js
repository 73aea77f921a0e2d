// The moderator workspace's behaviour beyond htmx: messages from failed requests, and
// keyboard decisions on a queue (modules register their keys through `Rejoinder.keys`).
(function () {
  "use strict";
  const flash = () => document.getElementById("flash");

  function say(text) {
    const region = flash();
    if (!region) return;
    const p = document.createElement("p");
    p.textContent = text;
    region.replaceChildren(p);
  }

  document.addEventListener("htmx:responseError", (event) => {
    const xhr = event.detail.xhr;
    const doc = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
    say((doc.body && doc.body.textContent.trim()) || "The request failed (" + xhr.status + ").");
  });
  document.addEventListener("htmx:sendError", () => say("The server cannot be reached."));

  const keys = new Map();
  window.Rejoinder = { say, keys };

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof HTMLElement && target.closest("input, textarea, select, [contenteditable]")) return;
    const action = keys.get(event.key);
    if (action && action(event) !== false) event.preventDefault();
  });
})();
