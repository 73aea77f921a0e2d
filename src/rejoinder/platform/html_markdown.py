"""Another system's comment HTML to our markdown source (imports, ADR 0023).

The source's HTML is never trusted or kept: it is read for its text, paragraphs, emphasis,
quotes, lists, code and absolute http(s)/mailto links, written out as markdown, and that
markdown then goes through `render_markdown` like any new comment. Scripts, styles, frames,
event handlers, images and every other tag are dropped (their text stays, scripts' does not).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from rejoinder.platform.rendering import SAFE_SCHEMES

# Whose content is not text a reader saw.
DROPPED = frozenset({
    "script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math",
    "head", "title", "textarea", "select", "button",
})  # fmt: skip
BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "tr"})
MARKERS = {"strong": "**", "b": "**", "em": "*", "i": "*", "del": "~~", "s": "~~", "strike": "~~"}
VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "area", "base", "col"})
_SPECIAL = re.compile(r"([\\`*_\[\]<>~|#!])")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))", re.MULTILINE)
# Bare URLs stay as they are: linkify makes them links, and an escape would change them.
_BARE_URL = re.compile(r"((?:https?://|mailto:)[^\s<>\[\]]+)", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\f\v\n]+")
_MANY_BREAKS = re.compile(r"\n{3,}")


def escape_markdown(text: str) -> str:
    """Plain text that markdown shows as it is (no emphasis, links, headings or lists)."""
    parts = _BARE_URL.split(text)  # odd indexes: the URLs
    escaped = "".join(p if i % 2 else _SPECIAL.sub(r"\\\1", p) for i, p in enumerate(parts))
    return _LINE_START.sub(_escape_line_start, escaped)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, mark = match.groups()
    return f"{indent}{mark}\\" if mark.isdigit() else f"{indent}\\{mark}"


def _safe_href(href: str | None) -> str | None:
    value = (href or "").strip()
    if not value.lower().startswith(SAFE_SCHEMES):
        return None
    return value.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


class _Converter(HTMLParser):
    def __init__(self, keep_newlines: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.keep_newlines = keep_newlines  # WordPress: a newline is a line break
        self.buffers: list[list[str]] = [[]]
        self.opened: list[tuple[str, str | None]] = []  # (tag, href) of pushed buffers
        self.dropping = 0
        self.raw = 0  # inside <pre> or <code>: text as it is

    def emit(self, text: str) -> None:
        self.buffers[-1].append(text)

    def push(self, tag: str, href: str | None = None) -> None:
        self.buffers.append([])
        self.opened.append((tag, href))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED:
            self.dropping += 1
        elif self.dropping:
            return
        elif tag in BLOCKS:
            self.emit("\n\n")
        elif tag == "li":
            self.emit("\n- ")
        elif tag == "br":
            self.emit("\n")
        elif tag == "hr":
            self.emit("\n\n---\n\n")
        elif tag in MARKERS:
            self.emit(MARKERS[tag])
        elif tag in ("a", "blockquote", "pre", "code"):
            self.raw += tag in ("pre", "code")
            self.push(tag, dict(attrs).get("href") if tag == "a" else None)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID or tag not in DROPPED:
            self.handle_starttag(tag, attrs)
            if tag not in VOID:
                self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED:
            self.dropping = max(0, self.dropping - 1)
        elif self.dropping:
            return
        elif tag in BLOCKS:
            self.emit("\n\n")
        elif tag in MARKERS:
            self.emit(MARKERS[tag])
        elif self.opened and self.opened[-1][0] == tag:
            self.finish(*self.opened.pop())

    def finish(self, tag: str, href: str | None) -> None:
        inner = "".join(self.buffers.pop())
        if tag in ("pre", "code"):
            self.raw -= 1
        self.emit(_wrapped(tag, inner, href))

    def handle_data(self, data: str) -> None:
        if self.dropping:
            return
        if self.raw:
            self.emit(data)
            return
        text = data if self.keep_newlines else _SPACES.sub(" ", data)
        self.emit(escape_markdown(text))

    def result(self) -> str:
        while self.opened:  # unclosed tags: keep what they held
            self.finish(*self.opened.pop())
        text = "".join(self.buffers[0]).replace("\r\n", "\n")
        lines = "\n".join(line.rstrip() for line in text.split("\n"))
        return _MANY_BREAKS.sub("\n\n", lines).strip()


def _wrapped(tag: str, inner: str, href: str | None) -> str:
    if tag == "a":
        safe = _safe_href(href)
        return f"[{inner}]({safe})" if safe and inner.strip() else inner
    if tag == "blockquote":
        quoted = "\n".join(f"> {line}" for line in inner.strip().split("\n"))
        return f"\n\n{quoted}\n\n"
    if tag == "pre":
        fence = "~~~" if "```" in inner else "```"
        return f"\n\n{fence}\n{inner.strip(chr(10))}\n{fence}\n\n"
    if "`" in inner or "\n" in inner:  # code that a span cannot hold: plain text
        return escape_markdown(inner)
    return f"`{inner}`" if inner else ""


def html_to_markdown(html: str, *, keep_newlines: bool = False) -> str:
    """Markdown source with the text, structure and safe links of `html`."""
    converter = _Converter(keep_newlines)
    converter.feed(html)
    converter.close()
    return converter.result()
