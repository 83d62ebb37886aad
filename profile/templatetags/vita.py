"""Template helpers every page uses: typed-link labels, author names, Markdown."""

from collections import Counter
from profile.markdown import render_markdown

from django import template

register = template.Library()


@register.filter
def labelled_links(links):
    """[(label, link), …] in order; when a kind repeats, its labels are numbered ('slides 1', 'slides 2')."""
    links = list(links)
    counts = Counter(link.display_label for link in links)
    seen = Counter()
    labelled = []
    for link in links:
        label = link.display_label
        if counts[label] > 1:
            seen[label] += 1
            label = f"{label} {seen[label]}"
        labelled.append((label, link))
    return labelled


@register.filter
def author_name(person, style="initials"):
    return person.full_name if style == "full" else person.short_name


@register.filter
def markdown(text):
    return render_markdown(text)
