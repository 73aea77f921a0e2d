// Which language a widget (or a count link) speaks, and how a catalogue entry becomes text: shared
// by embed.js (i18n.ts) and count.js, which must stay small.

/** English (the reference, in embed.js) and the languages with a catalogue in static/widget/i18n/. */
export const LANGUAGES = ["en", "ja", "de", "fr", "es", "ar"] as const;
export type Language = (typeof LANGUAGES)[number];
export const RTL = ["ar"];

/** Plural forms, chosen by Intl.PluralRules; `other` is always there. */
export type Plural = { readonly other: string } & { readonly [form in Intl.LDMLPluralRule]?: string };
export type Entry = string | Plural;

/** The element's own `lang`, else its nearest ancestor's, else the page's; then the browser's
 * languages; the first of them we have a catalogue for, else English. */
export function chooseLanguage(element: Element): string {
  const tagged = element.closest("[lang]")?.getAttribute("lang") || document.documentElement.lang;
  for (const tag of [tagged, ...navigator.languages]) {
    const primary = (tag || "").toLowerCase().split("-")[0];
    if ((LANGUAGES as readonly string[]).includes(primary)) return primary;
  }
  return "en";
}

/** `entry` as text: a string with "{...}" filled with `value`, or the plural form for `value`.
 * Numbers are formatted for the language. */
export function formatter(language: string): (entry: Entry, value?: string | number) => string {
  const rules = new Intl.PluralRules(language);
  const numbers = new Intl.NumberFormat(language);
  return (entry, value = "") => {
    const text = typeof entry === "string" ? entry : (entry[rules.select(Number(value))] ?? entry.other);
    const shown = typeof value === "number" ? numbers.format(value) : value;
    return text.replace(/\{\w+\}/g, () => shown); // a function: "$&" in a name stays as it is
  };
}

export type Catalogue = Readonly<Record<string, Entry>>;

// A string with a placeholder becomes a function of its value; plural forms, a function of the
// number; any other string stays a string.
type Compiled<E> = E extends string
  ? E extends `${string}{${string}}${string}`
    ? (value: string | number) => string
    : string
  : (n: number) => string;
export type StringsOf<C> = { readonly [K in keyof C]: Compiled<C[K]> };

/** The catalogue's entries as the widget calls them: t.comments(5), t.replyTo("Ana"), t.post. */
export function compile<C extends Catalogue>(catalogue: C, language: string): StringsOf<C> {
  const format = formatter(language);
  const strings: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(catalogue)) {
    const fixed = typeof entry === "string" && !entry.includes("{");
    strings[key] = fixed ? entry : (value: string | number) => format(entry, value);
  }
  return strings as StringsOf<C>;
}
