// What every panel has: its strings (English here, another language from the catalogue embed.js
// fetched), a heading that takes the focus, a Close button, and its stylesheet.
import { button, h } from "../dom";
import { enPanels } from "../i18n/en-panels";
import { compile, type StringsOf } from "../languages";
import type { PanelHost } from "../panel-host";
import { exactTime, relativeTime } from "../time";

export type PanelStrings = StringsOf<typeof enPanels>;

export function panelStrings(host: Pick<PanelHost, "translated" | "language">): PanelStrings {
  return compile({ ...enPanels, ...host.translated } as typeof enPanels, host.language);
}

let panels = 0;

/** The panel's frame: a region named by its heading, with Close. */
export function frame(host: PanelHost, p: PanelStrings, title: string, ...content: HTMLElement[]) {
  const id = `panel-${++panels}`;
  const heading = h("h3", { id, tabindex: -1 }, title);
  const element = h("section", { class: "sheet", part: "panel", "aria-labelledby": id },
    h("div", { class: "sheet-head" }, heading, button(p.close, () => host.close())), ...content);
  return { element, focus: () => heading.focus() };
}

export function when(iso: string, language: string): HTMLElement {
  return h("time", { datetime: iso, title: exactTime(iso, language) }, relativeTime(iso, language));
}

export function html(className: string, markup: string): HTMLElement {
  const body = h("div", { class: className, dir: "auto" });
  body.innerHTML = markup; // allow-listed by the server's sanitiser (SECURITY 2)
  return body;
}

export const STYLES = `
.sheet{border:1px solid var(--line);border-radius:var(--radius);padding:.25rem .75rem .75rem;margin:.5rem 0}
.sheet-head{display:flex;gap:.5rem;align-items:center;justify-content:space-between}
.sheet h3{font-size:1.1em;margin:.4rem 0}
.sheet h4{font-size:1em;margin:0}
.sheet h3:focus{outline:none}
.entries>li{border-top:1px solid var(--line);padding:.5rem 0}
.entries>li.unread{border-inline-start:3px solid var(--accent);padding-inline-start:.5rem}
.entries p{margin:.2rem 0}
.excerpt{color:var(--muted);overflow-wrap:anywhere}
.latest{margin-inline-start:var(--indent);padding-inline-start:.6rem;border-inline-start:2px solid var(--line);font-size:.95em}
.latest li{margin-top:.35rem}
.sheet section{border-top:1px solid var(--line);margin-top:.5rem}
`;
