"""The admin's second factor (accounts/, django-otp): where it is required, a correct password alone reaches no
admin page; the authenticator app is set up at the first sign-in, with recovery codes that work once each."""

import os
import subprocess
import sys
import time

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "a-long-and-correct-password"


@pytest.fixture
def required(settings):
    settings.VITA_REQUIRE_2FA = True


@pytest.fixture
def owner(django_user_model):
    return django_user_model.objects.create_superuser("owner", "owner@example.org", PASSWORD)


def sign_in(client):
    response = client.post(reverse("admin:login"), {"username": "owner", "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302  # the password is right
    return response


def code_for(device, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


ADMIN_PAGES = [
    "admin:index",
    "admin:publications_publication_changelist",
    "admin:publications_publication_add",
    "admin:reversion_revision_changelist",
    "admin:publications_publication_import_bibtex",
    "admin:jobs_job_changelist",
    "publish_everything",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_a_correct_password_alone_never_reaches_an_admin_page(client, owner, required, name):
    sign_in(client)
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:setup"))
    preview = client.post(settings.MARKDOWNX_URLS_PATH, {"content": "**hi**"})
    assert preview.status_code == 302 and b"<strong>" not in preview.content


def test_production_settings_require_the_second_factor_and_development_does_not():
    def setting(module, **env):
        code = "import django; django.setup(); from django.conf import settings; print(settings.VITA_REQUIRE_2FA)"
        environment = {name: value for name, value in os.environ.items() if name != "DJANGO_REQUIRE_2FA"}
        environment.update(DJANGO_SETTINGS_MODULE=module, DJANGO_SECRET_KEY="x" * 50, **env)
        result = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert setting("config.settings.production") == "True"
    assert setting("config.settings.production", DJANGO_REQUIRE_2FA="false") == "False"
    assert setting("config.settings.dev") == "False"


@pytest.mark.django_db
def test_development_keeps_the_password_alone(client, owner):
    sign_in(client)
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_first_sign_in_sets_up_the_app_then_gives_ten_recovery_codes(client, owner, required):
    sign_in(client)
    page = BeautifulSoup(client.get(reverse("accounts:setup")).content, "html.parser")
    assert page.find("img", alt="QR code for the authenticator app")["src"].startswith("data:image/svg+xml;base64,")
    device = TOTPDevice.objects.get(user=owner, confirmed=False)
    assert page.find("code").text.replace(" ", "") in device.config_url

    wrong = client.post(reverse("accounts:setup"), {"token": "000000" if code_for(device) != "000000" else "111111"})
    assert b"not the one the app shows" in wrong.content
    assert client.get(reverse("admin:index")).status_code == 302
    time.sleep(1.1)  # after a wrong code, the next is refused for a second (django-otp's throttling), then 2, 4, …

    done = client.post(reverse("accounts:setup"), {"token": code_for(device), "next": "/admin/"})
    codes = [code.text for code in BeautifulSoup(done.content, "html.parser").select(".recovery-codes code")]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert set(codes) == set(StaticToken.objects.filter(device__user=owner).values_list("token", flat=True))
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.fixture
def enrolled(owner):
    device = TOTPDevice.objects.create(user=owner, name="phone", confirmed=True)
    from accounts.views import new_recovery_codes

    return device, new_recovery_codes(owner)


@pytest.mark.django_db
def test_a_later_sign_in_asks_for_the_code_and_refuses_a_wrong_one(client, owner, required, enrolled):
    device, _ = enrolled
    sign_in(client)
    response = client.get(reverse("admin:publications_publication_changelist"))
    assert response["Location"].startswith(reverse("accounts:verify"))
    assert b"not right" in client.post(reverse("accounts:verify"), {"token": "12345x"}).content
    # A password alone cannot add a device of its own either.
    assert client.get(reverse("accounts:setup"))["Location"].startswith(reverse("accounts:verify"))
    assert TOTPDevice.objects.filter(user=owner).count() == 1
    time.sleep(1.1)  # after a wrong code, the next is refused for a second (django-otp's throttling)
    response = client.post(
        reverse("accounts:verify"), {"token": code_for(device), "next": "/admin/publications/publication/"}
    )
    assert response["Location"] == "/admin/publications/publication/"
    assert client.get(reverse("admin:publications_publication_changelist")).status_code == 200


@pytest.mark.django_db
def test_a_recovery_code_works_once(client, owner, required, enrolled):
    _, codes = enrolled
    sign_in(client)
    assert client.post(reverse("accounts:verify"), {"token": codes[0]}).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    client.post(reverse("admin:logout"))
    sign_in(client)
    assert b"not right" in client.post(reverse("accounts:verify"), {"token": codes[0]}).content
    assert client.get(reverse("admin:index")).status_code == 302


@pytest.mark.django_db
def test_new_recovery_codes_replace_the_old_ones(client, owner, required, enrolled):
    device, old = enrolled
    sign_in(client)
    client.post(reverse("accounts:verify"), {"token": code_for(device)})
    # Every admin page links to the second factors; that page has the button that makes new codes.
    index = BeautifulSoup(client.get(reverse("admin:index")).content, "html.parser")
    setup = BeautifulSoup(client.get(index.find("a", string="Passkeys and codes")["href"]).content, "html.parser")
    button = setup.find("input", value="Make new recovery codes")
    page = BeautifulSoup(client.post(button.find_parent("form")["action"]).content, "html.parser")
    new = [code.text for code in page.select(".recovery-codes code")]
    assert len(new) == 10 and not set(new) & set(old)
    assert set(new) == set(StaticToken.objects.filter(device__user=owner).values_list("token", flat=True))


@pytest.mark.django_db
def test_a_password_alone_neither_adds_a_passkey_nor_signs_in_with_one(client, owner, required, enrolled):
    from django_otp_webauthn.models import WebAuthnCredential

    begin = reverse("otp_webauthn:credential-registration-begin")
    assert client.post(begin).status_code in (401, 403)  # nobody signed in
    sign_in(client)
    refused = client.post(begin)  # signed in with the password, but the authenticator app not given yet
    assert refused.status_code == 403 and refused.json()["code"] == "user_not_verified"
    assert not WebAuthnCredential.objects.exists()
    client.post(reverse("admin:logout"))
    # No passwordless sign-in: a passkey alone is not asked for.
    assert client.post(reverse("otp_webauthn:credential-authentication-begin")).status_code == 403


@pytest.mark.django_db
def test_passkeys_belong_to_the_sites_address(client, owner, settings):
    from accounts.passkeys import Helper, party

    settings.VITA_SITE_URL = "https://www.example.org/"
    assert party() == ("www.example.org", "https://www.example.org")
    assert Helper(request=None).get_allowed_origins() == ["https://www.example.org"]
    settings.VITA_SITE_URL = "http://127.0.0.1:8000"  # development: browsers take no IP address
    assert party() == ("localhost", "http://localhost:8000")
    sign_in(client)
    page = client.get(reverse("accounts:setup"), HTTP_HOST="127.0.0.1:8000")
    assert b"passkey-registration-placeholder" not in page.content
    assert b'href="http://localhost:8000/admin/2fa/setup/"' in page.content
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    page = client.get(reverse("accounts:setup"), HTTP_HOST="localhost:8000")
    assert b"passkey-registration-placeholder" in page.content


@pytest.mark.django_db
def test_reset_second_factor_as_the_readme_writes_it(client, owner, required, enrolled):
    from django.core.management import call_command

    call_command("reset_second_factor", "owner")
    assert not TOTPDevice.objects.exists() and not StaticToken.objects.exists()
    sign_in(client)
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("accounts:setup"))


@pytest.mark.django_db
def test_a_session_ends_after_the_idle_time_and_each_request_restarts_it(client, owner, settings):
    settings.SESSION_COOKIE_AGE = 2
    sign_in(client)
    assert client.get(reverse("admin:index")).status_code == 200
    time.sleep(1.2)
    response = client.get(reverse("admin:index"))  # within the idle time: still in, and the time starts again
    assert response.status_code == 200 and response.cookies["sessionid"]["max-age"] == 2
    time.sleep(1.2)
    assert client.get(reverse("admin:index")).status_code == 200
    time.sleep(2.5)
    assert client.get(reverse("admin:index")).status_code == 302  # idle too long: signed out
