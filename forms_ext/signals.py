"""Signal handlers: record a new survey version when a changed survey is published."""

from wagtail.signals import page_published


def record_survey_version(sender, instance, **kwargs):
    from .versions import record_version

    record_version(instance)


def connect() -> None:
    from .models import SurveyPage

    page_published.connect(
        record_survey_version, sender=SurveyPage, dispatch_uid="forms_ext_version"
    )
