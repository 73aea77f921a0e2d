// Relative times ("5 minutes ago") with the exact time in the title, in the reader's language.

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 31536000],
  ["month", 2592000],
  ["week", 604800],
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
];

// Building an Intl formatter costs far more than using one: one of each per language.
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
const exactFormats = new Map<string, Intl.DateTimeFormat>();

function cached<T>(cache: Map<string, T>, language: string, make: () => T): T {
  let format = cache.get(language);
  if (!format) cache.set(language, (format = make()));
  return format;
}

export function relativeTime(iso: string, language: string, now = Date.now()): string {
  const seconds = (Date.parse(iso) - now) / 1000;
  const format = cached(relativeFormats, language, () => new Intl.RelativeTimeFormat(language, { numeric: "auto" }));
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(0, "second");
}

export function exactTime(iso: string, language: string): string {
  const format = cached(exactFormats, language, () =>
    new Intl.DateTimeFormat(language, { dateStyle: "long", timeStyle: "short" }));
  return format.format(new Date(iso));
}
