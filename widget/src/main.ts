// Entry point of embed.js: defines <rejoinder-comments> once, however many times the script loads.
import { RejoinderComments, rememberScriptBase } from "./element";

performance.mark("rejoinder:script-start");
rememberScriptBase(document.currentScript);
if (!customElements.get("rejoinder-comments")) {
  customElements.define("rejoinder-comments", RejoinderComments);
}
