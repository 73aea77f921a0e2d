// The widget's strings. English (i18n/en.ts) is in embed.js; another language's catalogue
// (static/widget/i18n/LANG.json, checked and built from i18n/LANG.json by build.mjs) is fetched once
// per page when a widget needs it, and the widget renders once it is there (element.ts): no
// English flash.
import { en } from "./i18n/en";
import { compile, type Catalogue, type StringsOf } from "./languages";

export type Strings = StringsOf<typeof en>;

// Content hashes of the built catalogues, put in by build.mjs: the URL changes when the file does,
// so the server lets browsers keep it for a year (http/assets.py).
declare const CATALOGUES: Record<string, string>;
const fetched: Record<string, Promise<Catalogue | null>> = {};

/** The language's catalogue: null for English, and when it cannot be had (then English). */
export function catalogue(base: string, language: string): Promise<Catalogue | null> {
  const version = CATALOGUES[language];
  if (!version) return Promise.resolve(null);
  return (fetched[language] ??= fetch(`${base}widget/i18n/${language}.json?v=${version}`)
    .then((response) => (response.ok ? response.json() : null))
    .catch(() => null));
}

export function stringsFor(language: string, translated: Catalogue | null): Strings {
  return compile({ ...en, ...translated } as typeof en, language);
}
