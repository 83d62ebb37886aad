from django.urls import path

from . import views

app_name = "publications"
urlpatterns = [
    path("<slug:slug>/", views.publication_detail, name="detail"),
]
