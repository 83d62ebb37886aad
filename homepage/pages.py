"""The site-wide pages (core.pages): the homepage shows the owner's record and the latest news (not the CV's own
sections, projects, posts or pages), the sitemap everything, robots.txt nothing that changes. The navigation is on
every page."""

from core.pages import pages
from cv.models import CVEntry, CVEntryLink, CVSection
from pages.models import Page
from posts.models import Post, Tag
from projects.models import Project, ProjectLink

from .navigation import navigation


def register():
    pages.site_page("home", hides=[CVSection, CVEntry, CVEntryLink, Project, ProjectLink, Post, Tag, Page])
    pages.site_page("sitemap")
    pages.site_page("robots_txt", shows=())
    pages.chrome(navigation)
