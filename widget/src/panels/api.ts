// The panels' calls, through embed.js's Api (its bearer token, its errors).
import type { Api } from "../api";
import type { Written } from "../types";
import type { Inbox, MarkRead, Me, MyComments, Unread } from "./types";

function page(limit: number, cursor: string | null): string {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor) query.set("cursor", cursor);
  return String(query);
}

export class PanelApi {
  constructor(private readonly api: Api) {}

  inbox(limit: number, cursor: string | null): Promise<Inbox> {
    return this.api.call("GET", `me/inbox?${page(limit, cursor)}`);
  }

  markRead(which: MarkRead): Promise<Unread> {
    return this.api.call("POST", "me/inbox/read", which);
  }

  myComments(limit: number, cursor: string | null): Promise<MyComments> {
    return this.api.call("GET", `me/comments?${page(limit, cursor)}`);
  }

  /** An account's own comment: its session is enough (no edit token), for these three. */
  source(id: number): Promise<{ body: string }> {
    return this.api.source(id, "");
  }

  edit(id: number, body: string): Promise<Written> {
    return this.api.edit(id, body, "");
  }

  deleteComment(id: number): Promise<void> {
    return this.api.call("DELETE", `comments/${id}`);
  }

  me(): Promise<Me> {
    return this.api.call("GET", "me", undefined, undefined, true);
  }

  exportData(): Promise<unknown> {
    return this.api.call("GET", "me/export", undefined, undefined, true);
  }

  deleteAccount(password: string | null): Promise<void> {
    return this.api.call("DELETE", "me", { password }, undefined, true);
  }

  mailDeletion(): Promise<unknown> {
    return this.api.call("POST", "me/deletion", undefined, undefined, true);
  }

  forget(email: string): Promise<unknown> {
    return this.api.call("POST", "guests/forget", { email });
  }
}
