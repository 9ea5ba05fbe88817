"""Stable keys of questions and answers."""

from anyascii import anyascii
from django.utils.text import slugify


def answer_key(text: str) -> str:
    """A readable ASCII snake_case key for a label (møte: mote), stable once given."""
    return slugify(anyascii(text or "")).replace("-", "_")[:200]
