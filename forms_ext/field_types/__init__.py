"""The built-in field types. Each is one small class registered in the registry.

Importing this package registers them (forms_ext's AppConfig.ready does).
"""

from .choices import (
    CheckboxesFieldType,
    CheckboxFieldType,
    ChoiceFieldType,
    DropdownFieldType,
    MatrixFieldType,
    MultiSelectFieldType,
    RadioFieldType,
    ScaleFieldType,
    YesNoFieldType,
    scale_choices,
)
from .files import FileFieldType
from .numbers import DateFieldType, DateTimeFieldType, NumberFieldType
from .options import EMPTY, OTHER, parse_options
from .special import (
    HeadingFieldType,
    HiddenFieldType,
    IdentityNumberFieldType,
    InfoFieldType,
    NorwegianIdFieldType,
    NorwegianPostcodeFieldType,
    PageBreakFieldType,
    SwedishIdFieldType,
    SwedishPostcodeFieldType,
)
from .text import (
    EmailFieldType,
    MultiLineFieldType,
    PhoneFieldType,
    SingleLineFieldType,
    UrlFieldType,
)

__all__ = [
    "EMPTY",
    "OTHER",
    "CheckboxFieldType",
    "CheckboxesFieldType",
    "ChoiceFieldType",
    "DateFieldType",
    "DateTimeFieldType",
    "DropdownFieldType",
    "EmailFieldType",
    "FileFieldType",
    "HeadingFieldType",
    "HiddenFieldType",
    "IdentityNumberFieldType",
    "InfoFieldType",
    "MatrixFieldType",
    "MultiLineFieldType",
    "MultiSelectFieldType",
    "NorwegianIdFieldType",
    "NorwegianPostcodeFieldType",
    "NumberFieldType",
    "PageBreakFieldType",
    "PhoneFieldType",
    "RadioFieldType",
    "ScaleFieldType",
    "SingleLineFieldType",
    "SwedishIdFieldType",
    "SwedishPostcodeFieldType",
    "UrlFieldType",
    "YesNoFieldType",
    "parse_options",
    "scale_choices",
]
