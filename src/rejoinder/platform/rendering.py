"""Comment markdown to safe HTML (SECURITY 1-6): rendered once, when a comment is written."""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "hr",
}  # fmt: skip
# "*" empty: without it nh3 keeps `title` and `lang` on every tag (a tooltip of the author's).
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href"}, "ol": {"start"}, "*": set()}
SAFE_SCHEMES = ("http://", "https://", "mailto:")
LINK_REL = "nofollow ugc noopener noreferrer"


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # CommonMark with raw HTML off; images are off too (no tracking pixels in comments).
    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "breaks": True})
    md.enable(["linkify", "strikethrough"]).disable(["image", "html_inline", "html_block"])
    return md


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Only absolute http(s) and mailto links survive; `//host` and schemes tricks do not."""
    if attribute != "href":
        return value
    candidate = value.strip().lower()
    return value if candidate.startswith(SAFE_SCHEMES) else None


def sanitize(html: str) -> str:
    """The one allow-list sanitizer used by publishing, preview, edits, views and exports."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        link_rel=LINK_REL,
        url_schemes={"http", "https", "mailto"},
        strip_comments=True,
    )


def render_markdown(source: str) -> str:
    """Markdown source to sanitised HTML."""
    return sanitize(_markdown().render(source)).strip()


def render_paragraphs(paragraphs: list[str]) -> str:
    """Plain-text paragraphs (imports) to HTML: escaped, never interpreted as markdown."""
    return sanitize("".join(f"<p>{nh3.clean_text(p)}</p>" for p in paragraphs if p.strip()))
