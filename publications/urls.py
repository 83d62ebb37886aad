from django.urls import path

from . import views

app_name = "publications"
urlpatterns = [
    path("<slug:slug>/", views.publication_detail, name="detail"),
    path("<slug:slug>.bib", views.publication_bibtex, name="bibtex"),
]
