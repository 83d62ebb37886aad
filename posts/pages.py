"""Where posts appear (core.pages): their own pages, the blog's pages of posts (as many as it takes), their tags'
pages and the feed. Old addresses of moved-in posts redirect to the new ones."""

from core.pages import pages

from .models import Post, Tag
from .views import page_paths, redirects


def register():
    pages.object_pages(Post, paths=lambda post: [post.get_absolute_url()])
    pages.object_pages(Tag, paths=lambda tag: [tag.get_absolute_url()])
    pages.appears_on(Post, Tag, lambda post: list(post.tags.values_list("pk", flat=True)))
    pages.site_page("posts:index", shows=[Post, Tag], paths=page_paths, family="/blog/page/")
    pages.site_page("posts_feed", shows=[Post])
    pages.redirects(redirects)
