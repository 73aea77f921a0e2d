// The catalogues' keys held to English's by tsc (types only, imported by nothing): a missing key,
// an extra one, or a plain string where English has plural forms (or the reverse) fails
// `tsc --noEmit` with the key's name. Placeholders and plural forms per language are checked by
// check-catalogues.mjs, which build.mjs runs.
import type { en } from "./i18n/en";
import type { enPanels } from "./i18n/en-panels";
import type ar from "./i18n/ar.json";
import type de from "./i18n/de.json";
import type es from "./i18n/es.json";
import type fr from "./i18n/fr.json";
import type ja from "./i18n/ja.json";

type English = typeof en & typeof enPanels;
type Keys = keyof English;
type Shape = { [K in Keys]: English[K] extends string ? string : { other: string } };
type Exactly<C> = [Exclude<keyof C, Keys>] extends [never]
  ? [Exclude<Keys, keyof C>] extends [never]
    ? C extends Shape
      ? true
      : { wrongShape: { [K in Keys]: K extends keyof C ? (C[K] extends Shape[K] ? never : K) : never }[Keys] }
    : { missing: Exclude<Keys, keyof C> }
  : { extra: Exclude<keyof C, Keys> };
type Holds<T extends true> = T;

export type Checks = [
  Holds<Exactly<typeof ja>>,
  Holds<Exactly<typeof de>>,
  Holds<Exactly<typeof fr>>,
  Holds<Exactly<typeof es>>,
  Holds<Exactly<typeof ar>>,
];
