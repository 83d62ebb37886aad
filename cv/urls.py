from django.urls import path

from . import views

urlpatterns = [
    path("cv/", views.cv_page, name="cv"),
    path("cv.pdf", views.cv_pdf, name="cv_pdf"),
    path("cv.json", views.cv_json, name="cv_json"),
]
