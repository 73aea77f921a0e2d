// <rejoinder-comments site=".." story=".."> : the discussion of one story, in an open shadow root.
import { AccountBox } from "./account";
import { Api, ApiError, type SsoSession } from "./api";
import type { CommentView } from "./comment";
import type { Context } from "./context";
import { button, h } from "./dom";
import { Corner } from "./corner";
import { featuredBox, Filters } from "./filters";
import { panelsFrom } from "./lazy";
import { commentForm, errorMessage, type CommentForm } from "./form";
import { catalogue, stringsFor, type Strings } from "./i18n";
import { chooseLanguage, RTL, type Catalogue, type Language } from "./languages";
import { STYLES } from "./styles";
import { LiveStream } from "./sse";
import { Memory } from "./store";
import { Thread } from "./thread";
import type { Comment, Embedded, Filter, LiveComment, LiveLikes, LiveRemoved, Page, Sort, Written } from "./types";

// Must match WIDGET_PAGE_SIZE in src/rejoinder/http/pages.py, so that the embedded page hydrates.
const PAGE_SIZE = 50;
const REPLIES_PAGE_SIZE = 100;
const SORTS: Sort[] = ["oldest", "newest", "top", "replies"];
const PERMALINK = /^#comment-(\d+)$/;
// A stream that opens this long after the page was shown, with no event to resume from, first
// checks the newest page for what it missed (the fragment may also come from a cache).
const STALE_MS = 10_000;

let scriptBase = "";

/** The server that served embed.js also serves the API (unless the `server` attribute says otherwise). */
export function rememberScriptBase(script: HTMLOrSVGScriptElement | null): void {
  if (script instanceof HTMLScriptElement && script.src) scriptBase = new URL(".", script.src).href;
}

export class RejoinderComments extends HTMLElement {
  private story = "";
  private started = false;
  private t!: Strings;
  private ctx!: Context;
  private thread!: Thread;
  private sort: Sort = "oldest";
  private cursor: string | null = null;
  private total = 0;
  private highlighted: HTMLElement | null = null;
  // Comments the moderation asked the reader to reconsider: sent again unchanged, they go to review.
  private readonly nudged = new Set<string>();
  private readonly heading = h("h2", { id: "heading", part: "header" });
  private readonly live = h("div", { class: "sr", "aria-live": "polite" });
  private readonly notice = h("p", { class: "notice", part: "notice", tabindex: -1, hidden: true });
  private readonly error = h("p", { class: "error", role: "alert", part: "error" });
  private readonly empty = h("p", { class: "muted", hidden: true });
  private readonly featured = h("section", { class: "featured", part: "featured", "aria-labelledby": "featured-title", hidden: true });
  private readonly experts = h("p", { class: "muted", hidden: true });
  private filters!: Filters;
  private corner!: Corner;
  private qa: boolean | null = null; // a Q&A story (null: not known yet)
  private hasFeatured = false;
  private readonly signedIn = h("p", { class: "muted", part: "signed-in", hidden: true });
  // Resolves once the publisher's sign-in token has been exchanged for a session (if one was given).
  private session: Promise<void> = Promise.resolve();
  private form!: CommentForm;
  private guests = true; // the site lets guests comment with a name (attribute `guests`)
  private accounts: AccountBox | null = null;
  private readonly loadMore = button("", () => this.loadNextPage(), { class: "load", hidden: true });
  // Live updates: new top-level comments (and replies to them) wait behind the "N new comments"
  // button, in the order they arrived, so that nothing moves under the reader's eyes.
  private stream: LiveStream | null = null;
  private readonly waiting = new Map<number, Comment>();
  private readonly fresh = button("", () => this.showWaiting(), { class: "fresh", hidden: true, part: "button fresh" });
  private shownAt = 0;
  private catching = false;

  connectedCallback(): void {
    if (this.started) return this.stream?.resume(); // moved within the page: keep the state
    this.started = true;
    const server = new URL(this.getAttribute("server") || scriptBase || "/", location.href).href;
    const base = server.endsWith("/") ? server : `${server}/`;
    const language = chooseLanguage(this);
    // Another language renders once its catalogue is here (what the server rendered into the
    // element shows meanwhile); English at once. No string shows in a language it was not meant in.
    void catalogue(base, language).then((translated) => this.start(base, translated ? language : "en", translated));
  }

