"""Why a row of an XLSForm, or a part of one, is not imported as it is: sentences for editors."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


class Reasons:
    """The reasons given in ``ImportResult.unsupported``, by what they are about."""

    media = _("“%(type)s” questions (photos, sound, video, files, barcodes) cannot be imported; "
              "the row is left out.")  # fmt: skip
    location = _("Location questions (“%(type)s”) cannot be imported; the row is left out.")
    times = _("“%(type)s” is filled by a phone app; Boportal records the time of each answer "
              "itself. The row is left out.")  # fmt: skip
    device = _("“%(type)s” is filled by a phone app from the phone or its user; Boportal has no "
               "such value. The row is left out.")  # fmt: skip
    from_file = _("Options read from a file or from earlier answers (“%(type)s”) cannot be "
                  "imported; the row is left out.")  # fmt: skip
    rank = _("Ranking questions cannot be imported; the row is left out.")
    other_type = _("Questions of type “%(type)s” cannot be imported; the row is left out.")
    calculation = _("Calculations cannot be imported, only a fixed value (a number or a quoted "
                    "text); the row is left out.")  # fmt: skip
    relevant = _("The condition “%(expression)s” (relevant) cannot be imported: a Boportal rule "
                 "compares one earlier question with a value. The question is imported and "
                 "always shown.")  # fmt: skip
    constraint = _("The check “%(expression)s” (constraint) cannot be imported; the question is "
                   "imported without it.")  # fmt: skip
    required = _("“required” is a condition here (“%(expression)s”); the question is imported "
                 "as not required.")  # fmt: skip
    default = _("The default “%(expression)s” is a calculation; the question is imported "
                "without a default.")  # fmt: skip
    media_column = _("The %(column)s file of this row cannot be imported; the row is imported "
                     "without it.")  # fmt: skip
    choice_filter = _("The options of this question are filtered (choice_filter); Boportal "
                      "shows all of them.")  # fmt: skip
    read_only = _("Read-only questions cannot be imported as such; the question is imported as "
                  "an ordinary question.")  # fmt: skip
    trigger = _("The question is recalculated when another one changes (trigger); it is "
                "imported without that.")  # fmt: skip
    guidance = _("Guidance hints cannot be imported; the question is imported without it.")
    required_message = _("Messages for unanswered required questions cannot be imported; "
                         "Boportal's own message is shown.")  # fmt: skip
    references = _("Texts that show other answers (${…}) are imported as written.")
    range = _("A range from %(start)s to %(end)s in steps of %(step)s is imported as a number "
              "between them: a Boportal scale has 2 to 11 whole steps.")  # fmt: skip
    tick_labels = _("Only the labels of the lowest and highest value of a scale are imported; "
                    "those in between are left out.")  # fmt: skip

    # Groups, tables and columns
    repeat = ngettext_lazy(
        "Repeats (a group answered several times) cannot be imported; the %(count)s row "
        "inside it is left out.",
        "Repeats (a group answered several times) cannot be imported; the %(count)s rows "
        "inside it are left out.",
        "count",
    )
    language = _("Texts in “%(language)s” cannot be imported: Boportal has no such language. "
                 "The column is left out.")  # fmt: skip
    nested_rule = _("This group is inside another group with a condition of its own; Boportal "
                    "cannot apply both, so only one (“%(kept)s”) is kept.")  # fmt: skip
    matrix_labels = _("Only the labels of the lowest and highest value of the table's options "
                      "are imported; those in between are left out.")  # fmt: skip
    matrix_rule = _("A condition on one row of a table cannot be imported; the row is always "
                    "shown with the table.")  # fmt: skip
    not_valid = _("The question cannot be imported: %(problems)s The row is left out.")
    bounds = _("The limits of this question contradict each other: %(problems)s The question "
               "is imported without them.")  # fmt: skip
