from django.urls import path

from . import views

app_name = "posts"
urlpatterns = [
    path("", views.post_index, name="index"),
    path("page/<int:number>/", views.post_index, name="page"),
    path("tags/<slug:slug>/", views.tag_page, name="tag"),
    path("<int:year>/<slug:slug>/", views.post_detail, name="detail"),
]
