"""The PDFs readers get: a guide's stored PDF, and a personal plan made from what is posted.

A reader's request never waits for a guide's rendering: it gets the stored
file, or a short "being made" page while a rendering is queued. The personal
plan's PDF is made at once (it is small), kept nowhere and logged nowhere.
"""

import threading

from django.http import FileResponse, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from .conf import settings
from .models import GuidePdf
from .pdf import RenderError, get_renderer
from .pdf.documents import plan_html, site_origin
from .pdf.stored import queue_render
from .pdf_forms import PlanPdfForm, find_plan

_plan_slots = threading.BoundedSemaphore(max(1, settings.PLAN_PDF_CONCURRENCY))


def serve_guide_pdf(request, page) -> HttpResponse:
    """The stored PDF of the page's live revision, or a "being made" page (503)."""
    pdf = GuidePdf.objects.filter(page_id=page.pk).first()
    if pdf is not None and pdf.is_ready_for(page.live_revision_id):
        try:
            file = pdf.file.open("rb")
        except FileNotFoundError:
            queue_render(page, force=True)
        else:
            response = FileResponse(file, content_type="application/pdf")
            response["Content-Disposition"] = f'inline; filename="{page.slug}.pdf"'
            response["Cache-Control"] = "public, max-age=300"
            return response
        pdf.refresh_from_db()
    else:
        queue_render(page)
        pdf = GuidePdf.objects.filter(page_id=page.pk).first()
    return pdf_not_ready(request, page, failed=pdf is not None and pdf.status == "failed")


def pdf_not_ready(request, page, failed: bool) -> HttpResponse:
    retry_after = settings.PDF_RETRY_AFTER
    context = {"page": page, "failed": failed, "retry_minutes": max(1, round(retry_after / 60))}
    context["print_url"] = page.get_url(request) + page.reverse_subpage("print_view")
    response = TemplateResponse(request, "guides/pdf_not_ready.html", context, status=503)
    if not failed:
        response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


@sensitive_post_parameters()
@sensitive_variables()
def serve_plan_pdf(request, page) -> HttpResponse:
    """GET: a CSRF token for the script; POST: the PDF of the posted plan, as a download.

    The plan is checked against the page's plan block, capped at
    ``GUIDES_PLAN_PDF_MAX_BYTES`` and rendered through the site's renderer. What
    the tenant wrote is not stored and not logged (Django's error reports hide
    every posted value of this view).
    """
    if request.method == "GET":
        response = JsonResponse({"csrfToken": get_token(request)})
        response["Cache-Control"] = "no-store"
        return response
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    if int(request.META.get("CONTENT_LENGTH") or 0) > settings.PLAN_PDF_MAX_BYTES:
        return plan_problem(request, page, "too_large", 413)
    plan = find_plan(page, request.POST.get("plan", ""))
    form = PlanPdfForm(plan, request.POST) if plan is not None else None
    if form is None or not form.is_valid():
        return plan_problem(request, page, "invalid", 400)
    return render_plan(request, page, form)


@sensitive_variables()
def render_plan(request, page, form: PlanPdfForm) -> HttpResponse:
    if not _plan_slots.acquire(blocking=False):
        return plan_problem(request, page, "busy", 503)
    try:
        context = {"page": page, "plan": form.document(), "made_at": timezone.now()}
        context["site_name"] = getattr(page.get_site(), "site_name", "")
        html = plan_html(context, page.locale.language_code)
        result = get_renderer().render(html, site_origin(page))
    except RenderError:
        return plan_problem(request, page, "failed", 503)
    finally:
        _plan_slots.release()
    response = HttpResponse(result.pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="plan.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def plan_problem(request, page, problem: str, status: int) -> HttpResponse:
    context = {"page": page, "problem": problem, "page_url": page.get_url(request)}
    response = TemplateResponse(request, "guides/plan_pdf_problem.html", context, status=status)
    response["Cache-Control"] = "no-store"
    if status == 503:
        response["Retry-After"] = "10"
    return response
