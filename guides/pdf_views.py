"""The PDFs readers get: a guide's stored PDF, and a personal plan made from what is posted.

A reader's request never waits for a guide's rendering: it gets the stored
file, or a short "being made" page while a rendering is queued. The personal
plan's PDF is made at once (it is small), kept nowhere and logged nowhere.
"""

import threading

from django.http import FileResponse, Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST
from wagtail.models import Page

from . import ratelimit
from .conf import settings
from .models import GuideBasePage, GuidePdf
from .pdf import RenderError, get_renderer
from .pdf.documents import plan_html, site_origin
from .pdf.stored import queue_render
from .pdf_forms import PlanPdfForm, find_plan

PAGE_CACHE_PDF_MAX_BYTES = 2 * 1024 * 1024
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
            response = stored_pdf_response(file, pdf.size)
            response["Content-Disposition"] = f'inline; filename="{page.slug}.pdf"'
            response["Cache-Control"] = "public, max-age=300"
            return response
        pdf.refresh_from_db()
    else:
        queue_render(page)
        pdf = GuidePdf.objects.filter(page_id=page.pk).first()
    return pdf_not_ready(request, page, failed=pdf is not None and pdf.status == "failed")


def stored_pdf_response(file, size: int | None) -> HttpResponse:
    """A small PDF as bytes, which the page cache can keep (guides.caching); a large one streamed.

    From the page cache a published guide's PDF costs no routing and no query.
    """
    if size is not None and size <= PAGE_CACHE_PDF_MAX_BYTES:
        with file:
            return HttpResponse(file.read(), content_type="application/pdf")
    return FileResponse(file, content_type="application/pdf")


def pdf_not_ready(request, page, failed: bool) -> HttpResponse:
    retry_after = settings.PDF_RETRY_AFTER
    context = {"page": page, "failed": failed, "retry_minutes": max(1, round(retry_after / 60))}
    context["print_url"] = page.get_url(request) + page.reverse_subpage("print_view")
    response = TemplateResponse(request, "guides/pdf_not_ready.html", context, status=503)
    if not failed:
        response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


# No CSRF token: this view stores nothing, changes nothing and only returns a PDF of what
# was posted, so a forged post can do no harm; without a token the guide pages set no
# cookie and any cache can serve them. Size and rate limits bound what a flood can cost.
@csrf_exempt
@require_POST
@sensitive_post_parameters()
@sensitive_variables()
def serve_plan_pdf(request, page_id: int) -> HttpResponse:
    """The PDF of the posted plan, as a download, in the language of the plan's page.

    The plan is checked against the page's plan block, capped at
    ``GUIDES_PLAN_PDF_MAX_BYTES``, limited per client and overall per minute
    (``GUIDES_PLAN_PDF_RATE_*``) and rendered through the site's renderer.
    What the tenant wrote is not stored and not logged (Django's error reports
    hide every posted value of this view).
    """
    page = Page.objects.live().public().filter(pk=page_id).specific().first()
    if not isinstance(page, GuideBasePage):
        raise Http404("No guide or brochure with this id")
    with translation.override(page.locale.language_code):
        return plan_answer(request, page)


@sensitive_variables()
def plan_answer(request, page) -> HttpResponse:
    verdict = ratelimit.hit(
        request, "plan-pdf", settings.PLAN_PDF_RATE_PER_CLIENT, settings.PLAN_PDF_RATE_TOTAL
    )
    if not verdict.allowed:
        response = plan_problem(request, page, "rate_limited", 429)
        response["Retry-After"] = str(verdict.retry_after)
        return response
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
    """A page saying why there is no PDF, rendered now, in the active (the page's) language."""
    context = {"page": page, "problem": problem, "page_url": page.get_url(request)}
    response = TemplateResponse(request, "guides/plan_pdf_problem.html", context, status=status)
    response.render()
    response["Cache-Control"] = "no-store"
    if status == 503:
        response["Retry-After"] = "10"
    return response
