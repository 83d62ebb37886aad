"""What machines read on a publication's page: Google Scholar's citation_* tags, schema.org JSON-LD, OpenGraph."""

import re

from core.latex import plain
from core.links import ResourceKind

JOURNAL_SECTIONS = {"Journal"}
CONFERENCE_SECTIONS = {"Conference", "Workshop"}


def pdf_url(publication):
    for link in publication.links.all():
        if link.kind == ResourceKind.PDF or link.url.lower().endswith(".pdf"):
            return link.url
    if publication.arxiv_id:
        return f"https://arxiv.org/pdf/{publication.arxiv_id}"
    return ""


def _pages(pages):
    """'621–639' -> ('621', '639'); '075006' -> ('075006', '')."""
    parts = re.split(r"\s*(?:–|—|-{1,2})\s*", pages.strip(), maxsplit=1)
    return parts[0], parts[1] if len(parts) > 1 else ""


def citation_tags(publication):
    """[(name, content), …] in the order Google Scholar's inclusion guidelines list them."""
    tags = [("citation_title", plain(publication.title))]
    for authorship in publication.authorships.all():
        person = authorship.person
        tags.append(("citation_author", f"{person.family_name}, {person.given_names}".rstrip(", ")))
    if publication.year:
        date = f"{publication.year}/{publication.month:02d}" if publication.month else str(publication.year)
        tags.append(("citation_publication_date", date))
    venue = publication.venue_full or publication.venue_short
    section = publication.section.name
    if venue and section in JOURNAL_SECTIONS:
        tags.append(("citation_journal_title", venue))
    elif venue and section in CONFERENCE_SECTIONS:
        tags.append(("citation_conference_title", venue))
    elif venue:
        tags.append(("citation_inbook_title" if section == "Book Chapter" else "citation_publisher", venue))
    first, last = _pages(publication.pages)
    for name, value in [
        ("citation_volume", publication.volume),
        ("citation_issue", publication.number),
        ("citation_firstpage", first),
        ("citation_lastpage", last),
        ("citation_doi", publication.doi),
        ("citation_arxiv_id", publication.arxiv_id),
        ("citation_pdf_url", pdf_url(publication)),
    ]:
        if value:
            tags.append((name, value))
    return tags


def scholarly_article(publication, url):
    """schema.org ScholarlyArticle as a dict, for JSON-LD."""
    data = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": plain(publication.title)[:110],
        "name": plain(publication.title),
        "url": url,
        "author": [
            {"@type": "Person", "name": a.person.full_name, **({"url": a.person.homepage} if a.person.homepage else {})}
            for a in publication.authorships.all()
        ],
    }
    if publication.year:
        month = f"-{publication.month:02d}" if publication.month else ""
        data["datePublished"] = f"{publication.year}{month}"
    venue = publication.venue_full or publication.venue_short
    if venue:
        data["isPartOf"] = {
            "@type": "Periodical" if publication.section.name in JOURNAL_SECTIONS else "CreativeWork",
            "name": venue,
        }
    if publication.doi:
        data["sameAs"] = f"https://doi.org/{publication.doi}"
    if publication.abstract:
        data["abstract"] = publication.abstract
    return data
