// panels.js, the second bundle (src/panels/): what the widget shows only once asked — the reader's
// own panels (corner.ts) and the comment preview (form.ts) — imported from the comment server
// the first time. One per page: the first widget's server serves it to all of them.
import type { Panels } from "./panel-host";

declare const PANELS: string; // its content hash, put in by build.mjs
let base = "";
let loading: Promise<Panels> | null = null;

export function panelsFrom(server: string): void {
  base ||= server;
}

export function panels(): Promise<Panels> {
  return (loading ??= import(`${base}widget/panels.js?v=${PANELS}`).catch((failure) => {
    loading = null; // offline: the next press tries again
    throw failure;
  }));
}
