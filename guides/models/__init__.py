"""Guide, brochure and guide index pages, and the key figures that guides quote."""

from .figures import KeyFigure, KeyFigureQuerySet
from .pages import BrochurePage, GuideBasePage, GuideIndexPage, GuidePage

__all__ = [
    "BrochurePage",
    "GuideBasePage",
    "GuideIndexPage",
    "GuidePage",
    "KeyFigure",
    "KeyFigureQuerySet",
]
