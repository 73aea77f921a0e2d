// Client-side preview (in panels.js, loaded when "Preview" is first pressed): a small, safe subset of the markdown the server renders. Builds DOM nodes
// from text (never innerHTML); the published comment is always the server's rendering.
import { h } from "../dom";

const INLINE = /(\*\*([^*]+)\*\*|~~([^~]+)~~|\*([^*]+)\*|_([^_]+)_|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\))/;
const SAFE_LINK = /^(https?:|mailto:)/i;

function inline(text: string): Node[] {
  const nodes: Node[] = [];
  let rest = text;
  let match: RegExpExecArray | null;
  while ((match = INLINE.exec(rest))) {
    if (match.index) nodes.push(document.createTextNode(rest.slice(0, match.index)));
    nodes.push(inlineToken(match));
    rest = rest.slice(match.index + match[0].length);
  }
  if (rest) nodes.push(document.createTextNode(rest));
  return nodes;
}

function inlineToken(m: RegExpExecArray): Node {
  if (m[2]) return h("strong", {}, ...inline(m[2]));
  if (m[3]) return h("del", {}, ...inline(m[3]));
  if (m[4] || m[5]) return h("em", {}, ...inline(m[4] || m[5]));
  if (m[6]) return h("code", {}, m[6]);
  const label = inline(m[7]);
  if (!SAFE_LINK.test(m[8])) return h("span", {}, ...label);
  return h("a", { href: m[8], rel: "nofollow ugc noopener noreferrer", target: "_blank" }, ...label);
}

function withBreaks(lines: string[]): Node[] {
  return lines.flatMap((line, i) => (i ? [h("br"), ...inline(line)] : inline(line)));
}

function block(lines: string[]): HTMLElement {
  if (lines.every((line) => line.startsWith(">"))) {
    return h("blockquote", {}, ...[...blocks(lines.map((line) => line.replace(/^> ?/, "")))]);
  }
  if (lines.every((line) => /^[-*] /.test(line))) {
    return h("ul", {}, ...lines.map((line) => h("li", {}, ...inline(line.slice(2)))));
  }
  return h("p", {}, ...withBreaks(lines));
}

function blocks(lines: string[]): HTMLElement[] {
  const out: HTMLElement[] = [];
  let current: string[] = [];
  for (const line of [...lines, ""]) {
    if (line.trim()) current.push(line);
    else if (current.length) {
      out.push(block(current));
      current = [];
    }
  }
  return out;
}

export function renderPreview(source: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  fragment.append(...blocks(source.replace(/\r\n?/g, "\n").split("\n")));
  return fragment;
}
