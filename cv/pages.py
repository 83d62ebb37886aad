"""The CV's pages (core.pages): /cv/, /cv.pdf and /cv.json show the whole record, so every content change touches
them; CV entries are on no other page. The PDF is a document: made by the document worker, replaced when ready."""

from core.pages import pages

from .models import CVEntry, CVEntryLink, CVSection


def register():
    pages.content(CVSection, CVEntry, CVEntryLink)
    pages.site_page("cv")
    pages.site_page("cv_pdf", document=True)  # seconds to minutes of WeasyPrint: its own worker
    pages.site_page("cv_json")
