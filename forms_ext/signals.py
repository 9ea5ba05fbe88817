"""Signal handlers: record a new survey version when a changed survey is published."""

from wagtail.signals import page_published


def record_survey_version(sender, instance, **kwargs):
    from .versions import record_version

    record_version(instance)


def connect() -> None:
    from .models import InventoryPage, SurveyPage

    page_published.connect(
        record_survey_version, sender=SurveyPage, dispatch_uid="forms_ext_version"
    )
    # Wagtail sends the page's own class: an inventory's questions are versioned too.
    page_published.connect(
        record_survey_version, sender=InventoryPage, dispatch_uid="forms_ext_inventory_version"
    )
