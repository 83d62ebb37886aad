"""What keeps the admin and the page safe: staff-only editor endpoints, checked uploads, sanitised Markdown."""

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core.markdown import render_markdown
from core.uploads import MAX_IMAGE_BYTES, validate_pdf
from profile.models import Profile

PREVIEW = "/admin/markdownx/markdownify/"
UPLOAD = "/admin/markdownx/upload/"


def image_bytes(fmt="PNG", size=(40, 30), exif_orientation=None, **save):
    image = Image.new("RGB", size, (200, 30, 30))
    buffer = io.BytesIO()
    if exif_orientation:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation  # Orientation
        exif[0x010F] = "SecretCam"  # Make: metadata that must not survive
        save["exif"] = exif
    image.save(buffer, format=fmt, **save)
    return buffer.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def staff(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("editor", password="pw", is_staff=True))
    return client


def test_editor_urls_are_the_ones_the_widget_calls():
    assert reverse("markdown_preview") == PREVIEW
    assert reverse("markdown_upload") == UPLOAD


@pytest.mark.django_db
def test_anonymous_preview_and_upload_are_refused(client):
    assert client.post(PREVIEW, {"content": "**x**"}).status_code == 403
    upload = SimpleUploadedFile("a.png", image_bytes(), content_type="image/png")
    assert client.post(UPLOAD, {"image": upload}).status_code == 403
    assert not default_storage.exists("markdown")


@pytest.mark.django_db
def test_signed_in_non_staff_users_are_refused(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("visitor", password="pw"))
    assert client.post(PREVIEW, {"content": "**x**"}).status_code == 403


@pytest.mark.django_db
def test_staff_preview_renders_sanitised_markdown(staff):
    response = staff.post(PREVIEW, {"content": "**bold** <script>alert(1)</script>[x](javascript:alert(1))"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>bold</strong>" in html
    assert "<script" not in html and "javascript:" not in html


@pytest.mark.django_db
def test_staff_upload_stores_a_clean_copy_under_a_random_name(staff):
    data = image_bytes("JPEG", (60, 40), exif_orientation=6)
    response = staff.post(
        UPLOAD,
        {"image": SimpleUploadedFile("holiday.jpg", data, "image/jpeg")},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    code = response.json()["image_code"]
    assert code.startswith("![](/media/markdown/") and code.endswith(".jpg)")
    assert "holiday" not in code
    stored = code[len("![](/media/") : -1]
    with default_storage.open(stored) as f, Image.open(f) as image:
        assert image.size == (40, 60)  # turned upright by its EXIF orientation
        assert dict(image.getexif()) == {}  # and the metadata is gone


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("drawing.svg", SVG, "image/svg+xml"),
        ("drawing.png", SVG, "image/png"),
        ("page.png", HTML, "image/png"),
        ("icon.bmp", image_bytes("BMP"), "image/bmp"),
    ],
)
def test_uploads_that_are_not_accepted_images_are_refused(staff, name, content, content_type):
    response = staff.post(UPLOAD, {"image": SimpleUploadedFile(name, content, content_type)})
    assert response.status_code == 400
    assert response.json()["image"] == [
        "Upload a JPEG, PNG, WebP or GIF image. This file is not one (SVG is not accepted)."
    ]
    assert not default_storage.exists("markdown") or default_storage.listdir("markdown")[1] == []


@pytest.mark.django_db
def test_an_oversized_image_is_refused(staff):
    big = image_bytes("PNG", (10, 10)) + b"\0" * MAX_IMAGE_BYTES
    response = staff.post(UPLOAD, {"image": SimpleUploadedFile("big.png", big, "image/png")})
    assert response.status_code == 400
    assert "larger than 5 MB" in response.json()["image"][0]


@pytest.mark.django_db
def test_a_decompression_bomb_is_refused(staff):
    bomb = image_bytes("PNG", (8000, 8000), optimize=True)  # 64 megapixels of one colour: a small file
    assert len(bomb) < MAX_IMAGE_BYTES
    response = staff.post(UPLOAD, {"image": SimpleUploadedFile("bomb.png", bomb, "image/png")})
    assert response.status_code == 400
    assert "8000 × 8000 pixels" in response.json()["image"][0]


@pytest.mark.django_db
def test_profile_photo_is_upright_resized_and_stripped(db):
    profile = Profile.load()
    profile.photo = SimpleUploadedFile("me.jpg", image_bytes("JPEG", (2000, 1000), exif_orientation=6))
    profile.full_clean()
    profile.save()
    profile.refresh_from_db()
    assert profile.photo.name.startswith("profile/") and "me" not in profile.photo.name
    assert (profile.photo_width, profile.photo_height) == (480, 960)
    with profile.photo.open() as f, Image.open(f) as image:
        assert image.size == (480, 960)
        assert dict(image.getexif()) == {}


@pytest.mark.django_db
def test_profile_photo_must_really_be_an_image():
    profile = Profile.load()
    profile.photo = SimpleUploadedFile("me.png", SVG)
    with pytest.raises(ValidationError) as error:
        profile.full_clean()
    assert "photo" in error.value.message_dict


def test_cv_must_be_a_real_pdf():
    validate_pdf(SimpleUploadedFile("cv.pdf", PDF))
    for fake in [HTML, b"%PDF-1.4 but truncated", image_bytes()]:
        with pytest.raises(ValidationError, match="Upload a PDF file"):
            validate_pdf(SimpleUploadedFile("cv.pdf", fake))


@pytest.mark.django_db
def test_cv_upload_in_the_admin_refuses_a_fake_and_dates_a_real_one(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "pw"))
    base = {"author_style": "initials", "links-TOTAL_FORMS": "0", "links-INITIAL_FORMS": "0"}
    url = reverse("admin:profile_profile_change", args=[1])
    Profile.load()
    response = client.post(url, {**base, "cv": SimpleUploadedFile("cv.pdf", HTML, "application/pdf")})
    assert response.status_code == 200
    assert "Upload a PDF file" in response.content.decode()
    assert not Profile.load().cv
    response = client.post(url, {**base, "cv": SimpleUploadedFile("cv.pdf", PDF, "application/pdf")})
    assert response.status_code == 302
    profile = Profile.load()
    assert profile.cv.name.endswith(".pdf") and profile.cv_updated is not None


