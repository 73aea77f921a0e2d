// panels.js (static/widget/panels.js): what the reader's own buttons open, loaded by corner.ts with
// import() the first time one is pressed. An ES module of its own: what it shares with embed.js
// (the Api, its errors, the strings) comes in through the PanelHost.
import type { Panels } from "../panel-host";
import { STYLES } from "./common";
import { forget } from "./forget";
import { inbox } from "./inbox";
import { renderPreview } from "./markdown";
import { mine } from "./mine";
import { report } from "./report";

export { STYLES, forget, inbox, mine, renderPreview, report };
// The shape corner.ts expects of this module (tsc fails here when it drifts).
type Holds<T extends Panels> = T;
export type Checks = Holds<{
  STYLES: typeof STYLES;
  forget: typeof forget;
  inbox: typeof inbox;
  mine: typeof mine;
  renderPreview: typeof renderPreview;
  report: typeof report;
}>;
