from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormsExtConfig(AppConfig):
    name = "forms_ext"
    verbose_name = _("Surveys and inventories")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import field_types, signals  # noqa: F401  (registers the built-in field types)

        signals.connect()