@pytest.mark.parametrize(
    ("markdown", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src="x.png" onerror="alert(1)">', "onerror"),
        ("[click](javascript:alert(1))", "javascript:"),
        ('<a href="https://e.org" onclick="steal()">x</a>', "onclick"),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
        ('<p style="background:url(x)">x</p>', "style="),
        ("<object data='x.swf'></object>", "<object"),
    ],
)
def test_markdown_is_sanitised(markdown, forbidden):
    assert forbidden not in render_markdown(markdown)


def test_markdown_keeps_what_a_bio_needs():
    html = render_markdown("He works at [BAIR](https://bair.berkeley.edu/).\n\n* one\n* two\n\n![me](/media/a.png)")
    assert '<a href="https://bair.berkeley.edu/" rel="noopener noreferrer">BAIR</a>' in html
    assert "<li>one</li>" in html and '<img alt="me" src="/media/a.png">' in html


@pytest.mark.django_db
def test_homepage_bio_is_sanitised(client):
    Profile.objects.create(bio='Hi <script>alert("x")</script><img src=x onerror=alert(1)>')
    body = client.get("/").content.decode()
    assert "<script>alert" not in body and "onerror" not in body


# ------------------------------------------------------------------------------------ hostile author fields
def finished_within(seconds, function, *args):
    """function(*args), or a failure if it runs longer than `seconds` (a parse that backtracks on a long field takes
    hours, a linear one milliseconds: the limit is far from either)."""
    import signal

    def stop(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        return function(*args)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


LONG = 100_000


def test_a_100000_character_author_list_in_the_admin_parses_in_linear_time():
    from publications.authors import AuthorEntry, parse_author_list

    spaced = "S. Kim" + " " * LONG + "and M. W. Mahoney"
    assert finished_within(10, parse_author_list, spaced) == [AuthorEntry("S. Kim"), AuthorEntry("M. W. Mahoney")]
    marked = "S. Kim" + "†" * LONG + ", M. W. Mahoney"
    assert finished_within(10, parse_author_list, marked) == [
        AuthorEntry("S. Kim", True),
        AuthorEntry("M. W. Mahoney"),
    ]
    assert finished_within(10, parse_author_list, "x" + " ," * LONG) == [AuthorEntry("x")]


def test_a_100000_character_citation_on_a_site_parses_in_linear_time():
    from importers.citations import parse_authors

    citation = "Geiger, R. Stuart" + " " * LONG + "and Halfaker, Aaron" + "†" * LONG + ". (2013). A title."
    authors = finished_within(10, parse_authors, citation)
    assert [(a.name, a.equal_contribution) for a in authors] == [("R. Stuart Geiger", False), ("Aaron Halfaker", True)]


def test_a_100000_character_bibtex_author_field_imports_in_linear_time(db):
    from publications.bibtex import import_bibtex
    from publications.models import Publication

    field = "Kim, Sehoon" + " " * LONG + "and Mahoney, Michael W." + "*" * LONG
    finished_within(20, import_bibtex, f"@article{{long, title = {{Long}}, author = {{{field}}}, year = 2020}}")
    paper = Publication.objects.get(title="Long")
    names = [(a.person.full_name, a.equal_contribution) for a in paper.authorships.select_related("person")]
    assert names == [("Sehoon Kim", False), ("Michael W. Mahoney", True)]


BIBTEX = Path(__file__).parent / "data" / "bibtex"


def test_a_50_mb_bibtex_file_is_refused_at_once_with_its_size(db, tmp_path):
    from django.core.management import CommandError, call_command

    from publications.models import Publication

    real = (BIBTEX / "group-aibasel-entries.bib").read_text()
    huge = tmp_path / "huge.bib"
    huge.write_text(real * (50 * 1024**2 // len(real.encode()) + 1))
    assert huge.stat().st_size > 50 * 1024**2
    with pytest.raises(CommandError, match=r"huge.bib: 5\d\.\d MB is more than the 20 MB Vita reads at once"):
        finished_within(20, call_command, "import_bibtex", str(huge))
    assert not Publication.objects.exists()


def test_an_entry_with_10000_authors_comes_in_whole(db):
    from publications.bibtex import import_bibtex
    from publications.models import Publication

    authors = " and ".join(f"Author{i:05d}, Given" for i in range(10_000))
    finished_within(60, import_bibtex, f"@article{{atlas, title = {{Many}}, author = {{{authors}}}, year = 2012}}")
    rows = Publication.objects.get(title="Many").authorships.select_related("person").order_by("position")
    assert rows.count() == 10_000
    assert (rows.first().person.family_name, rows.last().person.family_name) == ("Author00000", "Author09999")


def test_deeply_nested_braces_are_read_and_unbalanced_ones_are_a_problem_with_their_place(db):
    from publications.bibtex import BibtexError, import_bibtex
    from publications.models import Publication

    deep = "{" * 5000 + "Deep" + "}" * 5000
    finished_within(20, import_bibtex, f"@article{{deep, title = {{{deep}}}, author = {{Kim, S.}}, year = 2020}}")
    assert Publication.objects.get().title == "Deep"
    unbalanced = (
        "@article{ok, title = {Fine}, year = 2020}\n@article{open, title = {" + "{" * 100_000 + "}, year = 2020}"
    )
    with pytest.raises(BibtexError) as error:
        finished_within(20, import_bibtex, unbalanced)
    assert [str(problem) for problem in error.value.problems] == [
        "line 2: entry “open”: Unexpectedly reached end of file."
    ]
    assert Publication.objects.count() == 1  # nothing of the file came in
