// Readers' own accounts (attribute `accounts`): "Sign in" and "Create account" above the comment form.
import type { Api, SsoSession } from "./api";
import { button, h, replaceChildren } from "./dom";
import { errorMessage } from "./form";
import type { Strings } from "./i18n";

export interface AccountOptions {
  api: Api;
  t: Strings;
  signedIn(session: SsoSession): void;
  signOut(): Promise<void>;
}

type Field = [label: string, name: string, type: string, autocomplete: string];

export class AccountBox {
  readonly element: HTMLElement;
  private readonly panel = h("div", { class: "panel" });
  private readonly message = h("p", { class: "notice", part: "notice", tabindex: -1, hidden: true });
  private readonly openers: HTMLButtonElement[];
  private readonly signOutButton: HTMLButtonElement;

  constructor(private readonly o: AccountOptions) {
    const { t } = o;
    const signIn = button(t.signIn, () => this.open(signIn, t.signIn, [
      [t.email, "email", "email", "email"],
      [t.password, "password", "password", "current-password"],
    ], async ([email, password]) => o.signedIn(await o.api.login(email, password))), { "aria-expanded": "false" });
    const create = button(t.createAccount, () => this.open(create, t.createAccount, [
      [t.displayName, "display_name", "text", "nickname"],
      [t.email, "email", "email", "email"],
      [t.password, "password", "password", "new-password"],
    ], async ([name, email, password]) => {
      await o.api.register(name, email, password);
      this.message.textContent = t.checkEmail;
      this.message.hidden = false;
      this.message.focus();
    }), { "aria-expanded": "false" });
    this.openers = [signIn, create];
    this.signOutButton = button(t.signOut, async () => {
      this.signOutButton.disabled = true;
      await o.signOut();
      this.signOutButton.disabled = false;
    });
    this.element = h("div", { class: "account", part: "account" },
      h("div", { class: "buttons" }, signIn, create, this.signOutButton), this.message, this.panel);
  }

  /** Signed in: only "Sign out"; signed out: "Sign in" and "Create account". */
  show(signedIn: boolean): void {
    for (const opener of this.openers) opener.hidden = signedIn;
    this.signOutButton.hidden = !signedIn;
    if (signedIn) this.close(null);
  }

  focusSignIn(): void {
    this.openers[0].focus();
  }

  private open(
    opener: HTMLButtonElement,
    title: string,
    fields: Field[],
    submit: (values: string[]) => Promise<void>,
  ): void {
    const { t } = this.o;
    if (opener.getAttribute("aria-expanded") === "true") return this.close(opener);
    this.close(null);
    this.message.hidden = true;
    opener.setAttribute("aria-expanded", "true");
    const inputs = fields.map(([, name, type, autocomplete]) =>
      h("input", { name, type, autocomplete, required: true, maxlength: 200, part: "input" }));
    const error = h("p", { class: "error", role: "alert", part: "error" });
    const send = h("button", { type: "submit", class: "primary", part: "button primary" }, title);
    const form = h("form", { class: "form", part: "form", novalidate: true, "aria-label": title },
      ...fields.map(([label], i) => h("label", { class: "field" }, h("span", {}, label), inputs[i])),
      error,
      h("div", { class: "buttons" }, send, button(t.cancel, () => this.close(opener))),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const values = inputs.map((input) => (input.type === "password" ? input.value : input.value.trim()));
      const missing = inputs.find((_, i) => !values[i]);
      error.textContent = missing ? t.errRequired : "";
      if (missing) return missing.focus();
      send.disabled = true;
      try {
        await submit(values);
        this.close(null);
      } catch (failure) {
        error.textContent = errorMessage(failure, t);
      } finally {
        send.disabled = false;
      }
    });
    replaceChildren(this.panel, form);
    inputs[0].focus();
  }

  /** Closes an open form; focus goes back to the button that opened it, when given. */
  private close(opener: HTMLButtonElement | null): void {
    replaceChildren(this.panel);
    for (const button of this.openers) button.setAttribute("aria-expanded", "false");
    opener?.focus();
  }
}
