from django.urls import path

from . import views

app_name = "news"
urlpatterns = [
    path("", views.news_index, name="index"),
    path("<slug:slug>/", views.news_detail, name="detail"),
]
