"""The personal plan: a printable checklist without JavaScript, kept only in the browser.

What these tests cannot show (the lead's browser tests do): that the script
restores the plan after a reload, that "delete my plan" empties localStorage,
and that the page sends no request while the tenant types (watch the network:
no request after the page has loaded).
"""

import re
from pathlib import Path

import pytest

from guides.blocks import PersonalPlanBlock

from .html import get_page, render_block, text

pytestmark = pytest.mark.django_db

SCRIPT = Path(__file__).resolve().parents[2] / "guides" / "static" / "guides" / "js" / "guides.js"

PLAN = {
    "title": "",
    "intro": "Velg et mål.",
    "goals": [
        {
            "label": "Leie privat",
            "description": "",
            "steps": [{"text": "Søk bostøtte", "hint": "Innen den 25."}, {"text": "Flytt"}],
        },
        {"label": "Kjøpe", "description": "Med startlån.", "steps": [{"text": "Snakk med banken"}]},
    ],
}


@pytest.fixture
def plan_html(client):
    html = get_page(client, "/en/guides/boplan/din-boplan/")
    return html.find(attrs={"data-guides-plan": True})


def labelled(html, control) -> str:
    """The text of the label of a form control (its ``for`` must match the control's id)."""
    label = html.find("label", attrs={"for": control["id"]})
    assert label is not None, control
    return text(label)


def test_without_javascript_every_goal_and_step_is_a_checklist(plan_html):
    goals = plan_html.select("fieldset.guides-plan__goal")
    assert [text(goal.find("legend")) for goal in goals] == [
        "Steps: Rent privately",
        "Steps: Buy with a start loan",
        "Steps: Stay with follow-up",
    ]
    assert not any(goal.has_attr("hidden") for goal in goals)
    first_goal_steps = [labelled(plan_html, box) for box in goals[0].select("input[type=checkbox]")]
    assert first_goal_steps == [
        "Make a budget for the rent",
        "Apply for a deposit guarantee or save for a deposit",
        "Apply for housing allowance",
        "Sign the agreement and move",
    ]


def test_every_control_of_the_plan_has_a_label(plan_html):
    controls = plan_html.select("input, textarea")
    assert len(controls) == 3 + 11 * 3 + 3  # goals, steps (box, date, note), next meeting
    for control in controls:
        assert labelled(plan_html, control)
    dates = plan_html.select("input[type=date]")
    assert labelled(plan_html, dates[0]) == "Date : Make a budget for the rent"


def test_goal_choice_is_a_group_of_radio_buttons_with_a_legend(plan_html):
    chooser = plan_html.find("fieldset", class_="guides-plan__choose")
    assert text(chooser.find("legend")) == "My goal"
    radios = chooser.select("input[type=radio]")
    assert len({radio["name"] for radio in radios}) == 1
    goals = plan_html.select("[data-plan-goal]")
    assert [radio["value"] for radio in radios] == [goal["data-plan-goal"] for goal in goals]


def test_plan_is_keyed_by_page_and_block_and_shared_by_translations(client):
    norwegian = get_page(client, "/guides/boplan/din-boplan/").find(
        attrs={"data-guides-plan": True}
    )
    english = get_page(client, "/en/guides/boplan/din-boplan/").find(
        attrs={"data-guides-plan": True}
    )
    key = norwegian["data-plan-key"]
    assert re.fullmatch(r"boportal-plan:[0-9a-f-]{36}:[0-9a-f-]{36}", key)
    assert english["data-plan-key"] == key
    steps = [step["data-plan-step"] for step in norwegian.select("[data-plan-step]")]
    assert steps == [step["data-plan-step"] for step in english.select("[data-plan-step]")]
    assert len(set(steps)) == len(steps) == 11


def test_plan_says_where_it_is_kept_and_has_its_buttons_ready_for_the_script(plan_html):
    assert "It is never sent to us." in text(plan_html.find(class_="guides-plan__privacy"))
    assert plan_html.find(attrs={"data-plan-actions": True}).has_attr("hidden")
    buttons = [text(button) for button in plan_html.select("button")]
    assert buttons == ["Print my plan", "Delete my plan", "Yes, delete my plan", "No, keep it"]
    assert plan_html.find(attrs={"data-plan-confirm": True}).has_attr("hidden")
    status = plan_html.find(attrs={"data-plan-status": True})
    assert status["role"] == "status" and status["aria-live"] == "polite"
    assert plan_html["data-text-saved"] == "Saved on this device."


def test_plan_is_no_form_and_nothing_can_post_it(plan_html):
    assert plan_html.find_parent("form") is None
    assert plan_html.find("form") is None
    assert all(button["type"] == "button" for button in plan_html.select("button"))


def test_plan_block_title_defaults_to_my_plan_and_hints_describe_steps():
    html = render_block(PersonalPlanBlock(), PLAN, block_id="4f0c2b6e-0000-4000-8000-000000000000")
    plan = html.find("section")
    assert plan["id"] == "plan-4f0c2b6e"
    assert text(html.find(id="plan-4f0c2b6e-title")) == "My plan"
    box = html.find("input", type="checkbox")
    hint = html.find(id=box["aria-describedby"])
    assert text(hint) == "Innen den 25."


def test_plan_prints_in_the_print_view_with_every_goal(client):
    html = get_page(client, "/guides/boplan/print/")
    plan = html.find(attrs={"data-guides-plan": True})
    assert len(plan.select("fieldset.guides-plan__goal")) == 3


def test_plan_script_makes_no_network_request():
    """A weak check (the browser test watches the network); it catches an obvious slip."""
    script = SCRIPT.read_text()
    for call in ("fetch(", "XMLHttpRequest", "sendBeacon", "WebSocket", "EventSource", "import("):
        assert call not in script, call
    assert "localStorage" in script
    assert "sessionStorage" not in script and "document.cookie" not in script
