"""The personal plan as the tenant's browser posts it, checked against the page's plan block."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

NOTE_MAX = 500
HELPER_MAX = 200
BRING_MAX = 2000


def find_plan(page: Page, block_id: str):
    """The value of the page's personal-plan block ``block_id`` (in a chapter or not), or None."""
    for child in page.body:
        inner = child.value["body"] if child.block_type == "chapter" else [child]
        for block in inner:
            if block.block_type == "personal_plan" and block.id == block_id:
                return block.value
    return None


class PlanPdfForm(forms.Form):
    """The goal, each step's tick, date and note, and the next meeting; unknown fields ignored."""

    goal = forms.ChoiceField(required=False)
    helper = forms.CharField(required=False, max_length=HELPER_MAX)
    meeting = forms.DateField(required=False)
    bring = forms.CharField(required=False, max_length=BRING_MAX)

    def __init__(self, plan, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        goals = plan["goals"].bound_blocks
        self.fields["goal"].choices = [("", "–")] + [
            (goal.id, goal.value["label"]) for goal in goals
        ]
        for goal in goals:
            for step in goal.value["steps"].bound_blocks:
                self.fields[f"done-{step.id}"] = forms.BooleanField(required=False)
                self.fields[f"date-{step.id}"] = forms.DateField(required=False)
                self.fields[f"note-{step.id}"] = forms.CharField(
                    required=False, max_length=NOTE_MAX
                )

    def document(self) -> dict:
        """What the plan's PDF shows: the chosen goal's steps (every goal's if none is chosen)."""
        data = self.cleaned_data
        goals = [
            {
                "label": goal.value["label"],
                "description": goal.value["description"],
                "steps": [self._step(step) for step in goal.value["steps"].bound_blocks],
            }
            for goal in self.plan["goals"].bound_blocks
            if not data["goal"] or goal.id == data["goal"]
        ]
        return {
            "title": self.plan["title"] or _("My plan"),
            "chosen": bool(data["goal"]),
            "goals": goals,
            "helper": data["helper"],
            "meeting": data["meeting"],
            "bring": data["bring"],
        }

    def _step(self, step) -> dict:
        data = self.cleaned_data
        return {
            "text": step.value["text"],
            "hint": step.value["hint"],
            "done": data[f"done-{step.id}"],
            "date": data[f"date-{step.id}"],
            "note": data[f"note-{step.id}"],
        }
