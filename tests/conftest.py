import pytest
from bs4 import BeautifulSoup

from homepage.demo.load import load_demo


@pytest.fixture
def demo(db):
    """The demo homepage loaded into the test database."""
    return load_demo()


@pytest.fixture
def page(client):
    """GET a URL and return it parsed, after checking it answered 200."""

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return BeautifulSoup(response.content, "html.parser")

    return get


def text(element):
    """An element's visible text with spacing folded, as a reader sees it."""
    joined = " ".join(element.get_text(" ", strip=True).split())
    return joined.replace(" ,", ",").replace(" .", ".").replace(" *", "*")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test stores uploads in a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: pages cached by another test's (rolled back) data are gone."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
