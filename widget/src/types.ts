// Shapes of the public API (src/rejoinder/http/schemas/comments.py), as far as the widget reads
// them: api-contract.ts holds them to the types generated from the server's OpenAPI document.

export type Sort = "oldest" | "newest" | "top" | "replies";
/** What a listing may hold instead of the whole thread: featured comments; a Q&A story's questions. */
export type Filter = "featured" | "answered" | "unanswered";
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
  // Missing from servers that predate them (none shown either way).
  featured?: boolean; // a moderator featured it
  expert?: boolean; // in a Q&A story: written by one of its experts
  answered?: boolean | null; // a Q&A story's question: an expert replied (null: not a question)
}

export interface Page {
  total: number;
  items: Comment[];
  next_cursor: string | null;
  featured?: Comment[]; // the first page's: up to 3, most recently featured first
}

export interface Expert {
  account_id: number;
  display_name: string;
}

/** GET stories/{story}, as far as the widget reads it (Q&A mode). */
export interface Story {
  qa?: boolean;
  experts?: Expert[];
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
