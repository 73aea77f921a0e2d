"""Streaming XML for the importers: defusedxml (no entity expansion, no external entities or
DTD fetches) fed in chunks, each record element handed over complete with its line number and
then dropped from the tree, so a 1 GB export is read in bounded memory (ADR 0023)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import cast
from xml.etree.ElementTree import Element, ParseError, TreeBuilder, XMLPullParser

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from rejoinder.domain.errors import Invalid

CHUNK_BYTES = 1 << 16
LINE = "{urn:rejoinder:import}line"  # where an element starts, set as it is parsed


class _LineBuilder(TreeBuilder):
    """Marks each element with the line it starts on (ElementTree keeps no positions)."""

    expat: object = None

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        element = super().start(tag, attrs)
        element.set(LINE, str(getattr(self.expat, "CurrentLineNumber", 0)))
        return element


def _pull_parser() -> XMLPullParser[Element]:
    builder = _LineBuilder()
    parser = DefusedXMLParser(
        target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True
    )
    builder.expat = parser.parser  # the pure-Python parser defusedxml uses exposes expat
    return XMLPullParser(events=("start", "end"), _parser=parser)


def local(tag: str) -> str:
    """`{namespace}name` → `name`: every WXR version and Disqus' namespaces read alike."""
    return tag.rpartition("}")[2]


def line_of(element: Element) -> int:
    return int(element.get(LINE, "0"))


def child(element: Element, name: str) -> Element | None:
    return next((c for c in element if local(c.tag) == name), None)


def text_of(element: Element, name: str) -> str:
    found = child(element, name)
    return (found.text or "").strip() if found is not None else ""


def attribute(element: Element, name: str) -> str:
    """An attribute by local name (`dsq:id` → "id"), whatever its namespace."""
    return next((v for k, v in element.attrib.items() if local(k) == name), "").strip()


def elements_at_depth(path: Path, depth: int) -> Iterator[Element]:
    """Each complete element `depth` levels below the root (1: the root's children)."""
    parser = _pull_parser()
    open_elements: list[Element] = []
    with path.open("rb") as source:
        for chunk in iter(partial(source.read, CHUNK_BYTES), b""):
            _guarded(path, parser.feed, chunk)
            yield from _complete(parser, open_elements, depth)
        _guarded(path, parser.close)
        yield from _complete(parser, open_elements, depth)


def _complete(
    parser: XMLPullParser[Element], open_elements: list[Element], depth: int
) -> Iterator[Element]:
    for event, element in cast(Iterable[tuple[str, Element]], parser.read_events()):
        if event == "start":
            open_elements.append(element)
            continue
        open_elements.pop()
        if len(open_elements) == depth and depth > 0:
            yield element
            open_elements[-1].remove(element)  # read: drop it, and all it held


def _guarded(path: Path, action: Callable[..., object], *args: object) -> None:
    try:
        action(*args)
    except DefusedXmlException as error:
        raise Invalid(
            f"{path.name} declares XML entities or a DTD that fetches files ({error!r}); "
            "refused: entity expansion (the 'billion laughs') and external entities are "
            "attacks, and no real export needs them."
        ) from error
    except ParseError as error:
        raise Invalid(f"{path.name} is not well-formed XML: {error}.") from error


def count_tags(path: Path, *needles: bytes) -> int:
    """How often the byte strings occur: a quick estimate of records, for the ETA."""
    total, tail = 0, b""
    keep = max(len(n) for n in needles) - 1
    with path.open("rb") as source:
        while chunk := source.read(CHUNK_BYTES * 16):
            window = tail + chunk
            total += sum(window.count(n) for n in needles)
            tail = window[-keep:] if keep else b""  # too short to hold a whole needle
    return total
