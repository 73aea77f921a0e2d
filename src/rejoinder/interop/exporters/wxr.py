"""WordPress eXtended RSS 1.2: a site's stories as posts with their comments, streamed.

WordPress (Tools → Import → WordPress) and Disqus (Import → WordPress) read this file. It is
written element by element with the standard library's SAX writer, so a big site exports in
bounded memory. Times are UTC in both `*_date` and `*_date_gmt` (Rejoinder keeps no local
time). No IP address is written: `comment_author_IP` stays empty, as importers expect the
element. Guest emails are written when the export holds them: the file is personal data.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import format_datetime
from typing import IO
from xml.sax.saxutils import XMLGenerator
from xml.sax.xmlreader import AttributesImpl

from rejoinder.domain.enums import CommentStatus
from rejoinder.domain.exported import ExportedComment, ExportedStory, SiteExport

WXR_VERSION = "1.2"
NAMESPACES = {
    "xmlns:excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
    "xmlns:wfw": "http://wellformedweb.org/CommentAPI/",
    "xmlns:dc": "http://purl.org/dc/elements/1.1/",
    "xmlns:wp": "http://wordpress.org/export/1.2/",
    "xmlns:dsq": "http://www.disqus.com/",  # Disqus matches threads by dsq:thread_identifier
}
# WordPress's comment_approved for each of our statuses: a moderator's rejection is spam to
# WordPress (kept, not shown), a removal or tombstone is trash.
APPROVED = {
    CommentStatus.PUBLISHED: "1",
    CommentStatus.PENDING: "0",
    CommentStatus.REJECTED: "spam",
    CommentStatus.DELETED: "trash",
}
# Characters XML 1.0 cannot carry at all, even escaped: dropped rather than make the file invalid.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def cdata_sections(text: str) -> str:
    """`text` as CDATA; a `]]>` inside is split across two sections, the only way to carry it."""
    return "<![CDATA[" + xml_text(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def wp_date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


class WxrWriter:
    """Elements of a WXR file, in the order WordPress writes them."""

    def __init__(self, out: IO[bytes]) -> None:
        self._xml = XMLGenerator(out, encoding="utf-8", short_empty_elements=True)

    def _open(self, name: str, attributes: dict[str, str] | None = None) -> None:
        self._xml.startElement(name, AttributesImpl(attributes or {}))

    def _close(self, name: str) -> None:
        self._xml.endElement(name)
        self._newline()

    def _newline(self) -> None:
        self._xml.ignorableWhitespace("\n")

    def text(self, name: str, value: str, attributes: dict[str, str] | None = None) -> None:
        self._open(name, attributes)
        self._xml.characters(xml_text(value))
        self._close(name)

    def cdata(self, name: str, value: str) -> None:
        self._open(name)
        # XMLGenerator has no CDATA call; ignorableWhitespace writes its text as it is.
        self._xml.ignorableWhitespace(cdata_sections(value))
        self._close(name)

    def start(self, title: str, link: str) -> None:
        self._xml.startDocument()
        self._open("rss", {"version": "2.0", **NAMESPACES})
        self._newline()
        self._open("channel")
        self._newline()
        self.text("title", title)
        self.text("link", link)
        self.text("description", f"Comments of {title}, exported from Rejoinder")
        self.text("wp:wxr_version", WXR_VERSION)
        self.text("wp:base_site_url", link)
        self.text("wp:base_blog_url", link)
        self.text("generator", "Rejoinder")

    def end(self) -> None:
        self._close("channel")
        self._close("rss")
        self._xml.endDocument()

    def open_item(self, story: ExportedStory) -> None:
        self._open("item")
        self._newline()
        published = story.published_at or story.created_at
        self.text("title", story.title)
        self.text("link", story.url)
        self.text("pubDate", format_datetime(published, usegmt=True))
        self.text("guid", story.url, {"isPermaLink": "false"})
        self.text("description", "")
        self.cdata("content:encoded", story.body_html or "")
        self.cdata("excerpt:encoded", "")
        self.text("dsq:thread_identifier", story.key)
        self.text("wp:post_id", str(story.id))
        self.text("wp:post_date", wp_date(published))
        self.text("wp:post_date_gmt", wp_date(published))
        self.text("wp:comment_status", "closed" if story.closed_at else "open")
        self.text("wp:ping_status", "closed")
        self.text("wp:post_name", story.key)
        self.text("wp:status", "publish")
        self.text("wp:post_parent", "0")
        self.text("wp:menu_order", "0")
        self.text("wp:post_type", "post")
        self.text("wp:post_password", "")
        self.text("wp:is_sticky", "0")

    def close_item(self) -> None:
        self._close("item")

    def comment(self, comment: ExportedComment) -> None:
        self._open("wp:comment")
        self._newline()
        self.text("wp:comment_id", str(comment.id))
        self.cdata("wp:comment_author", comment.author_name)
        self.text("wp:comment_author_email", comment.author_email or "")
        self.text("wp:comment_author_url", "")
        self.text("wp:comment_author_IP", "")
        self.text("wp:comment_date", wp_date(comment.created_at))
        self.text("wp:comment_date_gmt", wp_date(comment.created_at))
        self.cdata("wp:comment_content", comment.body_html)
        self.text("wp:comment_approved", APPROVED[CommentStatus(comment.status)])
        self.text("wp:comment_type", "comment")
        self.text("wp:comment_parent", str(comment.parent_id or 0))
        self.text("wp:comment_user_id", "0")
        self._close("wp:comment")


async def write_wxr(out: IO[bytes], export: SiteExport) -> int:
    """Write the export as WXR 1.2; returns the number of comments written."""
    site = export.site
    writer = WxrWriter(out)
    writer.start(site.name, site.origins[0] if site.origins else f"https://{site.slug}.invalid")
    written = 0
    async for item in export.stories:
        writer.open_item(item.story)
        async for comment in item.comments:
            writer.comment(comment)
            written += 1
        writer.close_item()
    writer.end()
    return written