  private start(base: string, language: string, translated: Catalogue | null): void {
    const site = this.getAttribute("site") ?? "";
    this.story = this.getAttribute("story") ?? "";
    const t = (this.t = stringsFor(language, translated));
    panelsFrom(base);
    const api = new Api(base, site, t.errOffline);
    const ssoToken = this.getAttribute("sso-token");
    const sso = this.hasAttribute("sso-token");
    this.guests = this.getAttribute("guests") !== "false" && !sso;
    this.ctx = {
      api,
      memory: new Memory(`rejoinder:${site}:`),
      t,
      language,
      translated,
      askName: this.guests,
      me: null,
      mute: (comment) => this.mute(comment),
      editWindowMs: Number(this.getAttribute("edit-window") || 900) * 1000,
      announce: (text) => this.announce(text),
      postReply: (parent, body, name, notify) => this.post(body, name, parent, notify),
      loadReplies: (id) => this.loadReplies(id),
      removed: (comment) => this.removed(comment),
    };
    this.thread = new Thread(this.ctx);
    this.filters = new Filters(t, (filter) => this.refilter(filter));
    if (this.hasAttribute("accounts") && !sso) {
      this.accounts = new AccountBox({
        api,
        t,
        signedIn: (session) => this.accountSignedIn(session),
        signOut: () => this.signOut(),
      });
    }
    const root = this.attachShadow({ mode: "open" });
    this.corner = new Corner({
      api, t, language, translated, story: this.story, root,
      error: (failure) => errorMessage(failure, t),
      announce: (text) => this.announce(text),
      signedOut: () => this.forget(),
    });
    this.build(root, language);
    this.corner.show(false, this.guests);
    if (ssoToken) void this.signIn(ssoToken);
    const saved = this.accounts && this.ctx.memory.session;
    if (saved) this.setSession(saved); // before the first page: rendered once, with Mute buttons
    const embedded = this.embeddedPage();
    if (embedded) this.showPage(embedded.page, true);
    else this.fetchFirstPage();
    addEventListener("hashchange", () => this.followPermalink());
    this.stream = new LiveStream(api, this.story, (type, data) => this.onLive(type, data),
      (first) => (!first || performance.now() - this.shownAt > STALE_MS) && this.catchUp());
    // The stream opens once the discussion is on screen: most readers of a story never scroll
    // down to it, and need not hold a connection.
    const seen = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      seen.disconnect();
      this.stream?.start();
    });
    seen.observe(this);
  }

  disconnectedCallback(): void {
    this.stream?.pause();
  }

  private build(root: ShadowRoot, language: string): void {
    const { t, corner } = this;
    this.heading.textContent = t.loading;
    const select = h("select", { part: "select" },
      ...SORTS.map((sort) => h("option", { value: sort }, t[sort])));
    select.addEventListener("change", () => this.resort(select.value as Sort));
    const form = (this.form = commentForm({
      t,
      label: t.yourComment,
      submitLabel: t.post,
      askName: this.ctx.askName,
      name: this.ctx.memory.name,
      notify: true,
      submit: async ({ body, name, notify }) => void (await this.post(body, name, null, notify)),
    }));
    root.append(
      h("style", {}, STYLES),
      h("section", {
        class: "root", part: "container", "aria-labelledby": "heading", lang: language,
        dir: RTL.includes(language) ? "rtl" : "ltr",
      },
        h("div", { class: "bar" }, this.heading, this.filters.element,
          h("label", { class: "sort" }, `${t.sortBy} `, select)),
        h("div", { class: "who" }, this.signedIn, corner.bell, corner.mine, this.accounts?.element),
        corner.top, this.experts,
        form.element, this.notice, this.live, this.error, this.featured, this.empty,
        h("div", { class: "pill" }, this.fresh), this.thread.list, this.loadMore,
        h("p", { class: "foot" }, corner.forget), corner.foot),
    );
  }

  /** The first page the server rendered into the element, if it is the page we would fetch. */
  private embeddedPage(): Embedded | null {
    const script = this.querySelector('script[type="application/json"]');
    try {
      const data = JSON.parse(script?.textContent ?? "null") as Embedded | null;
      return data && data.sort === this.sort && data.limit === PAGE_SIZE ? data : null;
    } catch {
      return null;
    }
  }

  private async fetchFirstPage(): Promise<void> {
    try {
      this.showPage(await this.firstPage(), true);
    } catch (failure) {
      this.error.textContent = errorMessage(failure, this.t);
    }
  }

  private firstPage(): Promise<Page> {
    return this.ctx.api.storyPage(this.story, this.sort, PAGE_SIZE, null, this.filters.current);
  }

  private showPage(page: Page, first: boolean): CommentView[] {
    if (first) this.thread.clear();
    const added = this.thread.addAll(page.items);
    this.cursor = page.next_cursor;
    this.setTotal(page.total);
    this.loadMore.hidden = !this.cursor;
    this.loadMore.textContent = this.t.loadMore;
    if (first) {
      this.shownFeatured(page);
      this.shownAt = performance.now();
      for (const id of this.waiting.keys()) if (this.thread.get(id)) this.waiting.delete(id);
      this.updateWaiting(false);
      this.markFirstPaint();
      this.followPermalink();
    }
    return added;
  }

  private setTotal(total: number): void {
    this.total = Math.max(0, total);
    this.heading.textContent = this.t.comments(this.total);
    this.empty.textContent = this.filters.current ? this.t.noneHere : this.t.noComments;
    this.empty.hidden = this.thread.list.childElementCount + this.waiting.size > 0;
  }

  private markFirstPaint(): void {
    if (performance.getEntriesByName("rejoinder:first-comment").length) return;
    performance.mark("rejoinder:rendered");
    // After the next frame has been produced: the comments are on screen.
    requestAnimationFrame(() => setTimeout(() => performance.mark("rejoinder:first-comment")));
  }

  private async resort(sort: Sort): Promise<void> {
    this.sort = sort;
    await this.reload(this.t.sorted);
  }

  /** "Featured", "Answered", "Unanswered" or "All": the list shows only those. */
  private async refilter(filter: Filter | null): Promise<void> {
    this.filters.set(filter);
    this.waiting.clear(); // what arrived belongs to the whole thread, shown again with "All"
    await this.reload(this.t.listShown);
  }

  private async reload(done: string): Promise<void> {
    try {
      this.showPage(await this.firstPage(), true);
      this.announce(done);
    } catch (failure) {
      this.error.textContent = errorMessage(failure, this.t);
    }
  }

  /** The featured box and the choices above the thread, from a first page; whether the story is
   * in Q&A mode is read from its questions (`answered`) or, with none to tell, from the story. */
  private shownFeatured(page: Page): void {
    if (this.filters.current) {
      this.featured.hidden = true;
      return;
    }
    const featured = page.featured ?? [];
    this.hasFeatured = featured.length > 0 || page.items.some((comment) => comment.featured);
    featuredBox(this.featured, featured, this.t, this.ctx.language);
    const question = page.items.find((comment) => comment.parent_id === null);
    if (this.qa === null && question) this.qa = typeof question.answered === "boolean";
    if (this.qa !== false) void this.readStory();
    this.filters.offer(this.hasFeatured, !!this.qa);
  }

  /** The story's Q&A mode and experts (asked once: for a Q&A story, or one with no comment yet). */
  private async readStory(): Promise<void> {
    if (this.experts.dataset.read) return;
    this.experts.dataset.read = "1";
    try {
      const { qa, experts } = await this.ctx.api.story(this.story);
      this.qa = !!qa;
      const names = (experts ?? []).map((expert) => expert.display_name);
      this.experts.textContent = names.length ? this.t.experts(new Intl.ListFormat(this.ctx.language).format(names)) : "";
      this.experts.hidden = !(qa && names.length);
    } catch {
      this.qa ??= false; // no story yet (its first comment creates it): not a Q&A story
    }
    if (this.qa) this.form.relabel(this.t.askQuestion, this.t.postQuestion);
    this.filters.offer(this.hasFeatured, !!this.qa);
  }

  private async loadNextPage(): Promise<void> {
    this.loadMore.disabled = true;
    try {
      const page = await this.ctx.api.storyPage(this.story, this.sort, PAGE_SIZE, this.cursor, this.filters.current);
      const added = this.showPage(page, false);
      added[0]?.article.focus(); // keyboard users continue reading where the new comments start
      this.announce(this.t.loaded(added.length));
    } catch (failure) {
      this.error.textContent = errorMessage(failure, this.t);
    } finally {
      this.loadMore.disabled = false;
    }
  }

  private async loadReplies(id: number): Promise<void> {
    const parent = this.thread.get(id);
    if (!parent) return;
    try {
      const page = await this.ctx.api.replies(id, REPLIES_PAGE_SIZE, parent.repliesCursor ?? null);
      const added = this.thread.addAll(page.items);
      parent.repliesCursor = page.next_cursor;
      parent.updateMore();
      (added[0]?.article ?? parent.article).focus();
    } catch (failure) {
      parent.showNote(errorMessage(failure, this.t));
    }
  }

  /** The publisher signed this reader in (attribute `sso-token`): no name field, posts as them. */
  private signIn(publisherToken: string): Promise<void> {
    this.session = this.exchange(publisherToken);
    return this.session;
  }

  private async exchange(publisherToken: string): Promise<void> {
    try {
      this.setSession(await this.ctx.api.ssoSession(publisherToken));
    } catch (failure) {
      this.error.textContent = errorMessage(failure, this.t);
    }
  }

  /** Who reads: the bearer token, "Signed in as", the name field, Mute buttons, muted authors. */
  private setSession(session: SsoSession | null): void {
    const { ctx, t } = this;
    ctx.api.bearer = session?.token ?? null;
    ctx.me = session?.account.id ?? null;
    ctx.askName = this.guests && !session;
    this.form.setAskName(ctx.askName);
    this.signedIn.textContent = session ? `${t.signedInAs} ${session.account.display_name}` : "";
    this.signedIn.hidden = !session;
    this.accounts?.show(!!session);
    this.corner.show(!!session, this.guests);
    this.thread.refresh();
    this.stream?.restart(); // the server leaves out what this reader muted
    if (session) void this.loadMutes();
  }

  /** The pages the server sends a signed-in reader leave muted authors out; the embedded first
   * page does not know the reader, so the widget hides them itself. */
  private async loadMutes(): Promise<void> {
    try {
      for (const muted of (await this.ctx.api.mutes()).items) this.thread.mute(muted.account_id);
    } catch (failure) {
      // A session that ended elsewhere (signed out, password reset): forget it.
      if (failure instanceof ApiError && failure.status === 401 && this.accounts) this.forget();
    }
  }

  private accountSignedIn(session: SsoSession): void {
    this.ctx.memory.session = session;
    this.setSession(session);
    this.announce(this.signedIn.textContent ?? "");
    this.form.focus();
  }

  private async signOut(): Promise<void> {
    try {
      await this.ctx.api.logout();
    } catch (failure) {
      // Offline: stay signed in, so that the session can still be ended. Otherwise it is over.
      if (!(failure instanceof ApiError) || failure.status === 0) {
        this.error.textContent = errorMessage(failure, this.t);
        return;
      }
    }
    this.forget();
    this.announce(this.t.signedOut);
    this.accounts?.focusSignIn();
  }

  private forget(): void {
    this.ctx.memory.session = null;
    this.setSession(null);
  }

  private async mute(comment: Comment): Promise<void> {
    const id = comment.author.account_id;
    if (!id) return;
    try {
      await this.ctx.api.mute(id);
    } catch (failure) {
      this.thread.get(comment.id)?.showNote(errorMessage(failure, this.t));
      return;
    }
    this.thread.mute(id);
    this.notice.textContent = this.t.muted(comment.author.name ?? "");
    this.notice.hidden = false;
    this.notice.focus(); // the button went away with the comment
  }

  private async post(
    body: string, name: string, parent: Comment | null, notify?: string,
  ): Promise<Written> {
    await this.session;
    const { api, memory, askName } = this.ctx;
    const draft = `${parent?.id}:${body}`;
    let written: Written;
    try {
      written = await api.post(this.story, {
        body,
        author_name: askName ? name : undefined,
        parent_id: parent?.id,
        story_url: location.href.split("#")[0],
        story_title: this.getAttribute("story-title") || document.title || undefined,
        resubmit: this.nudged.has(draft) || undefined,
        ...(notify != null && {
          notify_replies: true,
          author_email: notify || undefined,
          language: this.ctx.language as Language, // one of LANGUAGES: chooseLanguage picked it
        }),
      });
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === "reconsider") this.nudged.add(draft);
      if (failure instanceof ApiError && failure.status === 401 && this.accounts) this.forget();
      throw failure;
    }
    memory.setToken(written.id, written.edit_token);
    if (askName) memory.name = name;
    // Its live event may have come first: then it is shown (or waiting) and counted already.
    const known = this.thread.get(written.id);
    const counted = !!known || this.waiting.delete(written.id);
    this.updateWaiting(false);
    const view = known ?? this.thread.add(written, true);
    if (known) known.update(written);
    const published = written.status === "published";
    if (published && parent && !counted) {
      parent.reply_count++;
      this.thread.get(parent.id)?.updateMore();
    }
    if (published && !counted) this.setTotal(this.total + 1);
    view.article.focus();
    view.showNote(published ? this.t.posted : this.t.heldNotice);
    return written;
  }

  private removed(comment: Comment): void {
    const view = this.thread.get(comment.id);
    if (!view) return;
    if (comment.status === "published") this.setTotal(this.total - 1);
    this.announce(this.t.deletedBody);
    if (view.shownReplies > 0 || comment.reply_count > 0) {
      view.update({ ...comment, status: "deleted", author: { name: null }, body_html: "" });
      view.article.focus();
      return;
    }
    const parent = this.thread.remove(comment);
    (parent?.article ?? this.heading).focus();
  }

  private onLive(type: string, data: unknown): void {
    const event = data as Partial<LiveComment & LiveRemoved & LiveLikes>;
    this.corner.soon(); // a reply to this reader, perhaps: the bell's count is read again
    if (typeof event.count === "number") this.setTotal(event.count);
    const { comment, id } = event;
    if (type === "refetch") void this.catchUp();
    else if (type === "comment.reactions" && id) this.thread.get(id)?.setLikes(event.like_count ?? 0);
    else if (type === "comment.removed" && id) this.gone(id, comment ?? null);
    else if (comment && type === "comment.edited") this.changed(comment);
    else if (comment && type === "comment.published") this.arrived(comment, true);
  }

  /** A comment published elsewhere (or one already here: the reader's own, or a replay). */
  private arrived(comment: Comment, tell: boolean): void {
    const { id, parent_id } = comment;
    if (this.thread.get(id) || this.waiting.has(id)) return this.changed(comment);
    if (comment.status !== "published" || this.thread.isMuted(comment) || this.filters.current) return;
    const parent = this.thread.parentOf(comment);
    if (parent_id === null || this.waiting.has(parent_id)) {
      this.waiting.set(id, comment);
      return this.updateWaiting(tell);
    }
    if (!parent) return; // a reply in a part of the thread this reader has not opened
    parent.comment.reply_count++;
    // An expert's reply answers the question (answered is false only on a Q&A story's questions).
    if (comment.expert && parent.comment.answered === false) parent.update({ ...parent.comment, answered: true });
    if (parent.comment.depth < 3 || parent.shownReplies > 0) {
      this.thread.add(comment).markNew(); // in place: the reader sees the thread it is in grow
      if (tell) this.announce(this.t.newReply(comment.author.name ?? ""));
    }
    parent.updateMore();
  }

  private changed(comment: Comment): void {
    if (this.waiting.has(comment.id)) this.waiting.set(comment.id, comment);
    const view = this.thread.get(comment.id);
    const was = view?.comment;
    if (!view || !was) return;
    if (was.body_html === comment.body_html && was.edited_at === comment.edited_at &&
        was.status === comment.status && was.author.name === comment.author.name) return;
    const focused = this.focusIn(view.article);
    view.update(comment);
    if (focused) view.article.focus({ preventScroll: true }); // its buttons were made anew
  }

  private gone(id: number, tombstone: Comment | null): void {
    if (this.waiting.delete(id)) return this.updateWaiting(false);
    const view = this.thread.get(id);
    if (!view) return;
    const focused = this.focusIn(view.item);
    if (tombstone) {
      view.update(tombstone);
      if (focused) view.article.focus({ preventScroll: true });
      return;
    }
    const parent = this.thread.remove(view.comment);
    this.setTotal(this.total);
    if (focused) (parent?.article ?? this.heading).focus({ preventScroll: true });
  }

  private focusIn(element: HTMLElement): boolean {
    return element.contains(this.shadowRoot?.activeElement ?? null);
  }

  private updateWaiting(tell: boolean): void {
    const n = this.waiting.size;
    this.fresh.hidden = !n;
    this.fresh.textContent = this.t.newComments(n);
    this.setTotal(this.total);
    if (n && tell) this.announce(this.fresh.textContent);
  }

  /** "N new comments": the waiting ones go at the top, newest first, in every sort (they take
   * their sorted place on the next load); focus moves to the newest. */
  private showWaiting(): void {
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    const tops = waiting.filter((c) => c.parent_id === null);
    tops.sort((a, b) => a.created_at.localeCompare(b.created_at));
    let newest: CommentView | undefined;
    for (const comment of [...tops, ...waiting.filter((c) => c.parent_id !== null)]) {
      if (this.thread.get(comment.id) || (comment.parent_id !== null && !this.thread.parentOf(comment))) continue;
      const view = this.thread.add(comment, true);
      view.markNew();
      view.updateMore();
      if (comment.parent_id === null) newest = view;
    }
    this.updateWaiting(false);
    (newest?.article ?? this.heading).focus();
  }

  /** Quietly: the newest page, compared with what is shown (after `refetch`, or a stream that
   * could not resume). New comments wait behind the button; known ones are updated in place. */
  private async catchUp(): Promise<void> {
    if (this.catching) return;
    this.catching = true;
    try {
      const page = await this.ctx.api.storyPage(this.story, "newest", PAGE_SIZE, null);
      const before = this.waiting.size;
      for (const comment of page.items) this.arrived(comment, false);
      this.setTotal(page.total);
      this.updateWaiting(this.waiting.size > before);
    } catch {
      /* the next event or reconnection tries again */
    } finally {
      this.catching = false;
    }
  }

  private async followPermalink(): Promise<void> {
    const match = PERMALINK.exec(location.hash);
    if (!match) return;
    const id = Number(match[1]);
    if (!this.thread.get(id)) {
      try {
        const { comment, ancestors } = await this.ctx.api.inContext(id);
        // The path from its top-level comment, shown first so that the link has its context.
        const [root, ...rest] = [...ancestors, comment];
        if (!this.thread.get(root.id)) this.thread.add(root, true);
        this.thread.addAll(rest);
      } catch (failure) {
        this.error.textContent = errorMessage(failure, this.t);
        return;
      }
    }
    this.reveal(this.thread.get(id)?.article);
  }

  private reveal(article: HTMLElement | undefined): void {
    if (!article) return;
    this.highlighted?.classList.remove("highlight");
    article.classList.add("highlight");
    article.setAttribute("part", "comment highlighted");
    this.highlighted = article;
    article.scrollIntoView({ block: "center" });
    article.focus({ preventScroll: true });
  }

  private announce(text: string): void {
    // Re-set the text so that the same message is announced twice in a row.
    this.live.textContent = "";
    requestAnimationFrame(() => (this.live.textContent = text));
  }
}
