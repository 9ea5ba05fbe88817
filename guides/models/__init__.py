"""Guide, brochure and guide index pages, and the key figures that guides quote."""

from .figures import KeyFigure, KeyFigureQuerySet
from .links import LetterLink, LetterLinkQuerySet, LinkOpen
from .pages import BrochurePage, GuideBasePage, GuideIndexPage, GuidePage
from .pdfs import GuidePdf

__all__ = [
    "BrochurePage",
    "GuideBasePage",
    "GuideIndexPage",
    "GuidePdf",
    "GuidePage",
    "KeyFigure",
    "KeyFigureQuerySet",
    "LetterLink",
    "LetterLinkQuerySet",
    "LinkOpen",
]
