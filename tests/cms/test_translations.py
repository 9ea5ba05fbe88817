"""Every UI string has Norwegian (bokmål and nynorsk), Swedish and Arabic translations."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(ROOT.glob("*/locale/*/LC_MESSAGES/django.po"))


def test_each_app_has_nb_nn_sv_and_ar_catalogues():
    found = {(po.parts[-5], po.parts[-3]) for po in CATALOGUES}
    expected = {
        (app, lang) for app in ("cms", "forms_ext", "guides") for lang in ("nb", "nn", "sv", "ar")
    }
    assert expected <= found


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="needs GNU gettext")
@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete_and_valid(catalogue):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(catalogue)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "translated message" in result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr


def test_catalogues_are_compiled_and_loaded():
    with translation.override("sv"):
        assert translation.gettext("Skip to main content") == "Hoppa till huvudinnehållet"
    with translation.override("nn"):
        assert translation.gettext("Skip to main content") == "Hopp til hovudinnhaldet"


@pytest.mark.django_db
def test_public_page_speaks_the_pages_language():
    html = Client().get("/sv/").content.decode()
    assert "Hoppa till huvudinnehållet" in html
    html = Client().get("/").content.decode()
    assert "Hopp til hovedinnholdet" in html
