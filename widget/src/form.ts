// The comment form: new comment, reply or edit, with a preview and inline errors.
import { ApiError } from "./api";
import { button, h, replaceChildren } from "./dom";
import type { Strings } from "./i18n";
import { panels } from "./lazy";

export interface FormValues {
  body: string;
  name: string;
  /** Set when "notify me of replies" is ticked: the guest's email ("" for an account). */
  notify?: string;
}

export interface FormOptions {
  t: Strings;
  label: string;
  submitLabel: string;
  askName: boolean;
  name: string;
  notify?: boolean; // offer "notify me of replies" (not when editing)
  body?: string;
  submit: (values: FormValues) => Promise<void>;
  cancel?: () => void;
}

export interface CommentForm {
  element: HTMLFormElement;
  focus(): void;
  /** Shows or hides the guest name field (hidden while the reader is signed in). */
  setAskName(on: boolean): void;
  /** New words for the field and the button ("Ask a question" in a Q&A story). */
  relabel(label: string, submitLabel: string): void;
}

export function errorMessage(error: unknown, t: Strings): string {
  return error instanceof ApiError ? error.message : t.errOffline;
}

export function commentForm(o: FormOptions): CommentForm {
  const { t } = o;
  const nameInput = h("input", {
    name: "author_name",
    autocomplete: "nickname",
    maxlength: 40,
    value: o.name,
    part: "input",
  });
  const textarea = h("textarea", { name: "body", rows: 4, maxlength: 10000, part: "textarea" });
  textarea.value = o.body ?? "";
  const preview = h("div", { class: "preview", part: "preview", hidden: true, "aria-live": "polite" });
  const error = h("p", { class: "error", role: "alert", part: "error" });
  const submit = h("button", { type: "submit", class: "primary", part: "button primary" }, o.submitLabel);

  // The preview's markdown is in panels.js, loaded when "Preview" is first pressed.
  const refreshPreview = async () => {
    const source = textarea.value.trim();
    let shown: Node;
    try {
      shown = source ? (await panels()).renderPreview(source) : h("p", { class: "muted" }, t.previewEmpty);
    } catch {
      shown = h("p", { class: "error" }, t.errOffline);
    }
    replaceChildren(preview, shown);
  };
  const previewToggle = button(t.preview, () => {
    const showing = preview.hidden;
    preview.hidden = !showing;
    previewToggle.setAttribute("aria-pressed", String(showing));
    if (showing) refreshPreview();
  }, { "aria-pressed": "false" });
  textarea.addEventListener("input", () => preview.hidden || refreshPreview());
  const label = h("span", {}, o.label);
  const nameField = o.askName && h("label", { class: "field" }, h("span", {}, t.name), nameInput);
  const asking = () => !!nameField && !nameField.hidden;
  const email = h("input", { name: "author_email", type: "email", autocomplete: "email", maxlength: 320, part: "input" });
  const emailField = h("label", { class: "field", hidden: true }, h("span", {}, t.email), email);
  const notify = h("input", { type: "checkbox", name: "notify_replies" });
  notify.addEventListener("change", () => (emailField.hidden = !(notify.checked && asking())));

  const form = h(
    "form",
    { class: "form", part: "form", novalidate: true },
    nameField,
    h("label", { class: "field" }, label, textarea),
    o.notify && h("label", {}, notify, ` ${t.notifyReplies}`),
    o.notify && emailField,
    preview,
    error,
    h("div", { class: "buttons" }, submit, previewToggle, o.cancel && button(t.cancel, o.cancel)),
  );

  const invalid = (message: string, field: HTMLElement) => {
    error.textContent = message;
    field.focus();
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = {
      body: textarea.value.trim(),
      name: nameInput.value.trim(),
      notify: notify.checked ? (asking() ? email.value.trim() : "") : undefined,
    };
    if (asking() && !values.name) return invalid(t.errName, nameInput);
    if (!values.body) return invalid(t.errEmpty, textarea);
    error.textContent = "";
    submit.disabled = true;
    try {
      await o.submit(values);
      textarea.value = "";
      preview.hidden = true;
      previewToggle.setAttribute("aria-pressed", "false");
    } catch (failure) {
      error.textContent = errorMessage(failure, t);
    } finally {
      submit.disabled = false;
    }
  });

  return {
    element: form,
    focus: () => (asking() && !nameInput.value ? nameInput : textarea).focus(),
    setAskName: (on) => nameField && (nameField.hidden = !on),
    relabel: (text, submitText) => {
      label.textContent = text;
      submit.textContent = submitText;
    },
  };
}
