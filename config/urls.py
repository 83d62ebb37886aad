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
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
