from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidesConfig(AppConfig):
    name = "guides"
    verbose_name = _("Guides and brochures")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import caching, signals

        signals.connect()
        caching.connect()
