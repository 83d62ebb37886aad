from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from core import views as editor_views
from homepage import views as homepage_views
from news.feeds import NewsFeed
from pages import views as page_views
from posts.feeds import PostsFeed
from publications.feeds import PublicationsFeed
from publications.views import all_bibtex
from publishing.views import publish_everything
from talks.feeds import TalksFeed

admin.site.site_header = "Vita"
admin.site.site_title = "Vita admin"
admin.site.index_title = "Edit your homepage"

urlpatterns = [
    path("", homepage_views.home, name="home"),
    path("publications/", include("publications.urls")),
    path("", include("cv.urls")),
    path("projects/", include("projects.urls")),
    path("news/", include("news.urls")),
    path("blog/", include("posts.urls")),
    path("feeds/news.atom", NewsFeed(), name="news_feed"),
    path("feeds/blog.atom", PostsFeed(), name="posts_feed"),
    path("publications.bib", all_bibtex, name="publications_bibtex"),
    path("feeds/publications.atom", PublicationsFeed(), name="publications_feed"),
    path("feeds/talks.atom", TalksFeed(), name="talks_feed"),
    path("sitemap.xml", homepage_views.sitemap, name="sitemap"),
    path("robots.txt", homepage_views.robots_txt, name="robots_txt"),
    # The Markdown editor's preview and image upload, staff only, ahead of the admin's own URLs.
    path(settings.MARKDOWNX_URLS_PATH.lstrip("/"), editor_views.markdown_preview, name="markdown_preview"),
    path(settings.MARKDOWNX_UPLOAD_URLS_PATH.lstrip("/"), editor_views.markdown_image_upload, name="markdown_upload"),
    # The admin's second factor (accounts/): set up on first sign-in, asked for once a session.
    path(f"{settings.ADMIN_PATH}2fa/passkey/", include("django_otp_webauthn.urls", namespace="otp_webauthn")),
    path(f"{settings.ADMIN_PATH}2fa/", include("accounts.urls")),
    path(f"{settings.ADMIN_PATH}jobs/publish/", publish_everything, name="publish_everything"),
    path(settings.ADMIN_PATH, admin.site.urls),
    # Uploads as staff see them (nginx serves those that public pages show, from the publish root).
    path(f"{settings.MEDIA_URL.lstrip('/')}<path:path>", editor_views.media, name="media"),
    # Last: the owner's pages at their own addresses (and old addresses of what moved in, redirected).
    path("<path:path>", page_views.page, name="page"),
]

handler404 = "homepage.views.page_not_found"
handler500 = "homepage.views.server_error"
