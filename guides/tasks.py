"""Background tasks of guides: making the PDF of a published guide or brochure."""

from django_tasks import task


@task()
def render_guide_pdf(page_id: int, revision_id: int) -> str:
    """Make and store the PDF of a page's published revision (queued on publish).

    Returns "ready", "failed" or "superseded"; see ``guides.pdf.stored.render_and_store``.
    """
    from .pdf.stored import render_and_store

    return render_and_store(page_id, revision_id)
