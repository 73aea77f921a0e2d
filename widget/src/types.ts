// Shapes of the public API (src/rejoinder/http/schemas/comments.py), as far as the widget reads
// them: api-contract.ts holds them to the types generated from the server's OpenAPI document.

export type Sort = "oldest" | "newest" | "top" | "replies";
export type Badge = "staff" | "verified" | "guest";

export interface Comment {
  id: number;
  parent_id: number | null;
  depth: number;
  // badge: null for deleted comments; missing from servers that predate it (no badge either way).
  author: { name: string | null; account_id?: number | null; badge?: Badge | null };
  body_html: string; // sanitised by the server's allow-list
  status: "published" | "pending" | "rejected" | "deleted";
  created_at: string;
  edited_at: string | null;
  reply_count: number;
  like_count: number;
}

export interface Page {
  total: number;
  items: Comment[];
  next_cursor: string | null;
}

export interface Written extends Comment {
  edit_token: string | null;
  moderation: { action: string; reasons: { code: string; message: string }[] };
}

export interface WithContext {
  comment: Comment;
  ancestors: Comment[];
}

// Live updates (docs/api.md#live-updates): the data of each event.
export interface LiveComment {
  comment: Comment;
  count: number;
}
export interface LiveRemoved {
  id: number;
  count: number;
  comment: Comment | null; // the tombstone, when it still holds replies
}
export interface LiveLikes {
  id: number;
  like_count: number;
}

// What the server embeds in <script type="application/json"> for hydration.
export interface Embedded {
  sort: Sort;
  limit: number;
  page: Page;
}

export const REPORT_REASONS = [
  "spam",
  "abuse",
  "harassment",
  "hate",
  "misinformation",
  "illegal",
  "other",
] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
