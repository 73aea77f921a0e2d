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

// A queue: j/k move between items, a/r/f/b act on the focused one, x selects it, ? lists the
// keys. After a decision, focus goes to the next undecided item where the decided one was.
(function () {
  "use strict";
  const list = () => document.getElementById("items");
  if (!list()) return;
  const keys = window.Rejoinder.keys;
  const open = () => [...list().querySelectorAll(":scope > [data-comment-id]:not(.decided)")];
  const current = () => {
    const active = document.activeElement;
    return active && active.closest ? active.closest("[data-comment-id]") : null;
  };
  const focusAt = (index) => {
    const all = open();
    if (!all.length) return;
    const item = all[Math.max(0, Math.min(index, all.length - 1))];
    item.focus();
    item.scrollIntoView({ block: "nearest" });
  };
  const move = (step) => {
    const all = open();
    const here = all.indexOf(current());
    focusAt(here < 0 ? 0 : here + step);
  };
  const within = (selector, then) => () => {
    const item = current();
    const found = item && item.querySelector(selector);
    if (!found) return false;
    then(found);
  };
  const reveal = (details) => {
    details.open = true;
    const field = details.querySelector("select, input:not([type=hidden])");
    if (field) field.focus();
  };

  keys.set("j", () => move(1));
  keys.set("k", () => move(-1));
  keys.set("a", within('[data-key="a"]', (button) => button.click()));
  keys.set("f", within('[data-key="f"]', (button) => button.click()));
  keys.set("r", within('details[data-key="r"]', reveal));
  keys.set("b", within('details[data-key="b"]', reveal));
  keys.set("x", within("input.select", (box) => { box.checked = !box.checked; }));
  keys.set("?", () => {
    const dialog = document.getElementById("keys");
    if (dialog && !dialog.open) dialog.showModal();
  });

  let decidedAt = -1;
  document.addEventListener("htmx:beforeRequest", (event) => {
    const item = event.target.closest && event.target.closest("[data-comment-id]");
    decidedAt = item ? open().indexOf(item) : -1;
  });
  document.addEventListener("htmx:afterSwap", (event) => {
    const swapped = event.detail.elt;
    if (decidedAt < 0 || !swapped || !swapped.classList || !swapped.classList.contains("decided")) return;
    focusAt(decidedAt);
    decidedAt = -1;
  });

  document.addEventListener("DOMContentLoaded", () => focusAt(0));
  if (document.readyState !== "loading") focusAt(0);
})();

// Queue counts, live: the site's event stream sends `counts` ({queue: n}) whenever a comment is
// held, reported or decided anywhere on the site; the tabs' numbers follow. EventSource
// reconnects by itself; the stream closes while the tab is hidden.
(function () {
  "use strict";
  const nav = document.getElementById("queue-nav");
  const link = nav && nav.querySelector("a[href^='/admin/sites/']");
  if (!link || !window.EventSource) return;
  const site = link.getAttribute("href").split("/")[3];
  let source = null;
  const update = (event) => {
    const counts = JSON.parse(event.data);
    for (const [queue, n] of Object.entries(counts)) {
      const span = document.querySelector("#queue-nav [data-count='" + queue + "']");
      if (span && span.textContent !== String(n)) span.textContent = String(n);
    }
  };
  const open = () => {
    if (source) return;
    source = new EventSource("/admin/sites/" + encodeURIComponent(site) + "/events");
    source.addEventListener("counts", update);
  };
  const close = () => {
    if (source) source.close();
    source = null;
  };
  document.addEventListener("visibilitychange", () => (document.hidden ? close() : open()));
  if (!document.hidden) open();
})();
