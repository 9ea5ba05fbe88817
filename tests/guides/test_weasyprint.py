"""WeasyPrint and the system libraries it needs (Pango, HarfBuzz, fonts) work here."""

import weasyprint


def test_weasyprint_renders_norwegian_text_to_pdf():
    html = weasyprint.HTML(string="<html lang='nb'><h1>Søknad om startlån</h1></html>")
    pdf = html.write_pdf(pdf_variant="pdf/ua-1")
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 1000
    assert weasyprint.__version__.split(".")[0] >= "70"
