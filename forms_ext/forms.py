"""Admin forms of forms_ext."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import OrganisationUnit


class OrganisationUnitForm(WagtailAdminModelForm):
    """Edit a unit and choose where in the tree it sits."""

    parent = forms.ModelChoiceField(
        queryset=OrganisationUnit.objects.all(),
        required=False,
        label=_("Part of"),
        help_text=_("Leave empty only for a municipality at the top of the tree."),
    )

    class Meta:
        model = OrganisationUnit
        fields = ["name", "code", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].initial = self.instance.get_parent()
            own_subtree = self.instance.descendants_and_self().values("pk")
            self.fields["parent"].queryset = OrganisationUnit.objects.exclude(pk__in=own_subtree)

    def save(self, commit=True):
        """Insert a new unit at its place in the tree, or move an edited one there."""
        parent = self.cleaned_data.get("parent")
        unit = self.instance
        if unit.pk is None:
            unit = (
                parent.add_child(instance=unit)
                if parent
                else OrganisationUnit.add_root(instance=unit)
            )
        else:
            unit.save()
            if parent != unit.get_parent():
                unit.move(parent, "sorted-child") if parent else unit.move(
                    OrganisationUnit.get_first_root_node(), "sorted-sibling"
                )
        self.instance = OrganisationUnit.objects.get(pk=unit.pk)
        return self.instance
