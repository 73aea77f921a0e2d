// The reader's own controls: the notification bell with its unread count and "My comments" for a
// signed-in reader, "Forget me" for guests. What they open (the panels) is a second bundle,
// static/widget/panels.js, imported from the comment server the first time one opens.
import type { Api } from "./api";
import { button, h, replaceChildren } from "./dom";
import type { Strings } from "./i18n";
import type { Catalogue } from "./languages";
import { panels as load } from "./lazy";
import type { PanelHost, PanelName, Panels } from "./panel-host";

const BELL = '<svg class="own-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true"><path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.5-2.5h-5A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.8V3a1.5 1.5 0 0 0-3 0v1.2A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"/></svg>';
// After a live update, the count is read again twice: the inbox item is written by a job that may
// finish after the event arrived.
const AGAIN_MS = [1500, 6000];

export interface CornerOptions {
  api: Api;
  t: Strings;
  language: string;
  translated: Catalogue | null;
  story: string;
  root: ShadowRoot;
  error(failure: unknown): string;
  announce(text: string): void;
  signedOut(): void;
}

export class Corner {
  readonly bell: HTMLButtonElement;
  readonly mine: HTMLButtonElement;
  readonly forget: HTMLButtonElement;
  /** Where the bell's and My comments' panels open (under the sign-in row), and Forget me's. */
  readonly top = h("div", { class: "area" });
  readonly foot = h("div", { class: "area" });
  private readonly count = h("span", { class: "count", "aria-hidden": "true" });
  private opener: HTMLButtonElement | null = null;
  private signedIn = false;
  private timers: number[] = [];

  constructor(private readonly o: CornerOptions) {
    const { t } = o;
    const icon = h("span", { class: "icon" });
    icon.innerHTML = BELL; // a constant of ours
    this.bell = button("", () => this.toggle(this.bell, "inbox", this.top), { class: "bell", part: "button bell", hidden: true, "aria-expanded": "false" });
    this.bell.append(icon, this.count);
    this.mine = button(t.myComments, () => this.toggle(this.mine, "mine", this.top), { hidden: true, "aria-expanded": "false" });
    this.forget = button(t.forgetMe, () => this.toggle(this.forget, "forget", this.foot), { class: "link", hidden: true, "aria-expanded": "false" });
    for (const area of [this.top, this.foot]) {
      area.addEventListener("keydown", (event) => event.key === "Escape" && this.close());
    }
    document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && this.refresh());
    this.setUnread(0);
  }

  /** Who reads: the bell and My comments for an account, Forget me for a guest (when guests may comment). */
  show(signedIn: boolean, guests: boolean): void {
    this.signedIn = signedIn;
    this.bell.hidden = this.mine.hidden = !signedIn;
    this.forget.hidden = signedIn || !guests;
    this.close(true);
    this.refresh();
  }

  /** A live update came: the reader may have a new notification. */
  soon(): void {
    if (!this.signedIn) return;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = AGAIN_MS.map((ms) => setTimeout(() => this.refresh(), ms));
  }

  async refresh(): Promise<void> {
    if (!this.signedIn) return;
    try {
      this.setUnread((await this.o.api.call<{ unread: number }>("GET", "me/inbox/unread")).unread);
    } catch {
      /* the next update or visit tries again */
    }
  }

  setUnread(unread: number): void {
    this.count.textContent = unread ? String(unread) : "";
    this.bell.setAttribute("aria-label", this.o.t.notifications(unread));
  }

  private async toggle(opener: HTMLButtonElement, name: PanelName, area: HTMLElement): Promise<void> {
    const open = this.opener === opener;
    this.close(true);
    if (open) return opener.focus();
    this.opener = opener;
    opener.setAttribute("aria-expanded", "true");
    let panels: Panels;
    try {
      panels = await load();
    } catch {
      replaceChildren(area, h("p", { class: "error", role: "alert" }, this.o.t.errOffline));
      return;
    }
    if (this.opener !== opener) return; // closed meanwhile
    if (!this.o.root.querySelector("style.panels")) this.o.root.append(h("style", { class: "panels" }, panels.STYLES));
    const panel = panels[name](this.host());
    replaceChildren(area, panel.element);
    panel.focus();
  }

  /** Closes the open panel; focus goes back to its button unless `stay`. */
  close(stay = false): void {
    const opener = this.opener;
    this.opener = null;
    replaceChildren(this.top);
    replaceChildren(this.foot);
    opener?.setAttribute("aria-expanded", "false");
    if (!stay) opener?.focus();
  }

  private host(): PanelHost {
    const { o } = this;
    return {
      api: o.api, t: o.t, language: o.language, translated: o.translated, story: o.story,
      error: o.error, announce: o.announce, signedOut: o.signedOut,
      unread: (count) => this.setUnread(count),
      close: (stay) => this.close(stay),
    };
  }
}
