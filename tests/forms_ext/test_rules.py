"""The "show only if" rules, as the server applies them."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from forms_ext.models import SurveyDraft
from forms_ext.rules import rule_holds, visible_fields
from forms_ext.tasks import delete_expired_drafts
from tests.utils import make_survey


@pytest.mark.parametrize(
    ("operator", "answer", "expected", "holds"),
    [
        ("eq", "yes", "yes", True),
        ("eq", "no", "yes", False),
        ("eq", None, "yes", False),
        ("ne", "no", "yes", True),
        ("ne", "yes", "yes", False),
        ("ne", None, "yes", True),
        ("in", "buy", "rent, buy", True),
        ("in", ["grant", "loan"], "rent,loan", True),
        ("in", "stay", "rent, buy", False),
        ("gt", "3", "2", True),
        ("gt", "2", "2", False),
        ("gt", "2,5", "2", True),
        ("lt", "1", "2", True),
        ("lt", "x", "2", False),
        ("lt", "1", "not a number", False),
        ("answered", "anything", "", True),
        ("answered", [], "", False),
        ("answered", "", "", False),
    ],
)
def test_each_operator(operator, answer, expected, holds):
    assert rule_holds(operator, answer, expected) is holds


def question(key, field_type="singleline", rule=None):
    rule_field, rule_operator, rule_value = rule or ("", "eq", "")
    return SimpleNamespace(
        clean_name=key,
        field_type=field_type,
        rule_field=rule_field,
        rule_operator=rule_operator,
        rule_value=rule_value,
    )


FIELDS = [
    question("reached", "radio"),
    question("about", "heading", ("reached", "eq", "yes")),
    question("useful", "scale"),
    question("why", "multiline", ("useful", "lt", "3")),
    question("plan", "pagebreak", ("reached", "answered", "")),
    question("goal", "radio"),
]


def test_a_hidden_section_hides_its_questions_until_the_next_heading_or_step():
    shown = visible_fields(FIELDS, {"reached": "no", "useful": "1"})
    assert shown == {"reached", "plan", "goal"}


def test_a_rule_on_a_hidden_question_sees_no_answer():
    shown = visible_fields(FIELDS, {"reached": "no", "useful": "1", "why": "x"})
    assert "why" not in shown


def test_a_shown_section_and_rule():
    shown = visible_fields(FIELDS, {"reached": "yes", "useful": "2"})
    assert shown == {"reached", "about", "useful", "why", "plan", "goal"}


def test_a_step_with_a_failing_rule_is_hidden_with_its_questions():
    shown = visible_fields(FIELDS, {})
    assert shown == {"reached"}


@pytest.mark.django_db
def test_expired_drafts_are_deleted_and_live_ones_kept():
    survey = make_survey([{"label": "Name", "field_type": "singleline"}], slug="drafts")
    now = timezone.now()
    SurveyDraft.objects.create(
        token="old", page=survey, expires_at=now - datetime.timedelta(days=1)
    )
    SurveyDraft.objects.create(
        token="new", page=survey, expires_at=now + datetime.timedelta(days=1)
    )
    result = delete_expired_drafts.enqueue()
    assert result.return_value == 1
    assert list(SurveyDraft.objects.filter(page=survey).values_list("token", flat=True)) == ["new"]
