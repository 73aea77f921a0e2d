// One comment: its header, sanitised body, actions, and the panel where its forms open.
import type { Context } from "./context";
import { button, h, replaceChildren } from "./dom";
import { commentForm, errorMessage } from "./form";
import { panels } from "./lazy";
import type { Panels } from "./panel-host";
import { exactTime, relativeTime } from "./time";
import type { Comment, Written } from "./types";

export class CommentView {
  readonly item: HTMLLIElement;
  readonly article: HTMLElement;
  readonly replies: HTMLUListElement;
  readonly more: HTMLButtonElement;
  private readonly panel = h("div", { class: "panel" });
  private readonly note = h("p", { class: "note", part: "note", hidden: true });
  repliesCursor: string | null | undefined = undefined; // undefined: never paged
  shownReplies = 0;
  private fresh = false; // arrived live: marked, and "new" for screen readers

  constructor(
    public comment: Comment,
    readonly parentName: string | null,
    private readonly ctx: Context,
  ) {
    const id = comment.id;
    this.article = h("article", { id: `comment-${id}`, tabindex: -1, "aria-labelledby": `by-${id}`, part: "comment" });
    this.replies = h("ul", { class: "replies", role: "list" });
    this.more = button("", () => this.ctx.loadReplies(id), { class: "more", hidden: true });
    this.item = h("li", { class: "item", "data-depth": comment.depth }, this.article, this.replies, this.more);
    this.render();
  }

  get name(): string {
    return this.comment.author.name ?? this.ctx.t.deleted;
  }

  render(): void {
    const { comment, ctx } = this;
    const { t } = ctx;
    const deleted = comment.status === "deleted";
    this.replies.setAttribute("aria-label", t.replyTo(this.name));
    const body = h("div", { class: "body", part: "body", dir: "auto" }); // each comment in its own direction
    if (deleted) body.append(h("p", { class: "muted" }, t.deletedBody));
    else body.innerHTML = comment.body_html; // allow-listed by the server's sanitiser (SECURITY 2)
    replaceChildren(this.article, this.header(), body, deleted ? null : this.actions(), this.note, this.panel);
  }

  update(comment: Comment): void {
    this.comment = comment;
    this.render();
    this.updateMore();
  }

  /** Arrived while the reader was here (live updates). */
  markNew(): void {
    this.fresh = true;
    this.article.classList.add("new");
    this.article.setAttribute("part", "comment new");
    this.render();
  }

  /** A like count from elsewhere: only the button's text changes (focus stays where it is). */
  setLikes(count: number): void {
    this.comment.like_count = count;
    const like = this.article.querySelector(".like");
    if (like) like.textContent = `${this.ctx.t.like} · ${count}`;
  }

  showNote(text: string): void {
    this.note.textContent = text;
    this.note.hidden = !text;
    if (text) this.ctx.announce(text);
  }

  updateMore(): void {
    const missing = this.comment.reply_count - this.shownReplies;
    const more = this.repliesCursor !== null && missing > 0;
    this.more.hidden = !more;
    if (!more) return;
    const deep = this.comment.depth >= 3 && this.shownReplies === 0;
    this.more.textContent = deep ? this.ctx.t.continueThread(missing) : this.ctx.t.moreReplies(missing);
  }

  private header(): HTMLElement {
    const { comment, ctx } = this;
    const { t, language } = ctx;
    const edited = comment.edited_at;
    const badge = comment.author.badge;
    const label = badge && t[`badge_${badge}`]; // none for a badge this version does not know
    return h(
      "header",
      { class: "meta" },
      h("span", { class: "author", part: "author", id: `by-${comment.id}`, dir: "auto" }, this.name,
        this.parentName && h("span", { class: "sr" }, `, ${t.inReplyTo(this.parentName)}`),
        this.fresh && h("span", { class: "sr" }, `, ${t.newMark}`)),
      label && h("span", { class: `role ${badge}`, part: `badge ${badge}` },
        badge === "verified" && h("span", { "aria-hidden": "true" }, "✓ "), label),
      comment.expert && h("span", { class: "role expert", part: "badge expert" }, t.expert),
      comment.featured && h("span", { class: "role featured", part: "badge featured" }, t.featured),
      comment.answered && h("span", { class: "role answered", part: "badge answered" },
        h("span", { "aria-hidden": "true" }, "✓ "), t.answered),
      h("a", { class: "time", href: `#comment-${comment.id}`, part: "permalink", title: t.permalink },
        h("time", { datetime: comment.created_at, title: exactTime(comment.created_at, language) },
          relativeTime(comment.created_at, language))),
      edited && h("span", { class: "muted", title: exactTime(edited, language) }, t.edited),
      comment.status === "pending" && h("span", { class: "badge", part: "badge" }, t.held),
    );
  }

