// What embed.js hands the panels (panels.js, loaded on demand): types only, so that neither
// bundle carries the other's code. The panels use embed.js's Api (and its errors) through this.
import type { Api } from "./api";
import type { Strings } from "./i18n";
import type { Catalogue } from "./languages";
import type { ReportOptions } from "./panels/report";

export interface PanelHost {
  api: Api;
  t: Strings;
  language: string;
  /** The language's catalogue (its panel strings too); null: English. */
  translated: Catalogue | null;
  story: string;
  /** The message to show for a failed call (the server's words, or "offline"). */
  error(failure: unknown): string;
  announce(text: string): void;
  /** The bell shows this unread count. */
  unread(count: number): void;
  /** The account is gone (deleted): sign the widget out. */
  signedOut(): void;
  /** Closes the panel; focus goes back to the button that opened it unless `stay`. */
  close(stay?: boolean): void;
}

export interface Panel {
  element: HTMLElement;
  /** Where focus goes when it opens (its heading). */
  focus(): void;
}

export type PanelName = "inbox" | "mine" | "forget";
export type Panels = Record<PanelName, (host: PanelHost) => Panel> & {
  STYLES: string;
  renderPreview(source: string): DocumentFragment;
  report(options: ReportOptions): Panel;
};
