// What a comment needs from the widget around it.
import type { Api } from "./api";
import type { Strings } from "./i18n";
import type { Catalogue } from "./languages";
import type { Memory } from "./store";
import type { Comment, Written } from "./types";

export interface Context {
  api: Api;
  memory: Memory;
  t: Strings;
  language: string;
  translated: Catalogue | null; // the language's whole catalogue (the panels' strings too); null: English
  askName: boolean; // guests may comment and the reader is not signed in
  me: number | null; // the signed-in reader's account id
  mute(comment: Comment): Promise<void>;
  editWindowMs: number;
  announce(text: string): void;
  postReply(parent: Comment, body: string, name: string, notify?: string): Promise<Written>;
  loadReplies(parentId: number): Promise<void>;
  removed(comment: Comment): void;
}
