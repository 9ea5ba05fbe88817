"""The admin form of survey pages (kept apart from the models it is used by)."""

from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm

from .keys import answer_key
from .registry import field_types


class SurveyPageForm(WagtailAdminFormPageForm):
    """The admin form of a survey: checks each question's definition and "show only if" rule.

    A rule may name an earlier question by its label or its key; it is stored as
    the key. Changing the type of a question that already has answers to a type
    stored differently is refused, so that no answer changes meaning.
    """

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("form_fields")
        if formset is None:
            return cleaned_data
        earlier: dict[str, str] = {}
        answered = self._answered_storage()
        for form in self._ordered_forms(formset):
            self._check_question(form, earlier, answered)
            label = form.cleaned_data.get("label", "")
            key = form.instance.clean_name or answer_key(label)
            earlier[answer_key(label)] = key
            earlier[key] = key
        return cleaned_data

    def _ordered_forms(self, formset):
        forms_in_use = [
            form
            for form in formset.forms
            if form.is_valid() and not (formset.can_delete and formset._should_delete_form(form))
        ]
        return sorted(forms_in_use, key=lambda form: form.cleaned_data.get("ORDER") or 0)

    def _check_question(self, form, earlier: dict[str, str], answered: dict[str, str]) -> None:
        data = form.cleaned_data
        field_type = data.get("field_type")
        if field_type not in field_types:
            return
        kind = field_types.get(field_type)
        form.instance.field_type = field_type
        for name in ("choices", "statements", "min_value", "max_value", "min_label", "max_label"):
            if name in data:
                setattr(form.instance, name, data[name])
        for name, message in kind.check_definition(form.instance).items():
            form.add_error(name if name in form.fields else None, message)
        key = form.instance.clean_name
        if key in answered and answered[key] != kind.storage:
            form.add_error(
                "field_type",
                _(
                    "This question already has answers of another kind. Add a new question "
                    "instead of changing its type, so that no answer changes meaning."
                ),
            )
        rule = data.get("rule_field", "").strip()
        if rule:
            self._check_rule(form, rule, earlier)

    def _check_rule(self, form, rule: str, earlier: dict[str, str]) -> None:
        key = earlier.get(rule) or earlier.get(answer_key(rule))
        if key is None:
            form.add_error(
                "rule_field",
                _("“%(rule)s” is not an earlier question of this survey. Write its label exactly.")
                % {"rule": rule},
            )
        else:
            form.instance.rule_field = key
            form.cleaned_data["rule_field"] = key

    def _answered_storage(self) -> dict[str, str]:
        """The storage of each question key that already has answers, from the versions."""
        if not self.instance.pk:
            return {}
        from .models import SurveySubmission
        from .versions import union_of_fields

        key = self.instance.translation_key
        if not SurveySubmission.objects.filter(survey_key=key).exists():
            return {}
        storage = {}
        for schema in union_of_fields(key):
            if schema["type"] in field_types:
                storage[schema["key"]] = field_types.get(schema["type"]).storage
        return storage
