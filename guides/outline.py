"""The table of contents of a guide: chapters and sections with stable anchors.

An anchor comes from the slug an editor set or else from the heading's text,
is plain ASCII (so that a link in a letter survives any mail client), unique
over the whole page, and never one of ``RESERVED_SLUGS``: those are the page's
own routes (the print view, the PDF), which a chapter's address must not hide.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.utils.text import slugify

RESERVED_SLUGS = ("print", "pdf")
ANCHOR_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MAX_ANCHOR_LENGTH = 60

# Letters that Unicode does not decompose into a base letter and an accent.
_TRANSLITERATE = str.maketrans(
    {"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A", "ß": "ss", "đ": "d"}
)


def anchor_slug(text: str) -> str:
    """An ASCII slug of ``text``: "Bostøtte og startlån" gives "bostotte-og-startlan".

    Returns "" for text with no Latin letters or digits (Arabic, for example);
    the caller then falls back to a numbered anchor.
    """
    slug = slugify(text.translate(_TRANSLITERATE))
    return slug[:MAX_ANCHOR_LENGTH].strip("-")


class Anchors:
    """Hands out anchors that are unique over one page, in the order asked for."""

    def __init__(self) -> None:
        self.used: set[str] = set(RESERVED_SLUGS)

    def claim(self, wanted: str, fallback: str) -> str:
        """``wanted`` (or ``fallback`` when empty), with -2, -3 ... if already taken."""
        base = wanted or fallback
        anchor, number = base, 2
        while anchor in self.used:
            anchor, number = f"{base}-{number}", number + 1
        self.used.add(anchor)
        return anchor


@dataclass(frozen=True)
class Section:
    """A heading inside a chapter or a brochure: one line of the table of contents."""

    anchor: str
    title: str


@dataclass(frozen=True)
class Entry:
    """One block of a stream, with its anchor ("" for a block that is not a heading)."""

    child: Any
    anchor: str = ""


@dataclass
class Chapter:
    """One chapter of a guide: its own address, title, blocks and sections.

    ``entries`` (the chapter's blocks, ready to render) are made when first
    read, from ``load``: a reader's page renders one chapter, so the others'
    blocks are never converted from their stored form (nor their key figures
    fetched), and the language switcher reads the outlines of the translations
    without converting any block.
    """

    number: int
    slug: str
    title: str
    block_id: str
    url: str = ""
    sections: list[Section] = field(default_factory=list)
    load: Callable[[], list[Entry]] | None = field(default=None, repr=False, compare=False)
    _entries: list[Entry] | None = field(default=None, repr=False, compare=False)

    @property
    def entries(self) -> list[Entry]:
        if self._entries is None:
            self._entries = self.load() if self.load else []
        return self._entries

    @entries.setter
    def entries(self, value: list[Entry]) -> None:
        self._entries = value


def stream_outline(stream: Iterable[Any], anchors: Anchors) -> tuple[list[Entry], list[Section]]:
    """The entries of a stream of content blocks and the sections its headings open."""
    entries: list[Entry] = []
    sections: list[Section] = []
    for child in stream:
        anchor = ""
        if child.block_type == "heading":
            text = child.value["text"]
            wanted = child.value.get("anchor") or anchor_slug(text)
            anchor = anchors.claim(wanted, f"section-{len(sections) + 1}")
            sections.append(Section(anchor, text))
        entries.append(Entry(child, anchor))
    return entries, sections


def _heading_anchors(raw_body: Iterable[dict], anchors: Anchors) -> list[Section]:
    """The sections that the headings of a chapter's stored blocks open, in order."""
    sections: list[Section] = []
    for raw in raw_body or []:
        if raw.get("type") == "heading":
            text = raw["value"].get("text", "")
            wanted = raw["value"].get("anchor") or anchor_slug(text)
            sections.append(Section(anchors.claim(wanted, f"section-{len(sections) + 1}"), text))
    return sections


def _chapter_entries(body: Any, raw: dict, sections: list[Section]) -> list[Entry]:
    """One chapter's blocks, converted from their stored form alone, with their anchors."""
    from wagtail.blocks import StreamValue

    block = body.stream_block.child_blocks["chapter"]
    child = StreamValue.StreamChild(block, block.to_python(raw["value"]), id=raw.get("id"))
    headings = iter(sections)
    return [
        Entry(item, next(headings).anchor if item.block_type == "heading" else "")
        for item in child.value["body"]
    ]


def guide_outline(body: Any) -> list[Chapter]:
    """The chapters of a guide's body, each with a unique slug and its sections.

    Read from the body's stored (raw) data, which costs no conversion and no
    query; each chapter's blocks are converted when its ``entries`` are read.
    Chapter slugs are claimed before any section anchor, so that a new heading
    never changes the address of a chapter.
    """
    children = [raw for raw in body.raw_data if raw.get("type") == "chapter"]
    anchors = Anchors()
    slugs = [
        anchors.claim(
            raw["value"].get("slug") or anchor_slug(raw["value"]["title"]), f"chapter-{number}"
        )
        for number, raw in enumerate(children, start=1)
    ]
    chapters = []
    for number, (raw, slug) in enumerate(zip(children, slugs, strict=True), start=1):
        chapter = Chapter(number, slug, raw["value"]["title"], raw.get("id") or "")
        chapter.sections = _heading_anchors(raw["value"].get("body"), anchors)
        chapter.load = partial(_chapter_entries, body, raw, chapter.sections)
        chapters.append(chapter)
    return chapters


def _locate(chapters: list[Chapter], slug: str) -> tuple[str, int | None] | None:
    """The block id of the chapter that ``slug`` names or holds, and the section's index."""
    for chapter in chapters:
        if chapter.slug == slug:
            return chapter.block_id, None
        anchors = [section.anchor for section in chapter.sections]
        if slug in anchors:
            return chapter.block_id, anchors.index(slug)
    return None


def chapter_address(source: Any, target: Any, slug: str) -> str:
    """The part after the guide's URL: the chapter's path and the section's #anchor.

    The slug is looked up in the page the link was made for and followed into
    the translation by the chapter's block id and the section's position, so a
    translator's own slugs do not break the link.
    """
    found = _locate(source.outline, slug)
    chapter = found and next((c for c in target.outline if c.block_id == found[0]), None)
    if not chapter:
        return ""
    path = ""
    if chapter.number > 1:
        path = target.reverse_subpage("chapter_view", kwargs={"slug": chapter.slug})
    index = found[1]
    if index is not None and index < len(chapter.sections):
        path += "#" + chapter.sections[index].anchor
    return path
