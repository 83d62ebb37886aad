"""The social and scholarly profiles people link from their sites, by the names their tools give them (academicpages'
`author:` keys, JSON Resume's and RenderCV's `network` names): the profile link kind each becomes, and the address of
a bare user name."""

import re

from core.validators import is_safe_url

# network key -> (link kind, label for "other", URL for a bare user name)
SOCIALS = {
    "googlescholar": ("scholar", "", "https://scholar.google.com/citations?user={}"),
    "orcid": ("orcid", "", "https://orcid.org/{}"),
    "github": ("github", "", "https://github.com/{}"),
    "linkedin": ("linkedin", "", "https://www.linkedin.com/in/{}"),
    "twitter": ("x", "", "https://x.com/{}"),
    "bluesky": ("bluesky", "", "https://bsky.app/profile/{}"),
    "mastodon": ("mastodon", "", "{}"),
    "semantic": ("semantic_scholar", "", "{}"),
    "dblp": ("dblp", "", "{}"),
    "pubmed": ("other", "PubMed", "{}"),
    "researchgate": ("other", "ResearchGate", "https://www.researchgate.net/profile/{}"),
    "research_gate": ("other", "ResearchGate", "https://www.researchgate.net/profile/{}"),
    "academia": ("other", "Academia.edu", "{}"),
    "arxiv": ("other", "arXiv", "{}"),
    "scopus": ("other", "Scopus", "{}"),
    "inspire-hep": ("other", "INSPIRE", "{}"),
    "impactstory": ("other", "Impactstory", "{}"),
    "kaggle": ("other", "Kaggle", "https://www.kaggle.com/{}"),
    "stackoverflow": ("other", "Stack Overflow", "https://stackoverflow.com/users/{}"),
    "bitbucket": ("other", "Bitbucket", "https://bitbucket.org/{}"),
    "gitlab": ("other", "GitLab", "https://gitlab.com/{}"),
    "youtube": ("other", "YouTube", "https://www.youtube.com/@{}"),
    "instagram": ("other", "Instagram", "https://www.instagram.com/{}"),
    "facebook": ("other", "Facebook", "https://www.facebook.com/{}"),
    "uri": ("website", "", "{}"),
}
ALIASES = {
    "googlescholar": "googlescholar",
    "scholar": "googlescholar",
    "x": "twitter",
    "xtwitter": "twitter",
    "semanticscholar": "semantic",
    "website": "uri",
    "homepage": "uri",
    "web": "uri",
    "inspirehep": "inspire-hep",
}


def network_key(name):
    """'Google Scholar' -> 'googlescholar', 'X (Twitter)' -> 'twitter': the key of SOCIALS a network's name means."""
    key = re.sub(r"[^a-z0-9-]", "", str(name or "").lower())
    key = ALIASES.get(key, ALIASES.get(key.replace("-", ""), key))
    return key


def social_link(network, value):
    """(kind, label, url) for a profile on a network given by its URL or a bare user name; an unknown network keeps
    its name as the label. None when no http(s) address can be made of it."""
    value = str(value or "").strip()
    if not value:
        return None
    kind, label, pattern = SOCIALS.get(network_key(network), ("other", str(network or "").strip() or "link", "{}"))
    url = value if re.match(r"^https?://", value, re.IGNORECASE) else pattern.format(value.lstrip("@"))
    return (kind, label, url) if is_safe_url(url) else None


def add_profile_links(profile, links):
    """Give the profile the (kind, label, url) links it lacks (one of a kind and label is enough; what the owner has
    is never changed). Returns (added, already there)."""
    from .models import ProfileLink

    have = {(link.kind, link.label) for link in profile.links.all()}
    order = max((link.order for link in profile.links.all()), default=0)
    added = already = 0
    for kind, label, url in links:
        if (kind, label) in have:
            already += 1
            continue
        order += 1
        ProfileLink.objects.create(profile=profile, kind=kind, label=label, url=url, order=order)
        have.add((kind, label))
        added += 1
    return added, already
