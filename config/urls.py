from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from profile import views as profile_views
from publications.feeds import PublicationsFeed
from publications.views import all_bibtex
from talks.feeds import TalksFeed

from . import views
from .sitemaps import SITEMAPS

admin.site.site_header = "Vita"
admin.site.site_title = "Vita admin"
admin.site.index_title = "Edit your homepage"

urlpatterns = [
    path("", views.home, name="home"),
    path("publications/", include("publications.urls")),
    path("publications.bib", all_bibtex, name="publications_bibtex"),
    path("feeds/publications.atom", PublicationsFeed(), name="publications_feed"),
    path("feeds/talks.atom", TalksFeed(), name="talks_feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="django.contrib.sitemaps.views.sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # The Markdown editor's preview and image upload, staff only, ahead of the admin's own URLs.
    path(settings.MARKDOWNX_URLS_PATH.lstrip("/"), profile_views.markdown_preview, name="markdown_preview"),
    path(settings.MARKDOWNX_UPLOAD_URLS_PATH.lstrip("/"), profile_views.markdown_image_upload, name="markdown_upload"),
    path(settings.ADMIN_PATH, admin.site.urls),
]

handler500 = "config.views.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
