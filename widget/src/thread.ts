// The discussion tree: comment views by id, nested by parent, in the order the server sent them.
import { CommentView } from "./comment";
import type { Context } from "./context";
import { h } from "./dom";
import type { Comment } from "./types";

export class Thread {
  readonly list = h("ul", { class: "thread", role: "list", part: "thread" });
  private readonly views = new Map<number, CommentView>();
  // Accounts the signed-in reader muted: their comments (with the replies under them) stay hidden,
  // as the server leaves them out of the pages it sends this reader.
  private readonly muted = new Set<number>();

  constructor(private readonly ctx: Context) {}

  get(id: number): CommentView | undefined {
    return this.views.get(id);
  }

  clear(): void {
    this.views.clear();
    this.list.textContent = "";
  }

  /** Adds a page of items (thread order: parents before their replies); returns the new views. */
  addAll(items: Comment[]): CommentView[] {
    const added = items.filter((c) => !this.views.has(c.id)).map((c) => this.add(c));
    for (const view of added) {
      view.updateMore();
      this.parentOf(view.comment)?.updateMore();
    }
    return added;
  }

  /** A new comment: replies go last under their parent, top-level comments first. */
  add(comment: Comment, first = false): CommentView {
    const parent = this.parentOf(comment);
    const view = new CommentView(comment, parent ? parent.name : null, this.ctx);
    this.views.set(comment.id, view);
    view.item.hidden = this.isMuted(comment);
    if (parent) {
      parent.replies.append(view.item);
      if (comment.status === "published") parent.shownReplies++;
    } else if (first) this.list.prepend(view.item);
    else this.list.append(view.item);
    return view;
  }

  /** Removes a comment that has no replies; returns its parent's view, if shown. */
  remove(comment: Comment): CommentView | undefined {
    const view = this.views.get(comment.id);
    view?.item.remove();
    this.views.delete(comment.id);
    const parent = this.parentOf(comment);
    if (parent && comment.status === "published") {
      parent.shownReplies--;
      parent.comment.reply_count--;
      parent.updateMore();
    }
    return parent;
  }

  /** Hides an author's comments in this view; returns how many were shown. */
  mute(accountId: number): number {
    this.muted.add(accountId);
    let hidden = 0;
    for (const view of this.views.values()) {
      if (this.isMuted(view.comment) && !view.item.hidden) {
        view.item.hidden = true;
        hidden++;
      }
    }
    return hidden;
  }

  /** After signing in or out: the actions (Mute) depend on who reads. */
  refresh(): void {
    if (!this.ctx.me) this.muted.clear();
    for (const view of this.views.values()) {
      view.item.hidden = this.isMuted(view.comment);
      view.render();
    }
  }

  isMuted(comment: Comment): boolean {
    return this.muted.has(comment.author.account_id ?? 0);
  }

  parentOf(comment: Comment): CommentView | undefined {
    return comment.parent_id == null ? undefined : this.views.get(comment.parent_id);
  }
}
