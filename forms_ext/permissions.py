"""Who may see which submissions: roles per unit, reaching down the unit tree.

Seeing answers is a right of its own, not a side effect of editing the form:
coordinators and viewers of a unit see the submissions of that unit and every
unit below it, and nothing else. Every view, count and export of submissions
starts from :func:`submissions_for`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from .models import OrganisationUnit, SurveySubmission, UnitRole

SEE_ANSWERS = (UnitRole.Role.COORDINATOR, UnitRole.Role.VIEWER)
CORRECT_ANSWERS = (UnitRole.Role.COORDINATOR,)


def units_for(user, roles: Iterable[str]) -> QuerySet[OrganisationUnit]:
    """The units where ``user`` has one of ``roles``, with every unit below them."""
    if not getattr(user, "is_authenticated", False):
        return OrganisationUnit.objects.none()
    if user.is_superuser:
        return OrganisationUnit.objects.all()
    paths = UnitRole.objects.filter(user=user, role__in=list(roles)).values_list(
        "unit__path", flat=True
    )
    return units_below(paths)


def units_below(paths: Iterable[str]) -> QuerySet[OrganisationUnit]:
    """The units at ``paths`` (treebeard paths) and every unit below them."""
    below_any = Q()
    for path in paths:
        below_any |= Q(path__startswith=path)
    if not below_any:
        return OrganisationUnit.objects.none()
    return OrganisationUnit.objects.filter(below_any)


def submissions_for(user, roles: Iterable[str] = SEE_ANSWERS) -> QuerySet[SurveySubmission]:
    """The submissions ``user`` may see (or, with other roles, act on); archived ones included.

    A superuser sees all; anyone else only submissions of units reached by their roles.
    """
    if getattr(user, "is_superuser", False):
        return SurveySubmission.objects.all()
    return SurveySubmission.objects.filter(unit__in=units_for(user, roles))


def can_see(user, submission: SurveySubmission) -> bool:
    return submissions_for(user).filter(pk=submission.pk).exists()
