// "N Comments" in each language, and which language an element is in: shared by the widget's
// catalogues (i18n.ts) and count.js, which must stay far smaller than the whole catalogue.

export const commentCounts = {
  en: (n: number) => (n === 1 ? "1 Comment" : `${n} Comments`),
  ja: (n: number) => `コメント ${n} 件`,
};

/** The primary tag of the element's own `lang`, else its nearest ancestor's, else the page's. */
export function primaryLanguage(element: Element): string {
  const tagged = element.closest("[lang]")?.getAttribute("lang") || document.documentElement.lang;
  return (tagged || "en").toLowerCase().split("-")[0];
}
