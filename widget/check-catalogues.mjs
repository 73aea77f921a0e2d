// Checks the widget's catalogues against English, the reference (src/i18n/en.ts and
// src/i18n/en-panels.ts): each LANG.json in the folder must have exactly English's keys; a string
// exactly English's {placeholders}; plural forms (an object) where English has them, with every
// form that Intl.PluralRules knows for the language and no other, `other` holding English's
// placeholders and the other forms no placeholder English lacks (Arabic's "two" may say "تعليقان"
// without the number). build.mjs runs it before it builds anything (so make widget-check fails);
// run alone:  node check-catalogues.mjs [FOLDER]   (default src/i18n)
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** The languages with a catalogue, besides English: the widget's own list (src/languages.ts). */
export const TRANSLATED = ["ja", "de", "fr", "es", "ar"];

async function evaluate(entry) {
  const built = await build({ entryPoints: [entry], bundle: true, format: "esm", write: false, logLevel: "warning" });
  const source = Buffer.from(built.outputFiles[0].contents).toString("base64");
  return import(`data:text/javascript;base64,${source}`);
}

/** English: the core strings (in embed.js) and the panels' (in panels.js). */
export async function english() {
  const [{ en }, { enPanels }] = await Promise.all([evaluate("src/i18n/en.ts"), evaluate("src/i18n/en-panels.ts")]);
  return { ...en, ...enPanels };
}

const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const same = (a, b) => a.join() === b.join();

/** What is wrong with one language's catalogue, as sentences. */
export function problemsOf(language, catalogue, reference) {
  const problems = [];
  const forms = new Intl.PluralRules(language).resolvedOptions().pluralCategories.sort();
  for (const key of Object.keys(reference)) if (!(key in catalogue)) problems.push(`lacks "${key}"`);
  for (const [key, entry] of Object.entries(catalogue)) {
    const english = reference[key];
    if (english === undefined) {
      problems.push(`has "${key}", which English does not`);
      continue;
    }
    const wanted = placeholders(typeof english === "string" ? english : english.other);
    if (typeof english === "string") {
      if (typeof entry !== "string") problems.push(`"${key}" must be a string`);
      else if (!same(placeholders(entry), wanted)) {
        problems.push(`"${key}" has {${placeholders(entry)}}, English has {${wanted}}`);
      }
      continue;
    }
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      problems.push(`"${key}" must be plural forms {${forms}}`);
      continue;
    }
    if (!same(Object.keys(entry).sort(), forms)) {
      problems.push(`"${key}" has the forms {${Object.keys(entry).sort()}}; ${language} has {${forms}}`);
    }
    for (const [form, text] of Object.entries(entry)) {
      const has = typeof text === "string" ? placeholders(text) : null;
      if (!has) problems.push(`"${key}".${form} must be a string`);
      else if (form === "other" ? !same(has, wanted) : has.some((name) => !wanted.includes(name))) {
        problems.push(`"${key}".${form} has {${has}}, English has {${wanted}}`);
      }
    }
  }
  return problems;
}

/** Every catalogue in `folder`, checked; throws with every problem found. */
export async function checkedCatalogues(folder = "src/i18n") {
  const reference = await english();
  const catalogues = {};
  const problems = [];
  for (const language of TRANSLATED) {
    let catalogue;
    try {
      catalogue = JSON.parse(readFileSync(join(folder, `${language}.json`), "utf8"));
    } catch (error) {
      problems.push(`${language}.json: ${error.message}`);
      continue;
    }
    problems.push(...problemsOf(language, catalogue, reference).map((problem) => `${language}.json ${problem}`));
    catalogues[language] = catalogue;
  }
  if (problems.length) throw new Error(`catalogues:\n  ${problems.join("\n  ")}`);
  return catalogues;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const catalogues = await checkedCatalogues(process.argv[2]);
    console.log(`check-catalogues: ${Object.keys(catalogues).join(", ")} match English.`);
  } catch (error) {
    console.error(`check-catalogues: ${error.message}`);
    process.exit(1);
  }
}
