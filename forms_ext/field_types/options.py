"""Options with stable codes: "code | Label" lines."""

from __future__ import annotations

from ..keys import answer_key

OTHER = "other"
EMPTY = (None, "", [], ())


def parse_options(text: str) -> list[tuple[str, str]]:
    """Parse "code | Label" lines (or plain labels) into (code, label) pairs.

    Codes are what is stored and exported; they stay when a label is reworded or
    translated. A plain label gets a code made from it. A single line with commas
    is read as a comma-separated list, as in Wagtail's own form builder.
    """
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(lines) == 1 and "," in lines[0] and "|" not in lines[0]:
        lines = [item.strip() for item in lines[0].split(",") if item.strip()]
    options = []
    for line in lines:
        code, _sep, label = line.partition("|")
        label = label.strip() or code.strip()
        code = answer_key(code)[:100] or answer_key(label)[:100]
        options.append((code, label))
    return options


def _duplicate_codes(options: list[tuple[str, str]]) -> set[str]:
    codes = [code for code, _label in options]
    return {code for code in codes if codes.count(code) > 1}