  private actions(): HTMLElement {
    const { comment, ctx } = this;
    const { t } = ctx;
    const token = ctx.memory.token(comment.id);
    const published = comment.status === "published";
    const age = Date.now() - Date.parse(comment.created_at);
    const author = comment.author.account_id;
    const mutable = published && ctx.me !== null && !!author && author !== ctx.me;
    return h(
      "div",
      { class: "actions", part: "actions" },
      published && this.likeButton(),
      published && button(t.reply, (e) => this.openReply(e.currentTarget as HTMLElement)),
      published && !token && button(t.report, (e) => this.openReport(e.currentTarget as HTMLElement)),
      token && age < ctx.editWindowMs && button(t.edit, (e) => this.openEdit(e.currentTarget as HTMLElement, token)),
      token && button(t.delete, (e) => this.confirmDelete(e.currentTarget as HTMLElement, token)),
      mutable && button(t.mute, () => ctx.mute(comment), { "aria-label": t.muteName(this.name) }),
    );
  }

  private likeButton(): HTMLButtonElement {
    const { comment, ctx } = this;
    const liked = ctx.memory.liked(comment.id);
    const like = button(`${ctx.t.like} · ${comment.like_count}`, async () => {
      like.disabled = true;
      try {
        const { like_count } = await ctx.api.like(comment.id, !liked);
        ctx.memory.setLiked(comment.id, !liked);
        this.update({ ...comment, like_count });
        this.article.querySelector<HTMLElement>(".like")?.focus();
        ctx.announce(ctx.t.likes(like_count));
      } catch (failure) {
        like.disabled = false;
        this.showNote(errorMessage(failure, ctx.t));
      }
    }, { class: "like", "aria-pressed": String(liked), part: "button like" });
    return like;
  }

  private openPanel(content: HTMLElement, opener: HTMLElement): () => void {
    this.showNote("");
    replaceChildren(this.panel, content);
    return () => {
      replaceChildren(this.panel);
      opener.focus();
    };
  }

  private openReply(opener: HTMLElement): void {
    const { ctx } = this;
    const form = commentForm({
      t: ctx.t,
      label: ctx.t.yourReply(this.name),
      submitLabel: ctx.t.postReply,
      askName: ctx.askName,
      name: ctx.memory.name,
      notify: true,
      submit: async ({ body, name, notify }) => {
        await ctx.postReply(this.comment, body, name, notify);
        replaceChildren(this.panel);
      },
      cancel: () => close(),
    });
    const close = this.openPanel(form.element, opener);
    form.focus();
  }

  private async openEdit(opener: HTMLElement, token: string): Promise<void> {
    const { ctx, comment } = this;
    let source: string;
    try {
      source = (await ctx.api.source(comment.id, token)).body;
    } catch (failure) {
      return this.showNote(errorMessage(failure, ctx.t));
    }
    const form = commentForm({
      t: ctx.t,
      label: ctx.t.yourComment,
      submitLabel: ctx.t.save,
      askName: false,
      name: "",
      body: source,
      submit: async ({ body }) => this.saveEdit(await ctx.api.edit(comment.id, body, token)),
      cancel: () => close(),
    });
    const close = this.openPanel(form.element, opener);
    form.focus();
  }

  private saveEdit(written: Written): void {
    this.ctx.memory.setToken(written.id, written.edit_token);
    replaceChildren(this.panel); // the edit form closes; the comment shows what was saved
    this.update(written);
    this.article.focus();
    if (written.status === "pending") this.showNote(this.ctx.t.heldNotice);
  }

  private confirmDelete(opener: HTMLElement, token: string): void {
    const { ctx } = this;
    const yes = button(ctx.t.yesDelete, async () => {
      try {
        await ctx.api.remove(this.comment.id, token);
      } catch (failure) {
        return this.showNote(errorMessage(failure, ctx.t));
      }
      ctx.memory.setToken(this.comment.id, null);
      ctx.removed(this.comment);
    }, { class: "danger", part: "button danger" });
    const close = this.openPanel(
      h("div", { class: "confirm", role: "group", "aria-label": ctx.t.delete },
        h("p", {}, ctx.t.confirmDelete), yes, button(ctx.t.cancel, () => close())),
      opener,
    );
    yes.focus();
  }

  private async openReport(opener: HTMLElement): Promise<void> {
    const { ctx, comment } = this;
    let module: Panels;
    try {
      module = await panels();
    } catch {
      return this.showNote(ctx.t.errOffline);
    }
    const form = module.report({
      host: { t: ctx.t, language: ctx.language, translated: ctx.translated, error: (failure) => errorMessage(failure, ctx.t) },
      send: (reason, detail, notice) => ctx.api.report(comment.id, reason, detail, notice),
      cancel: () => close(),
      sent: (text) => {
        close();
        this.showNote(text);
      },
    });
    const close = this.openPanel(form.element, opener);
    form.focus();
  }

}
