// The report form of a comment (in panels.js, loaded when "Report" is first pressed): a reason
// and details; with "illegal content" an EU DSA notice (Art. 16), which names the law and may
// leave an address for the acknowledgement and the decision.
import type { Notice } from "../api";
import { button, h } from "../dom";
import type { Panel, PanelHost } from "../panel-host";
import { REPORT_REASONS, type ReportReason } from "../types";
import { panelStrings } from "./common";

export interface ReportOptions {
  host: Pick<PanelHost, "translated" | "language" | "error" | "t">;
  send(reason: ReportReason, detail: string, notice?: Notice): Promise<unknown>;
  cancel(): void;
  /** Sent: the form closes and the comment says this. */
  sent(text: string): void;
}

export function report(o: ReportOptions): Panel {
  const { host } = o;
  const { t } = host;
  const p = panelStrings(host);
  const radios = REPORT_REASONS.map((reason, i) =>
    h("label", { class: "choice" },
      h("input", { type: "radio", name: "reason", value: reason, checked: i === 0 }), p[`reason_${reason}`]),
  );
  const detail = h("textarea", { name: "detail", rows: 2, maxlength: 1000, part: "textarea" });
  const detailLabel = h("span", {}, p.reportDetail);
  const ground = h("input", { name: "legal_ground", maxlength: 300, part: "input" });
  const email = h("input", { name: "reporter_email", type: "email", maxlength: 320, part: "input" });
  const notice = h("div", { class: "notice", hidden: true },
    h("label", { class: "field" }, h("span", {}, p.noticeGround), ground),
    h("label", { class: "field" }, h("span", {}, p.noticeEmail), email),
  );
  const error = h("p", { class: "error", role: "alert", part: "error" });
  const form = h("form", { class: "form", part: "form report", novalidate: true },
    h("fieldset", {}, h("legend", {}, p.reportQuestion), ...radios),
    notice,
    h("label", { class: "field" }, detailLabel, detail),
    error,
    h("div", { class: "buttons" },
      h("button", { type: "submit", class: "primary", part: "button primary" }, p.sendReport),
      button(t.cancel, () => o.cancel())),
  );
  const chosen = (): ReportReason => new FormData(form).get("reason") as ReportReason;
  form.addEventListener("change", () => {
    const illegal = chosen() === "illegal";
    notice.hidden = !illegal;
    detailLabel.textContent = illegal ? p.noticeDetail : p.reportDetail;
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const reason = chosen();
    const address = email.value.trim();
    const language = host.language as Notice["language"]; // one of LANGUAGES (chooseLanguage)
    const asked = reason === "illegal"
      ? { legal_ground: ground.value.trim(), language, ...(address ? { reporter_email: address } : {}) }
      : undefined;
    try {
      await o.send(reason, detail.value.trim(), asked);
    } catch (failure) {
      error.textContent = host.error(failure);
      return;
    }
    o.sent(asked ? p.noticeSent : p.reported);
  });
  return { element: form, focus: () => form.querySelector("input")?.focus() };
}
