from profile import views as profile_views

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "Vita"
admin.site.site_title = "Vita admin"
admin.site.index_title = "Edit your homepage"

urlpatterns = [
    path("", views.home, name="home"),
    path("publications/", include("publications.urls")),
    # The Markdown editor's preview and image upload, staff only, ahead of the admin's own URLs.
    path(settings.MARKDOWNX_URLS_PATH.lstrip("/"), profile_views.markdown_preview, name="markdown_preview"),
    path(settings.MARKDOWNX_UPLOAD_URLS_PATH.lstrip("/"), profile_views.markdown_image_upload, name="markdown_upload"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
