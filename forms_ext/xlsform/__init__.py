"""XLSForm import and export of surveys.

:func:`read_xlsform` reads an XLSForm (https://xlsform.org) into a survey
definition (:mod:`forms_ext.definitions`) and lists, row by row, what Boportal
cannot hold; :func:`write_xlsform` writes a definition as an XLSForm that
pyxform accepts. What Boportal has and XLSForm lacks travels in columns of its
own that pyxform ignores (``boportal_type``, ``boportal_options``,
``boportal_texts`` on the survey sheet; ``boportal_title``, ``boportal_intro``,
``boportal_thank_you_text``, ``boportal_settings`` on the settings sheet), so a
survey exported and imported again has the same questions, options, rules and
translations.
"""

from .mapping import ImportResult, UnsupportedRow
from .reading import XLSFormError, read_xlsform
from .writing import write_xlsform

__all__ = ["ImportResult", "UnsupportedRow", "XLSFormError", "read_xlsform", "write_xlsform"]
