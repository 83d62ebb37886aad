"""/cv/, /cv.pdf and /cv.json: the whole record, from the same rows (cv.record) and, for the page and the PDF, the
same template (templates/cv/page.html)."""

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.urls import reverse

from core.pages import pages
from core.site import absolute

from .formats.jsonresume import resume
from .pdf import available, render_pdf
from .record import record_context, record_rows

PAGE_TEMPLATE = "cv/page.html"


def cv_context():
    context = {**record_context(with_cv=True), **pages.chrome_context()}
    context["canonical_url"] = absolute(reverse("cv"))
    return context


def cv_page(request):
    return render(request, PAGE_TEMPLATE, cv_context(), using="jinja2")


def cv_pdf(request):
    """The CV as a PDF: made from the CV page, or the PDF the owner uploaded in its place (Profile.cv)."""
    context = cv_context()
    profile = context["profile"]
    if profile.pk and profile.cv:
        with profile.cv.open("rb") as handle:
            body = handle.read()
    else:
        if missing := available():
            return HttpResponse(missing, status=503, content_type="text/plain; charset=utf-8")
        html = get_template(PAGE_TEMPLATE, using="jinja2").render({**context, "for_pdf": True, "navigation": None})
        body = render_pdf(html)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="cv.pdf"'
    return response


def cv_json(request):
    """The CV as JSON Resume (https://jsonresume.org/schema)."""
    data = resume(record_rows())
    body = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return HttpResponse(body, content_type="application/json; charset=utf-8")
