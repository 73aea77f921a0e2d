"""A feed written as Atom 1.0 or RSS 2.0, by feedgen (ADR 0022): it builds the XML with lxml,
so every name and title is escaped by the XML library rather than by us.

Nothing in the bytes depends on when they were built (feedgen's default `updated` is "now"): the
same story version gives the same feed in every process, and so the same ETag.
"""

from __future__ import annotations

import re
from enum import StrEnum
from urllib.parse import quote

from feedgen.feed import FeedGenerator

from rejoinder.services.feeds import Feed, FeedEntry


class FeedFormat(StrEnum):
    ATOM = "atom"
    RSS = "rss"


# What XML 1.0 cannot carry at all (outside its Char production). A comment, as written and
# rendered, may hold such characters; lxml refuses them, and one would break the feed for everyone.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

MEDIA_TYPES = {
    FeedFormat.ATOM: "application/atom+xml; charset=utf-8",
    FeedFormat.RSS: "application/rss+xml; charset=utf-8",
}


def story_feed_url(public_url: str, site: str, story: str, fmt: FeedFormat) -> str:
    """The feed's own address, from the install's public URL: the same whoever asked, and how."""
    return f"{_site_path(public_url, site)}/stories/{quote(story, safe='')}.{fmt}"


def site_feed_url(public_url: str, site: str, fmt: FeedFormat) -> str:
    return f"{_site_path(public_url, site)}.{fmt}"


def _site_path(public_url: str, site: str) -> str:
    return f"{public_url.rstrip('/')}/feeds/sites/{quote(site, safe='')}"


def xml_text(text: str) -> str:
    """The text without the characters XML cannot hold; everything else feedgen escapes."""
    return _NOT_XML.sub("", text)


def render(feed: Feed, fmt: FeedFormat, self_url: str) -> bytes:
    generator = _channel(feed, self_url)
    for entry in feed.entries:  # newest first, as feed readers list them
        _add_entry(generator, entry)
    if fmt is FeedFormat.ATOM:
        return bytes(generator.atom_str(pretty=False))
    return bytes(generator.rss_str(pretty=False))


def _channel(feed: Feed, self_url: str) -> FeedGenerator:
    generator = FeedGenerator()
    generator.load_extension("dc", atom=False, rss=True)  # RSS's <author> must be an address
    generator.id(self_url)  # percent-encoded: XML-safe
    generator.title(xml_text(feed.title))
    generator.description(xml_text(f"The newest comments: {feed.title}"))
    # Atom wants an author for entries that have none (a comment of a deleted account).
    generator.author(name=xml_text(feed.site_name))
    generator.language(feed.language)
    generator.generator("Rejoinder")
    # RSS's <link> is the last link given: the article where there is one, else the feed itself.
    generator.link(href=self_url, rel="self")
    if feed.link:
        generator.link(href=xml_text(feed.link), rel="alternate")
    generator.updated(feed.updated)
    generator.lastBuildDate(feed.updated)
    return generator


def _add_entry(generator: FeedGenerator, entry: FeedEntry) -> None:
    item = generator.add_entry(order="append")
    link = xml_text(entry.permalink)
    item.id(link)
    item.guid(link, permalink=True)
    item.title(xml_text(entry.title))
    item.link(href=link, rel="alternate")
    if entry.author_name:
        name = xml_text(entry.author_name)
        item.author(name=name)  # a name only: readers' addresses are never shown
        item.dc.dc_creator(name)
    # Atom <content type="html">, RSS <description>: the HTML is escaped as text in both.
    item.content(xml_text(entry.body_html), type="html")
    item.published(entry.published)
    item.updated(entry.updated)
