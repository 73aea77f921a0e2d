// "Forget me", for guests: an email address, to which the server sends a link that erases that
// address's guest comments and reply notifications on this site. The answer is the same whether
// or not the address commented here.
import { h } from "../dom";
import type { Panel, PanelHost } from "../panel-host";
import { PanelApi } from "./api";
import { frame, panelStrings } from "./common";

export function forget(host: PanelHost): Panel {
  const api = new PanelApi(host.api);
  const p = panelStrings(host);
  const { t } = host;
  const email = h("input", { type: "email", name: "email", autocomplete: "email", maxlength: 320, required: true, part: "input" });
  const error = h("p", { class: "error", role: "alert" });
  const sent = h("p", { class: "notice", tabindex: -1, hidden: true }, p.forgetSent);
  const send = h("button", { type: "submit", class: "primary", part: "button primary" }, p.forgetSend);
  const form = h("form", { class: "form", novalidate: true },
    h("p", {}, p.forgetIntro),
    h("label", { class: "field" }, h("span", {}, t.email), email),
    error, h("div", { class: "buttons" }, send));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const address = email.value.trim();
    if (!address) {
      error.textContent = t.errRequired;
      return email.focus();
    }
    send.disabled = true;
    try {
      await api.forget(address);
    } catch (failure) {
      error.textContent = host.error(failure);
      return;
    } finally {
      send.disabled = false;
    }
    form.hidden = true;
    sent.hidden = false;
    sent.focus();
    host.announce(p.forgetSent);
  });
  return frame(host, p, p.forgetTitle, form, sent);
}
