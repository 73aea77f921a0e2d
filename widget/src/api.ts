// The widget's only door to the server: typed calls, and errors carrying a message for people.
import type { Language } from "./languages";
import type { Comment, Filter, Page, ReportReason, Sort, Story, WithContext, Written } from "./types";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code = "",
  ) {
    super(message);
  }
}

export interface NewComment {
  body: string;
  author_name?: string;
  parent_id?: number;
  story_url: string;
  story_title?: string;
  resubmit?: boolean;
  notify_replies?: boolean;
  author_email?: string;
  language?: Language;
}

export type Method = "GET" | "POST" | "PATCH" | "DELETE";

// An EU DSA notice (a report with reason "illegal"): the law it breaks, and where to answer.
export interface Notice {
  legal_ground: string;
  reporter_email?: string;
  language?: Language;
}

export interface Account {
  id: number;
  display_name: string;
}

/** A Rejoinder session: from the publisher's sign-in (SSO) or the reader's own account. */
export interface SsoSession {
  account: Account;
  token: string;
}

export class Api {
  private readonly root: string;
  private readonly site: string;
  /** A session token from the publisher's sign-in: sent as a bearer token, never a cookie. */
  bearer: string | null = null;

  constructor(
    base: string,
    site: string,
    private readonly offline: string,
  ) {
    this.root = `${base}api/v1/`;
    this.site = `sites/${encodeURIComponent(site)}/`;
  }

  storyPage(story: string, sort: Sort, limit: number, cursor: string | null, filter?: Filter | null): Promise<Page> {
    const query = new URLSearchParams({ sort, limit: String(limit) });
    if (cursor) query.set("cursor", cursor);
    if (filter) query.set("filter", filter);
    return this.call("GET", `stories/${encodeURIComponent(story)}/comments?${query}`);
  }

  story(story: string): Promise<Story> {
    return this.call("GET", `stories/${encodeURIComponent(story)}`);
  }

  replies(id: number, limit: number, cursor: string | null): Promise<Page> {
    const query = new URLSearchParams({ limit: String(limit) });
    if (cursor) query.set("cursor", cursor);
    return this.call("GET", `comments/${id}/replies?${query}`);
  }

  inContext(id: number): Promise<WithContext> {
    return this.call("GET", `comments/${id}`);
  }

  post(story: string, comment: NewComment): Promise<Written> {
    return this.call("POST", `stories/${encodeURIComponent(story)}/comments`, comment);
  }

  source(id: number, token: string): Promise<Comment & { body: string }> {
    return this.call("GET", `comments/${id}/source`, undefined, token);
  }

  edit(id: number, body: string, token: string): Promise<Written> {
    return this.call("PATCH", `comments/${id}`, { body }, token);
  }

  remove(id: number, token: string): Promise<void> {
    return this.call("DELETE", `comments/${id}`, undefined, token);
  }

  like(id: number, on: boolean): Promise<{ like_count: number }> {
    const path = `comments/${id}/reactions`;
    return on ? this.call("POST", path, { kind: "like" }) : this.call("DELETE", `${path}/like`);
  }

  report(id: number, reason: ReportReason, detail: string, notice?: Notice): Promise<unknown> {
    return this.call("POST", `comments/${id}/reports`, { reason, detail, ...notice });
  }

  ssoSession(publisherToken: string): Promise<SsoSession> {
    return this.call("POST", "sso/session", { token: publisherToken });
  }

  /** The story's live updates (text/event-stream), from after `lastId` when given. */
  events(story: string, lastId: string | null, signal: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { Accept: "text/event-stream" };
    if (lastId) headers["Last-Event-ID"] = lastId;
    if (this.bearer) headers.Authorization = `Bearer ${this.bearer}`;
    const url = `${this.root}${this.site}stories/${encodeURIComponent(story)}/events`;
    return fetch(url, { headers, signal, credentials: "omit", cache: "no-store" });
  }

  // The reader's own account: /auth and /me are not under the site (the `true` argument).
  login(email: string, password: string): Promise<SsoSession> {
    return this.call("POST", "auth/login", { email, password }, undefined, true);
  }

  register(display_name: string, email: string, password: string): Promise<unknown> {
    return this.call("POST", "auth/register", { email, password, display_name }, undefined, true);
  }

  logout(): Promise<void> {
    return this.call("POST", "auth/logout", undefined, undefined, true);
  }

  mutes(): Promise<{ items: { account_id: number }[] }> {
    return this.call("GET", "me/mutes", undefined, undefined, true);
  }

  mute(account_id: number): Promise<unknown> {
    return this.call("POST", "me/mutes", { account_id }, undefined, true);
  }

  /** A call to the API under the site (or, with `account`, under /api/v1/: /auth, /me); the
   * panels (panels/) make theirs through it. */
  async call<T>(
    method: Method,
    path: string,
    body?: unknown,
    token?: string,
    account = false,
  ): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers["X-Edit-Token"] = token;
    if (this.bearer) headers.Authorization = `Bearer ${this.bearer}`;
    let response: Response;
    try {
      response = await fetch(this.root + (account ? "" : this.site) + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "omit",
      });
    } catch {
      throw new ApiError(0, this.offline);
    }
    if (response.status === 204) return undefined as T;
    const data = await response.json().catch(() => null);
    if (!response.ok) {
      // The server writes `message` for people; show it as it is.
      const error = data?.error ?? {};
      throw new ApiError(response.status, error.message || `HTTP ${response.status}`, error.code);
    }
    return data as T;
  }
}
