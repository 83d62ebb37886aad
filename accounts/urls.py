from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("setup/", views.setup, name="setup"),
    path("verify/", views.verify, name="verify"),
    path("passkey-added/", views.passkey_added, name="passkey_added"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
]
