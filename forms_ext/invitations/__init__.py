"""Who may answer a survey, personal invitations in bulk, and sending them.

- :mod:`.audience`: the survey's audience (public, reporters, invited), the
  :class:`Respondent` a flow admits, and who manages invitations and calls;
- :mod:`.files`: invitations read from a CSV file and created all at once;
- :mod:`.sending`: e-mailing invitations in the background, each with a new link;
- :mod:`.listing`: the filters and columns of the admin list.
"""

from .audience import (
    ANSWER_ROLES,
    INVITATION_KEY,
    LINK_KEY,
    MANAGE_ROLES,
    SECRET_FIELD,
    UNIT_FIELD,
    USER_KEY,
    AudienceMixin,
    Respondent,
    conf,
    find_invitation,
    interview_invitations,
    may_manage_invitations,
    open_invitations,
    reporter_units,
    state_filter,
)
from .files import (
    InvitationFile,
    InvitationRow,
    create_invitations,
    decode_file,
    expiry_of,
    read_invitation_file,
)
from .sending import invitation_link, invitation_message, queue_invitations, send_invitations

__all__ = [
    "ANSWER_ROLES",
    "INVITATION_KEY",
    "LINK_KEY",
    "MANAGE_ROLES",
    "SECRET_FIELD",
    "UNIT_FIELD",
    "USER_KEY",
    "AudienceMixin",
    "InvitationFile",
    "InvitationRow",
    "Respondent",
    "conf",
    "create_invitations",
    "decode_file",
    "expiry_of",
    "find_invitation",
    "interview_invitations",
    "invitation_link",
    "invitation_message",
    "may_manage_invitations",
    "open_invitations",
    "queue_invitations",
    "read_invitation_file",
    "reporter_units",
    "send_invitations",
    "state_filter",
]
