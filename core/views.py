"""The Markdown editor's endpoints, for staff only, and the uploads as staff see them.

django-markdownx's own views check nobody's identity; these replace them at the URLs its widget calls
(MARKDOWNX_URLS_PATH and MARKDOWNX_UPLOAD_URLS_PATH), render through the sanitiser and check every image.
"""

import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.http import require_POST
from django.views.static import serve

from .markdown import render_markdown
from .uploads import RandomName, normalised_image

EDITOR_IMAGE_MAX_SIDE = 2000
editor_image_name = RandomName("markdown")


def staff_only(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not staff(request.user):
            return JsonResponse({"error": "Only staff signed in to the admin may use this."}, status=403)
        return view(request, *args, **kwargs)

    return wrapper


def staff(user):
    """Signed in to the admin: staff, with the second factor given where it is required."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    return not settings.VITA_REQUIRE_2FA or user.is_verified()


def media(request, path):
    """An upload from MEDIA_ROOT, for staff: the admin shows drafts' pictures and the files it keeps for undo. The
    public gets the uploads public pages show from the publish root (publishing.media), through nginx, and a 404
    from here; development (DEBUG) serves every upload to anyone, as Django's static() would."""
    if not (settings.DEBUG or staff(request.user)):
        raise Http404("No such file.")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if not settings.DEBUG:
        response["Cache-Control"] = "private, no-cache"
    return response


@require_POST
@staff_only
def markdown_preview(request):
    return HttpResponse(render_markdown(request.POST.get("content", "")))


@require_POST
@staff_only
def markdown_image_upload(request):
    upload = request.FILES.get("image")
    if upload is None:
        return JsonResponse({"image": ["No image was sent."]}, status=400)
    try:
        content, extension = normalised_image(upload, EDITOR_IMAGE_MAX_SIDE)
    except ValidationError as error:
        return JsonResponse({"image": error.messages}, status=400)
    name = default_storage.save(editor_image_name(None, f"image{extension}"), content)
    return JsonResponse({"image_code": f"![]({default_storage.url(name)})"})
