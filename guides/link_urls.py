"""The public short address of letter links: include at ``l/`` outside ``i18n_patterns``."""

from django.urls import path

from .link_views import letter_link

urlpatterns = [
    path("<str:code>", letter_link, name="guides_letter_link"),
]
