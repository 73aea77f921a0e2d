// "My comments": the reader's comments on this site, newest first, with their story, status and
// latest replies; delete one; download my data; delete my account (with the password, or by a
// mailed confirmation link).
import { button, h, replaceChildren } from "../dom";
import type { Panel, PanelHost } from "../panel-host";
import { PanelApi } from "./api";
import { frame, html, panelStrings, when, type PanelStrings } from "./common";
import type { MyComment } from "./types";

const PAGE = 20;

export function mine(host: PanelHost): Panel {
  const api = new PanelApi(host.api);
  const p = panelStrings(host);
  const list = h("ul", { class: "entries", role: "list" });
  const status = h("p", { class: "error", role: "alert" });
  const empty = h("p", { class: "muted", hidden: true }, p.mineEmpty);
  let cursor: string | null = null;
  const more = button(p.showMore, () => void load(), { hidden: true });

  const load = async () => {
    more.disabled = true;
    try {
      const page = await api.myComments(PAGE, cursor);
      const added = page.items.map((item) => entry(item, host, p, api));
      list.append(...added);
      if (cursor) (added[0]?.querySelector("a") as HTMLElement | null)?.focus();
      cursor = page.next_cursor;
      empty.hidden = list.childElementCount > 0;
    } catch (failure) {
      status.textContent = host.error(failure);
    } finally {
      more.disabled = false;
      more.hidden = !cursor;
    }
  };
  void load();
  return frame(host, p, p.mineTitle, status, empty, list, more, data(host, p, api));
}

function entry(item: MyComment, host: PanelHost, p: PanelStrings, api: PanelApi): HTMLElement {
  const { comment, story, replies } = item;
  const { t, language } = host;
  const note = h("p", { class: "note", hidden: true, tabindex: -1 });
  const actions = h("div", { class: "buttons" });
  const badge = h("span", { class: "badge", hidden: comment.status === "published" }, p[`status_${comment.status}`]);
  const edited = h("span", { hidden: !comment.edited_at }, t.edited);
  let body = html("body", comment.body_html);
  const element = h("li", {},
    h("h4", {}, h("a", { href: story.url, dir: "auto" }, story.title)),
    h("p", { class: "meta" }, when(comment.created_at, language), badge, edited,
      h("span", {}, t.likes(comment.like_count)), h("span", {}, p.replyCount(comment.reply_count))),
    body,
    actions, note,
    replies.length > 0 && h("div", {},
      h("p", { class: "meta" }, p.latestReplies),
      h("ul", { class: "latest", role: "list", "aria-label": p.latestReplies },
        ...replies.map((reply) => h("li", {},
          h("p", { class: "meta" }, h("span", { class: "author", dir: "auto" }, reply.author_name),
            when(reply.created_at, language)),
          html("body", reply.body_html))))),
  );
  const view = h("a", { href: comment.permalink }, p.viewComment);
  const remove = button(t.delete, () => {
    const yes = button(t.yesDelete, async () => {
      try {
        await api.deleteComment(comment.id);
      } catch (failure) {
        status(host.error(failure));
        return;
      }
      replaceChildren(element, h("p", { class: "muted", tabindex: -1 }, t.deletedBody));
      (element.firstChild as HTMLElement).focus();
      host.announce(t.deletedBody);
    }, { class: "danger", part: "button danger" });
    replaceChildren(actions, h("span", {}, t.confirmDelete), yes, button(t.cancel, () => {
      replaceChildren(actions, view, edit, remove);
      remove.focus();
    }));
    yes.focus();
  });
  // Within the edit window: the source in a textarea, saved through the comment endpoint.
  const editable = !!comment.editable_until && Date.parse(comment.editable_until) > Date.now();
  const edit = editable && button(t.edit, async () => {
    let source: string;
    try {
      source = (await api.source(comment.id)).body;
    } catch (failure) {
      return status(host.error(failure));
    }
    const textarea = h("textarea", { name: "body", rows: 4, maxlength: 10000, part: "textarea" });
    textarea.value = source;
    const error = h("p", { class: "error", role: "alert" });
    const save = h("button", { type: "submit", class: "primary", part: "button primary" }, t.save);
    const form = h("form", { class: "form", novalidate: true },
      h("label", { class: "field" }, h("span", {}, t.yourComment), textarea), error,
      h("div", { class: "buttons" }, save, button(t.cancel, () => done())));
    const done = () => {
      form.replaceWith(actions);
      (edit || remove).focus();
    };
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!textarea.value.trim()) {
        error.textContent = t.errEmpty;
        return textarea.focus();
      }
      save.disabled = true;
      try {
        const written = await api.edit(comment.id, textarea.value.trim());
        const fresh = html("body", written.body_html);
        body.replaceWith(fresh);
        body = fresh;
        edited.hidden = false;
        const now = written.status === "deleted" ? "rejected" : written.status; // never after an edit
        badge.textContent = p[`status_${now}`];
        badge.hidden = now === "published";
        done(); // as in the thread: the comment shows what was saved, and says when it is held
        if (written.status === "pending") status(t.heldNotice);
      } catch (failure) {
        error.textContent = host.error(failure);
      } finally {
        save.disabled = false;
      }
    });
    actions.replaceWith(form);
    textarea.focus();
  });
  const status = (text: string) => {
    note.textContent = text;
    note.hidden = false;
    note.focus();
  };
  replaceChildren(actions, view, edit, remove);
  return element;
}

