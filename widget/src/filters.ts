// Beside the sort choice: "All", "Featured" (when the story has featured comments) and, in a Q&A
// story, "Answered" / "Unanswered": toggle buttons (aria-pressed), one pressed at a time. And the
// box of the first page's featured comments above the thread.
import { button, h } from "./dom";
import type { Strings } from "./i18n";
import { exactTime, relativeTime } from "./time";
import type { Comment, Filter } from "./types";

const CHOICES: (Filter | null)[] = [null, "featured", "answered", "unanswered"];

export class Filters {
  readonly element: HTMLElement;
  current: Filter | null = null;
  private readonly buttons: HTMLButtonElement[];

  constructor(t: Strings, choose: (filter: Filter | null) => void) {
    this.buttons = CHOICES.map((filter) =>
      button(t[filter ?? "all"], () => choose(filter), { "aria-pressed": String(!filter), hidden: !!filter }));
    this.element = h("div", { class: "buttons filters", role: "group", "aria-label": t.show, hidden: true }, ...this.buttons);
  }

  /** Which choices the story has. */
  offer(featured: boolean, qa: boolean): void {
    const [, withFeatured, ...questions] = this.buttons;
    withFeatured.hidden = !featured && this.current !== "featured";
    for (const choice of questions) choice.hidden = !qa;
    this.element.hidden = this.buttons.every((choice, i) => !i || choice.hidden);
  }

  set(filter: Filter | null): void {
    this.current = filter;
    this.buttons.forEach((choice, i) => choice.setAttribute("aria-pressed", String(CHOICES[i] === filter)));
  }
}

/** The first page's featured comments, each linking to its place in the thread. */
export function featuredBox(box: HTMLElement, comments: Comment[], t: Strings, language: string): void {
  box.hidden = !comments.length;
  box.textContent = "";
  if (!comments.length) return;
  box.append(
    h("h3", { id: "featured-title" }, t.featuredTitle),
    h("ul", { role: "list" }, ...comments.map((comment) => {
      const body = h("div", { class: "body", dir: "auto" });
      body.innerHTML = comment.body_html; // allow-listed by the server's sanitiser (SECURITY 2)
      return h("li", {},
        h("p", { class: "meta" },
          h("span", { class: "author", dir: "auto" }, comment.author.name ?? t.deleted),
          h("a", { class: "time", href: `#comment-${comment.id}`, title: t.permalink },
            h("time", { datetime: comment.created_at, title: exactTime(comment.created_at, language) },
              relativeTime(comment.created_at, language)))),
        body);
    })),
  );
}
