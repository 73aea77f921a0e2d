// The bell's list: the reader's notifications on this site, newest first; unread ones marked, each
// with "Mark as read", and "Mark all as read". Following one marks it read.
import { button, h, replaceChildren } from "../dom";
import type { Panel, PanelHost } from "../panel-host";
import { PanelApi } from "./api";
import { frame, panelStrings, when, type PanelStrings } from "./common";
import type { InboxItem } from "./types";

const PAGE = 20;

function what(item: InboxItem, p: PanelStrings): string {
  if (item.kind !== "reply") return p[`kind_${item.kind}`];
  return item.actor_name ? p.kind_reply(item.actor_name) : p.kind_replyAnon;
}

/** Where the comment is: in the page itself when it is this story (the widget follows the link). */
function link(item: InboxItem, host: PanelHost): string {
  const here = item.story.key === host.story;
  return `${here ? "" : item.story.url}#comment-${item.comment_id}`;
}

export function inbox(host: PanelHost): Panel {
  const api = new PanelApi(host.api);
  const p = panelStrings(host);
  const list = h("ul", { class: "entries", role: "list" });
  const status = h("p", { class: "error", role: "alert" });
  const empty = h("p", { class: "muted", hidden: true }, p.inboxEmpty);
  let cursor: string | null = null;
  const more = button(p.showMore, () => void load(), { hidden: true });
  const markAll = button(p.markAllRead, async () => {
    try {
      host.unread((await api.markRead({ all: true })).unread);
    } catch (failure) {
      status.textContent = host.error(failure);
      return;
    }
    for (const entry of list.querySelectorAll<HTMLElement>(".unread")) read(entry);
    markAll.hidden = true;
    host.announce(p.allRead);
  }, { hidden: true });

  const read = (entry: HTMLElement) => {
    entry.classList.remove("unread");
    entry.querySelector(".mark")?.remove();
    entry.querySelector(".sr")?.remove();
  };
  const mark = async (item: InboxItem, entry: HTMLElement, focus: boolean) => {
    try {
      host.unread((await api.markRead({ ids: [item.id] })).unread);
    } catch (failure) {
      status.textContent = host.error(failure);
      return;
    }
    read(entry);
    if (focus) entry.querySelector("a")?.focus();
  };

  const entry = (item: InboxItem): HTMLElement => {
    const text = `inbox-${item.id}`;
    const go = h("a", { href: link(item, host), id: text }, what(item, p));
    const entry = h("li", { class: item.read ? "" : "unread" },
      h("p", {}, go, !item.read && h("span", { class: "sr" }, `, ${p.unread}`)),
      item.excerpt && h("p", { class: "excerpt", dir: "auto" }, item.excerpt),
      item.reason && h("p", {}, p.reasonIs(item.reason)),
      h("p", { class: "meta" }, h("span", { dir: "auto" }, item.story.title), when(item.created_at, host.language)),
      !item.read && button(p.markRead, () => void mark(item, entry, true), { class: "mark", "aria-describedby": text }),
    );
    go.addEventListener("click", () => {
      if (!item.read) void mark(item, entry, false);
      if (item.story.key === host.story) host.close(true); // the widget moves the focus to the comment
    });
    return entry;
  };

  const load = async () => {
    more.disabled = true;
    try {
      const page = await api.inbox(PAGE, cursor);
      const first = !cursor;
      if (first) replaceChildren(list);
      const added = page.items.map(entry);
      list.append(...added);
      cursor = page.next_cursor;
      host.unread(page.unread);
      markAll.hidden = !page.unread;
      empty.hidden = list.childElementCount > 0;
      if (!first) added[0]?.querySelector("a")?.focus();
    } catch (failure) {
      status.textContent = host.error(failure);
    } finally {
      more.disabled = false;
      more.hidden = !cursor;
    }
  };
  void load();
  return frame(host, p, p.inboxTitle, h("div", { class: "buttons" }, markAll), status, empty, list, more);
}
