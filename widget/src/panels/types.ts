// What the panels read and send (docs/api.md: the inbox, "my comments", guests' "forget me"):
// panels/api.ts's methods return these, and api-contract.ts holds them to the server's OpenAPI.

export interface StoryRef {
  key: string;
  title: string;
  url: string;
}

export type InboxKind = "reply" | "featured" | "approved" | "rejected";

export interface InboxItem {
  id: number;
  kind: InboxKind;
  created_at: string;
  read: boolean;
  comment_id: number;
  story: StoryRef;
  actor_name: string | null;
  excerpt: string;
  reason: string | null;
}

export interface Inbox {
  items: InboxItem[];
  unread: number;
  next_cursor: string | null;
}

export interface Unread {
  unread: number;
}

export type MarkRead = { ids: number[] } | { all: true };

export interface MyComment {
  comment: {
    id: number;
    body_html: string;
    status: "published" | "pending" | "rejected";
    created_at: string;
    edited_at: string | null;
    editable_until: string | null;
    like_count: number;
    reply_count: number;
    permalink: string;
  };
  story: StoryRef;
  replies: { id: number; author_name: string; body_html: string; created_at: string }[];
}

export interface MyComments {
  items: MyComment[];
  next_cursor: string | null;
}

/** GET /me, as far as the panel reads it. */
export interface Me {
  has_password: boolean;
}
