from django import template

from publications.render import author_items, authors_html, links_html

register = template.Library()


@register.filter
def authors(publication, style="initials"):
    """The publication's author list, owner highlighted and equal contributors marked (authorships prefetched)."""
    return authors_html(author_items(publication.authorships.all()), style)


@register.filter
def links(links):
    """Typed links as '<a>arXiv</a>, <a>code</a>', labels from their kinds."""
    return links_html([(link.kind, link.label, link.url) for link in links])
