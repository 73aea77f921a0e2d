// count.js: writes "N Comments" into every <a data-rejoinder-count> of a page (a section front),
// from one request to the counts endpoint for all of them (docs/widget.md, "Comment counts").
//   <script src="https://comments.example/count.js" data-site="news" async></script>
//   <a href="/politics/story-1" data-rejoinder-count>Comments</a>        (by the link's URL)
//   <a href="/politics/story-1#comments" data-rejoinder-count="story-1">  (by the story's id)
import type { components } from "./generated/openapi";
import { comments as en } from "./i18n/en";
import { comments as ar } from "./i18n/ar.json";
import { comments as de } from "./i18n/de.json";
import { comments as es } from "./i18n/es.json";
import { comments as fr } from "./i18n/fr.json";
import { comments as ja } from "./i18n/ja.json";
import { chooseLanguage, formatter, type Plural } from "./languages";

type Counts = components["schemas"]["CountsOut"];
// The endpoint takes at most this many story ids, and as many URLs, in one request.
const MAX_KEYS = 100;
// "N Comments" from the widget's own catalogues (only this entry of each is bundled).
const COUNTS: Record<string, Plural> = { en, ja, de, fr, es, ar };

const script = document.currentScript;
const source = script instanceof HTMLScriptElement ? script : null;

/** The story id in the attribute, else the link's address as embed.js records it (no #...). */
function storyOf(link: HTMLAnchorElement): ["story" | "url", string] {
  const key = link.dataset.rejoinderCount;
  return key ? ["story", key] : ["url", link.href.split("#")[0]];
}

function param(link: HTMLAnchorElement): string {
  const [kind, value] = storyOf(link);
  return `${kind}=${encodeURIComponent(value)}`;
}

function fill(link: HTMLAnchorElement, counts: Counts): void {
  const [kind, value] = storyOf(link);
  const count = (kind === "story" ? counts.stories : counts.urls)[value];
  if (count === undefined) return;
  const language = chooseLanguage(link); // as the widget chooses it
  link.textContent = formatter(language)(COUNTS[language], count);
}

async function countAll(): Promise<void> {
  const site = source?.dataset.site;
  const links = [...document.querySelectorAll<HTMLAnchorElement>("a[data-rejoinder-count]")];
  if (!site || !links.length) return;
  // The server that served count.js answers, unless data-server names another (ending in /).
  const base = new URL(source?.dataset.server || ".", source?.src || location.href).href;
  const params = [...new Set(links.map(param))];
  // One request for a whole front page; only a front of more than 100 stories takes more.
  for (let start = 0; start < params.length; start += MAX_KEYS) {
    const query = params.slice(start, start + MAX_KEYS).join("&");
    const response = await fetch(`${base}api/v1/sites/${encodeURIComponent(site)}/counts?${query}`);
    if (!response.ok) return; // the links keep the text the publisher gave them
    const counts = (await response.json()) as Counts;
    for (const link of links) fill(link, counts);
  }
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => void countAll());
} else {
  void countAll();
}
