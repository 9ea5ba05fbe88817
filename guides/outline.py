"""The table of contents of a guide: chapters and sections with stable anchors.

An anchor comes from the slug an editor set or else from the heading's text,
is plain ASCII (so that a link in a letter survives any mail client), unique
over the whole page, and never one of ``RESERVED_SLUGS``: those are the page's
own routes (the print view, the PDF), which a chapter's address must not hide.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
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
    """One chapter of a guide: its own address, title, blocks and sections."""

    number: int
    slug: str
    title: str
    block_id: str
    url: str = ""
    entries: list[Entry] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


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


def guide_outline(body: Iterable[Any]) -> list[Chapter]:
    """The chapters of a guide's body, each with a unique slug and its sections.

    Chapter slugs are claimed before any section anchor, so that a new heading
    never changes the address of a chapter.
    """
    children = [child for child in body if child.block_type == "chapter"]
    anchors = Anchors()
    slugs = [
        anchors.claim(
            child.value.get("slug") or anchor_slug(child.value["title"]), f"chapter-{number}"
        )
        for number, child in enumerate(children, start=1)
    ]
    chapters = []
    for number, (child, slug) in enumerate(zip(children, slugs, strict=True), start=1):
        chapter = Chapter(number, slug, child.value["title"], child.id)
        chapter.entries, chapter.sections = stream_outline(child.value["body"], anchors)
        chapters.append(chapter)
    return chapters
