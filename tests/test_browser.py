"""The admin as a person uses it, in a real browser: Python Playwright driving Debian's Chromium."""

import os
import re

import pytest

from profile.models import Person, Profile
from tests.chromium import CHROMIUM, FLAGS
from tests.factories import make_owner, make_person, make_section

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests make around it are
# ordinary blocking calls, as in any sync test.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

playwright_api = pytest.importorskip("playwright.sync_api")

if not os.path.exists(CHROMIUM):
    if os.environ.get("VITA_REQUIRE_BROWSER"):
        raise RuntimeError(f"Chromium is required for the browser tests and is not at {CHROMIUM}.")
    pytest.skip("Chromium is not installed (apt-get install chromium); .ci/run installs it.", allow_module_level=True)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def signed_in(browser, live_server, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-test-password")
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    playwright_api.expect(page.locator("#site-name")).to_have_text("Vita")
    yield page
    context.close()


def test_add_a_publication_and_see_it_on_the_homepage(signed_in, live_server):
    page = signed_in
    make_owner()
    make_person("Michael W.", "Mahoney")
    make_section("Conference")
    page.goto(f"{live_server.url}/admin/publications/publication/add/")
    page.fill("#id_title", "Browsers Are People Too")
    page.fill("#id_author_list", "Nina Newcomer*, Z. Yao*, M. W. Mahoney")
    page.select_option("#id_section", label="Conference")
    page.fill("#id_venue_short", "Proc. Tests")
    page.fill("#id_year", "2026")
    page.click("#links-group .add-row a")
    page.select_option("#id_links-0-kind", "code")
    page.fill("#id_links-0-url", "https://github.com/vita/browsers")
    page.click("input[name=_save]")
    playwright_api.expect(page.locator(".messagelist")).to_contain_text("New people added: Nina Newcomer.")

    page.goto(f"{live_server.url}/")
    item = page.locator("li.publication", has_text="Browsers Are People Too")
    playwright_api.expect(item.locator(".authors")).to_have_text("N. Newcomer*, Z. Yao*, M. W. Mahoney")
    playwright_api.expect(item.locator("strong.owner")).to_have_text("Z. Yao*")
    playwright_api.expect(item.locator(".links a")).to_have_attribute("href", "https://github.com/vita/browsers")
    playwright_api.expect(page.locator("#publications .legend")).to_have_text("* Equal contribution.")
    assert Person.objects.filter(family_name="Newcomer").count() == 1


def test_pick_an_author_by_autocomplete(signed_in, live_server):
    page = signed_in
    make_section("Journal")
    make_person("Kurt", "Keutzer")
    page.goto(f"{live_server.url}/admin/publications/publication/add/")
    page.fill("#id_title", "Chosen From A List")
    page.select_option("#id_section", label="Journal")
    page.fill("#id_year", "2025")
    page.click("#authorships-group .add-row a")
    page.click("#authorships-group .select2-selection")
    page.keyboard.type("K Keutzer")
    page.locator(".select2-results__option", has_text="Kurt Keutzer").click()
    page.check("#id_authorships-0-equal_contribution")
    page.click("input[name=_save]")
    playwright_api.expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    page.goto(f"{live_server.url}/")
    playwright_api.expect(page.locator("li.publication .authors")).to_have_text("K. Keutzer*")


def test_typing_markdown_in_the_bio_shows_a_live_preview(signed_in, live_server):
    page = signed_in
    Profile.load()
    page.goto(f"{live_server.url}/admin/profile/profile/1/change/")
    page.fill("#id_bio", "Hello **bold world** and [a link](https://example.org/) <script>alert(1)</script>")
    preview = page.locator(".markdownx-preview")
    playwright_api.expect(preview.locator("strong")).to_have_text("bold world")
    playwright_api.expect(preview.locator("a")).to_have_attribute("href", "https://example.org/")
    assert preview.locator("script").count() == 0
    assert re.search(r"Hello", preview.inner_text())


def test_on_a_phone_the_first_screen_shows_the_name_and_the_start_of_the_content(browser, live_server, db):
    """A tall portrait photo takes at most a third of a 390 × 844 screen; the name and "About Me" are on it."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    make_owner()
    buffer = io.BytesIO()
    Image.new("RGB", (600, 1200), (90, 60, 30)).save(buffer, format="JPEG")
    profile = Profile.load()
    profile.photo = SimpleUploadedFile("tall.jpg", buffer.getvalue(), content_type="image/jpeg")
    profile.bio = "Researcher."
    profile.save()
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    photo = page.locator(".sidebar .photo").bounding_box()
    assert photo["height"] <= 844 / 3 + 1
    assert page.locator(".sidebar .name").bounding_box()["y"] < 844
    assert page.locator("#about-heading").bounding_box()["y"] < 844
    context.close()


def test_a_passkey_is_set_up_at_the_first_sign_in_and_asked_for_at_the_next(browser, live_server, settings):
    """Production's second factor with a passkey, in Chromium with a virtual authenticator (the browser's own
    WebAuthn, over the DevTools protocol): the password, then the passkey at the first sign-in, the recovery codes,
    the admin; at the next sign-in the passkey again. The site is at localhost (a passkey takes no IP address)."""
    from django.contrib.auth.models import User
    from django_otp_webauthn.models import WebAuthnCredential

    address = live_server.url.replace("127.0.0.1", "localhost")
    settings.VITA_REQUIRE_2FA = True
    settings.VITA_SITE_URL = address
    User.objects.create_superuser("owner", "owner@example.org", "a-long-test-password")
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    devtools = context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )

    def sign_in():
        page.goto(f"{address}/admin/login/?next=/admin/")
        page.fill("#id_username", "owner")
        page.fill("#id_password", "a-long-test-password")
        page.click("input[type=submit]")

    sign_in()
    playwright_api.expect(page).to_have_url(re.compile(r"/admin/2fa/setup/"))
    page.click("#passkey-register-button")
    # The browser's ceremony and two round trips, then the page with the codes (slow on a busy machine).
    try:
        playwright_api.expect(page).to_have_url(re.compile(r"/admin/2fa/passkey-added/"), timeout=30_000)
    except AssertionError:
        raise AssertionError(page.locator("#passkey-register-status-message").text_content()) from None
    playwright_api.expect(page.locator(".recovery-codes code")).to_have_count(10)
    assert WebAuthnCredential.objects.filter(user__username="owner", confirmed=True).count() == 1
    page.click("text=I have kept them: continue")
    playwright_api.expect(page.locator("#site-name")).to_have_text("Vita")

    page.click("#logout-form button")
    sign_in()
    playwright_api.expect(page).to_have_url(re.compile(r"/admin/2fa/verify/"))
    page.goto(f"{address}/admin/publications/publication/")  # the password alone reaches nothing
    playwright_api.expect(page).to_have_url(re.compile(r"/admin/2fa/verify/"))
    page.click("#passkey-verification-button")
    playwright_api.expect(page).to_have_url(re.compile(r"/admin/publications/publication/$"), timeout=30_000)
    playwright_api.expect(page.locator("#site-name")).to_have_text("Vita")
    context.close()
