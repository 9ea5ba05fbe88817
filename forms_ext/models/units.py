"""Organisation units: the tree that surveys, inventories and roles hang from."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node


class OrganisationUnit(MP_Node):
    """A municipality, a district or sector, or a service or provider, in one tree."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        DISTRICT = "district", _("district")
        SECTOR = "sector", _("sector")
        SERVICE = "service", _("service")
        PROVIDER = "provider", _("provider")

    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(
        _("code"),
        max_length=50,
        unique=True,
        help_text=_("A short, stable identifier used in exports and links, for example oslo-alna."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    node_order_by = ["name"]

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")

    def __str__(self) -> str:
        return self.name

    def descendants_and_self(self) -> models.QuerySet["OrganisationUnit"]:
        """This unit and every unit under it, in one query on the materialised path."""
        return type(self).objects.filter(path__startswith=self.path)


class UnitRole(models.Model):
    """A user's role in one unit; it reaches every unit below it in the tree."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("editor")
        COORDINATOR = "coordinator", _("coordinator")
        REPORTER = "reporter", _("reporter")
        VIEWER = "viewer", _("viewer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="unit_roles",
        verbose_name=_("user"),
    )
    unit = models.ForeignKey(
        OrganisationUnit, on_delete=models.CASCADE, related_name="roles", verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("role in a unit")
        verbose_name_plural = _("roles in units")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_unit_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"
