"""The personal plan's PDF: include at ``plan-pdf/`` outside ``i18n_patterns``.

A URL of its own rather than a route of the page, so that the view's
``csrf_exempt`` is seen by Django's CSRF middleware (a page route is reached
through Wagtail's ``serve``, which the middleware checks).
"""

from django.urls import path

from .pdf_views import serve_plan_pdf

urlpatterns = [
    path("<int:page_id>/", serve_plan_pdf, name="guides_plan_pdf"),
]