/** Download my data; delete my account. */
function data(host: PanelHost, p: PanelStrings, api: PanelApi): HTMLElement {
  const { t } = host;
  const message = h("p", { class: "notice", role: "status", hidden: true });
  const error = h("p", { class: "error", role: "alert" });
  const say = (text: string) => {
    message.textContent = text;
    message.hidden = false;
    error.textContent = "";
  };
  const attempt = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch (failure) {
      error.textContent = host.error(failure);
    }
  };
  const download = button(p.download, () => attempt(async () => {
    const data = await api.exportData();
    const file = URL.createObjectURL(new Blob([JSON.stringify(data, null, 1)], { type: "application/json" }));
    const save = h("a", { href: file, download: "rejoinder-data.json", hidden: true });
    message.after(save);
    save.click();
    save.remove();
    setTimeout(() => URL.revokeObjectURL(file), 10_000);
    say(p.downloaded);
  }));
  const password = h("input", { type: "password", name: "password", autocomplete: "current-password", maxlength: 1000, part: "input" });
  const passwordField = h("label", { class: "field", hidden: true }, h("span", {}, t.password), password);
  const form = h("form", { class: "form", novalidate: true, hidden: true },
    h("p", {}, p.deleteAccountWarn), passwordField,
    h("div", { class: "buttons" }, h("button", { type: "submit", class: "danger", part: "button danger" }, p.deleteWithPassword)),
    h("p", {}, p.byMail),
    h("div", { class: "buttons" }, button(p.sendDeletionMail, () => attempt(async () => {
      await api.mailDeletion();
      say(p.deletionMailSent);
    }))),
  );
  const open = button(p.deleteAccount, async () => {
    open.setAttribute("aria-expanded", String(form.hidden));
    form.hidden = !form.hidden;
    if (form.hidden) return;
    await attempt(async () => void (passwordField.hidden = !(await api.me()).has_password));
    (passwordField.hidden ? form.querySelector("button") : password)?.focus();
  }, { class: "danger", "aria-expanded": "false" });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void attempt(async () => {
      if (!passwordField.hidden && !password.value) {
        error.textContent = t.errRequired;
        return password.focus();
      }
      await api.deleteAccount(passwordField.hidden ? null : password.value);
      host.close(true);
      host.signedOut();
      host.announce(p.accountDeleted);
    });
  });
  return h("section", { "aria-label": p.myData }, h("div", { class: "buttons" }, download, open), form, message, error);
}
