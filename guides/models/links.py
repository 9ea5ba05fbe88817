"""Letter links: short codes that staff paste into decision letters, and their daily opens."""

import secrets

from django.conf import settings as django_settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# No 0/O, 1/I/L: a tenant types the code from paper without guessing.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6


def new_code() -> str:
    """A random code such as "7KQ2XD" (31⁶, about 890 million codes; not in sequence)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _n in range(CODE_LENGTH))


class LetterLinkQuerySet(models.QuerySet):
    def open(self, today=None) -> "LetterLinkQuerySet":
        """Links that still lead to their guide: active and not past their last day."""
        today = today or timezone.localdate()
        return self.filter(active=True).filter(
            models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=today)
        )


class LetterLink(models.Model):
    """A short link (/l/7KQ2XD) and QR code for a guide, pasted into a decision letter.

    A link is tagged with a district and a decision type so that the admin can
    report how many letters led to an open guide. It never holds anything
    about the tenant: the same link goes into every letter of its kind.
    """

    code = models.CharField(_("code"), max_length=CODE_LENGTH, unique=True, editable=False)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("guide or brochure"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    locale = models.ForeignKey(
        "wagtailcore.Locale",
        verbose_name=_("language"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Open the guide in this language when it is translated. Empty: the guide's."),
    )
    section = models.CharField(
        _("chapter or section"),
        max_length=60,
        blank=True,
        help_text=_("The address of a chapter or the anchor of a section, e.g. “startlan”."),
    )
    district = models.CharField(_("district"), max_length=60, blank=True)
    decision_type = models.CharField(_("decision type"), max_length=60, blank=True)
    expires_on = models.DateField(
        _("last day"),
        null=True,
        blank=True,
        help_text=_("After this day the link shows a page pointing to the current guide."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = LetterLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("letter link")
        verbose_name_plural = _("letter links")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        if not self.code:
            self.code = self.unused_code()
        super().save(*args, **kwargs)

    @classmethod
    def unused_code(cls, attempts: int = 20) -> str:
        """A new code that no link has yet (the unique constraint still guards a race)."""
        for _attempt in range(attempts):
            code = new_code()
            if not cls.objects.filter(code=code).exists():
                return code
        raise RuntimeError("No unused letter-link code found; is the code space full?")

    def is_open(self, today=None) -> bool:
        """Whether the link still leads to its guide (see ``LetterLinkQuerySet.open``)."""
        today = today or timezone.localdate()
        return self.active and (self.expires_on is None or self.expires_on >= today)


class LinkOpen(models.Model):
    """How many times a letter link was opened on one day: a count, nothing about who."""

    link = models.ForeignKey(LetterLink, on_delete=models.CASCADE, related_name="opens")
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("opens"), default=0)

    class Meta:
        verbose_name = _("letter link opens")
        verbose_name_plural = _("letter link opens")
        constraints = [
            models.UniqueConstraint(fields=["link", "day"], name="guides_linkopen_one_row_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.link_id} {self.day}: {self.count}"
