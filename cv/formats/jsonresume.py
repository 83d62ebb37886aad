"""JSON Resume (https://jsonresume.org/schema), out and in.

Out (/cv.json): basics with profiles, then each CV section under the key its kind has in the schema (education,
work, volunteer, awards, certificates, skills, languages, interests, references), sections of other kinds under a
key of their own, and every public publication. `meta.vita.sections` names each key's section, so importing the
file again gives the same sections.

In: v1.0 and the older names (`company`, `website`, `picture`, `gpa`), JSONC comments, partial dates ("2019",
"2019-03", "2024.02"), "Present", highlights as a list or a string, unknown sections, and the keys tools add.
"""

import json
import re

from django.urls import reverse

from core.links import ResourceKind, guess_kind
from core.site import absolute, site_url
from profile.socials import social_link
from publications.entries import AuthorRow, LinkRow
from publications.models import Publication, normalise_doi
from publications.services import AuthorSpec, LinkSpec, PublicationSpec

from ..entries import cv_sections, partial_date
from ..models import CVSection
from . import DEFAULT_NAMES, CVData, EntryData, bullets, entry_dates, join_paragraphs, read_date, safe_links, text

SCHEMA_VERSION = "v1.0.0"
# kind -> the schema's key for its entries
KEYS = {
    CVSection.Kind.EDUCATION: "education",
    CVSection.Kind.POSITIONS: "work",
    CVSection.Kind.SERVICE: "volunteer",
    CVSection.Kind.AWARDS: "awards",
    CVSection.Kind.CERTIFICATES: "certificates",
    CVSection.Kind.SKILLS: "skills",
    CVSection.Kind.LANGUAGES: "languages",
    CVSection.Kind.INTERESTS: "interests",
    CVSection.Kind.REFERENCES: "references",
}
KIND_OF_KEY = {key: kind for kind, key in KEYS.items()}
KIND_OF_KEY["projects"] = CVSection.Kind.OTHER
DEFAULT_SECTION_NAMES = {"work": "Positions", "volunteer": "Service", "projects": "Projects"}
# For each kind: (schema field of the title, of the organisation, of the description)
FIELDS = {
    CVSection.Kind.EDUCATION: ("studyType", "institution", "summary"),
    CVSection.Kind.POSITIONS: ("position", "name", "summary"),
    CVSection.Kind.SERVICE: ("position", "organization", "summary"),
    CVSection.Kind.AWARDS: ("title", "awarder", "summary"),
    CVSection.Kind.CERTIFICATES: ("name", "issuer", "summary"),
    CVSection.Kind.SKILLS: ("name", "level", "keywords"),
    CVSection.Kind.LANGUAGES: ("language", "fluency", "summary"),
    CVSection.Kind.INTERESTS: ("name", "level", "keywords"),
    CVSection.Kind.REFERENCES: ("name", "organization", "reference"),
}
GENERIC_FIELDS = ("title", "organization", "summary")
SINGLE_DATE = {CVSection.Kind.AWARDS, CVSection.Kind.CERTIFICATES}
NO_DATES = {CVSection.Kind.SKILLS, CVSection.Kind.LANGUAGES, CVSection.Kind.INTERESTS, CVSection.Kind.REFERENCES}
# Older names, read as the current ones.
OLD_NAMES = {"company": "name", "website": "url", "picture": "image", "gpa": "score"}


# ---------------------------------------------------------------------------------------------- out
def _entry(kind, row):
    title_field, organisation_field, description_field = FIELDS.get(kind, GENERIC_FIELDS)
    item = {title_field: row.title}
    if row.organisation:
        item[organisation_field] = row.organisation
    if row.location:
        item["location"] = row.location
    if kind not in NO_DATES:
        start, end = partial_date(row.start_year, row.start_month), partial_date(row.end_year, row.end_month)
        if kind in SINGLE_DATE:
            if start or end:
                item["date"] = start or end
        else:
            if start:
                item["startDate"] = start
            # JSON Resume reads a missing endDate as "still going": a single date is written as start and end.
            if end or (start and not row.ongoing):
                item["endDate"] = end or start
            if row.ongoing and not start:
                item["present"] = True
    if row.description:
        if description_field == "keywords":
            item["keywords"] = [word.strip() for word in row.description.split(",") if word.strip()]
        else:
            item[description_field] = row.description
    if row.links:
        item["url"] = row.links[0].url
        if len(row.links) > 1:
            item["links"] = [{"kind": link.kind, "label": link.label, "url": link.url} for link in row.links]
    return item


def _publication(row):
    """A publication row (publications.entries) as JSON Resume writes one."""
    item = {"name": row.title}
    authors = [AuthorRow(*values).full_name for values in row.author_values]
    if authors:
        item["authors"] = authors
    if venue := row.venue_full or row.venue_short:
        item["publisher"] = venue
    if row.year:
        item["releaseDate"] = partial_date(row.year, row.month)
    if row.doi:
        item["url"] = f"https://doi.org/{row.doi}"
    elif row.link_values:
        item["url"] = LinkRow(*row.link_values[0]).url
    else:
        item["url"] = absolute(row.url)
    if row.abstract:
        item["summary"] = row.abstract
    return item


def _publication_order(item):
    return (-int(item.get("releaseDate", "0")[:4] or 0), item.get("releaseDate", ""), item["name"].casefold())


def resume(context):
    """The CV as a JSON Resume document (a dict), from cv.record's rows (record_rows) and the CV's sections."""
    profile, owner = context["profile"], context["owner"]
    basics = {"name": owner.full_name if owner else ""}
    if profile.headline:
        basics["label"] = profile.headline
    if profile.photo:
        basics["image"] = absolute(profile.photo.url)
    if profile.email:
        basics["email"] = profile.email
    basics["url"] = site_url() + "/"
    if profile.bio:
        basics["summary"] = profile.bio
    if profile.location:
        basics["location"] = {"address": profile.location}
    links = [link for link in context["profile_links"] if link.kind != "cv"]
    basics["profiles"] = [{"network": link.display_label, "url": link.url} for link in links]
    data = {"$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"}
    data["basics"] = basics
    described, used = [], set(KEYS.values()) | {"basics", "publications", "meta", "projects"}
    taken = set()
    for section in cv_sections():
        key = KEYS.get(section.kind)
        if key is None or key in taken:
            key = section.slug if section.slug not in used else f"{section.slug}-section"
        taken.add(key)
        kind = section.kind if KEYS.get(section.kind) == key else CVSection.Kind.OTHER
        data[key] = [_entry(kind, row) for row in section.entries]
        described.append({"key": key, "name": section.name, "kind": section.kind, "ordering": section.ordering})
    data["publications"] = sorted((_publication(row) for row in context["publication_rows"]), key=_publication_order)
    data["meta"] = {
        "version": SCHEMA_VERSION,
        "canonical": absolute(reverse("cv_json")),
        "vita": {"sections": described},
    }
    return data


# ---------------------------------------------------------------------------------------------- in
_COMMENT = re.compile(r'"(?:\\.|[^"\\])*"|//[^\n]*|/\*.*?\*/', re.DOTALL)
_PLACEHOLDER_EMAIL = re.compile(r"@example\.(?:com|org)$", re.I)
_TRAILING_COMMA = re.compile(r'"(?:\\.|[^"\\])*"|,(\s*[}\]])', re.DOTALL)


def loads(raw):
    """JSON, or JSONC (// and /* */ comments, trailing commas) as al-folio reads it."""
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        stripped = _COMMENT.sub(lambda m: m.group() if m.group().startswith('"') else "", raw)
        stripped = _TRAILING_COMMA.sub(lambda m: m.group(1) if m.group(1) else m.group(), stripped)
        return json.loads(stripped)


def _get(item, name):
    """A field by its current name or an older one."""
    if name in item:
        return item[name]
    return next((value for old, new in OLD_NAMES.items() if new == name and (value := item.get(old)) is not None), None)


def _read_entry(kind, item, where, report):
    title_field, organisation_field, description_field = FIELDS.get(kind, GENERIC_FIELDS)
    if kind == CVSection.Kind.EDUCATION:
        study, area = text(item.get("studyType")), text(item.get("area"))
        title = f"{study} in {area}" if study and area and area.casefold() not in study.casefold() else study or area
    else:
        title = text(_get(item, title_field)) or text(
            next((item[k] for k in ("title", "name", "position", "label") if text(item.get(k))), "")
        )
    organisation = text(_get(item, organisation_field)) or text(
        next((item[k] for k in ("organization", "organisation", "institution", "name") if text(item.get(k))), "")
    )
    if organisation == title:
        organisation = ""
    if description_field == "keywords":
        description = ", ".join(text(word) for word in item.get("keywords") or [] if text(word))
    else:
        description = text(item.get(description_field)) if description_field != "summary" else ""
        description = join_paragraphs(
            description,
            text(item.get("summary")) or text(item.get("description")),
            bullets(item.get("highlights")),
            bullets(item.get("courses")),
            f"Score: {text(_get(item, 'score'))}" if text(_get(item, "score")) else "",
        )
    location = item.get("location")
    location = text(location) if not isinstance(location, dict) else _location(location)
    start, end, present, kept = entry_dates(item.get("startDate"), item.get("endDate"), item.get("date"), where, report)
    description = join_paragraphs(kept, description)
    ongoing = bool(item.get("present")) or present
    if not ongoing and not text(item.get("endDate")) and start[0] and kind not in SINGLE_DATE and "date" not in item:
        ongoing = True  # JSON Resume: no end date (or an empty one) means it goes on
    links = safe_links([_get(item, "url")], where, report, kind=ResourceKind.OTHER)
    if isinstance(item.get("links"), list):
        links = []
        for link in item["links"]:
            if isinstance(link, dict):
                kind_name = link.get("kind") if link.get("kind") in ResourceKind.values else ResourceKind.OTHER
                for _, url, label in safe_links([link.get("url")], where, report):
                    links.append((kind_name, url, text(link.get("label")) or (label if kind_name == "other" else "")))
    links = [(k, url, label or ("link" if k == ResourceKind.OTHER else "")) for k, url, label in links]
    return EntryData(title, organisation, location, start, end, ongoing, description, links, where)


def _location(location):
    parts = [text(location.get(k)) for k in ("address", "city", "region", "postalCode", "countryCode")]
    return ", ".join(part for part in parts if part)


def _read_publication(item, where, report):
    title = text(item.get("name") or item.get("title"))
    if not title:
        report.note(f"{where}: a publication with no title; left out.")
        return None
    fields = {"title": title, "venue_short": text(item.get("publisher") or item.get("journal") or item.get("venue"))}
    date = item.get("releaseDate") or item.get("date") or item.get("year")
    if text(date).casefold() in ("submitted", "under submission", "under review", "in preparation"):
        fields["status"] = Publication.Status.UNDER_REVIEW
        report.note(f"{where}: “{text(date)}” is read as under review, with no date.")
    elif date:
        (year, month), _ = read_date(date, where, report)
        fields.update(year=year, month=month)
    if fields["venue_short"].casefold() in ("submitted", "under submission", "under review"):
        fields["venue_short"] = ""
        fields["status"] = Publication.Status.UNDER_REVIEW
    if text(item.get("summary")):
        fields["abstract"] = text(item.get("summary"))
    links = []
    for url in [item.get("url"), *(item.get("urls") or [])]:
        url = text(url)
        doi = normalise_doi(url) if re.match(r"^https?://(dx\.)?doi\.org/", url, re.I) else ""
        if doi:
            fields["doi"] = doi
        elif url:
            for _, safe, _ in safe_links([url], where, report):
                links.append(LinkSpec(guess_kind(safe), safe))
    authors = item.get("authors") or []
    if isinstance(authors, str):
        authors = re.split(r"\s*(?:;|\band\b)\s*", authors)
    specs = [AuthorSpec(text(name).strip("*").strip()) for name in authors if text(name) and "..." not in text(name)]
    if any("..." in text(name) for name in authors):
        report.note(f"{where}: “...” in the author list is left out.")
    specs = [spec for spec in specs if spec.name]
    if not specs:
        report.note(f"{where}: “{title[:60]}” names no authors; add them in the admin.")
    return PublicationSpec(fields, "Publications", specs, links, source=where)


def read(raw, source="resume.json"):
    """A CVData from a JSON Resume file's text. ValueError when it is not JSON (or JSONC) holding an object."""
    try:
        data = loads(raw)
    except json.JSONDecodeError as error:
        raise ValueError(f"{source}: this is not JSON ({error}).") from error
    if not isinstance(data, dict):
        raise ValueError(f"{source}: a JSON Resume is an object with `basics`, `work`, … at its top.")
    cv = CVData()
    report = cv.report
    basics = data.get("basics") if isinstance(data.get("basics"), dict) else {}
    cv.name = text(basics.get("name"))
    location = basics.get("location")
    cv.profile = {
        "headline": text(basics.get("label")),
        "email": text(basics.get("email")),
        "bio": text(basics.get("summary")),
        "location": _location(location) if isinstance(location, dict) else text(location),
    }
    if cv.profile["email"] and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", cv.profile["email"]):
        report.note(f"{source}: basics.email “{cv.profile['email']}” is not an e-mail address; left out.")
        cv.profile["email"] = ""
    if _PLACEHOLDER_EMAIL.search(cv.profile["email"]):
        cv.profile["email"] = ""
    if text(basics.get("phone")):
        report.note(f"{source}: basics.phone is not imported (Vita shows no phone number).")
    if text(_get(basics, "image")):
        report.note(f"{source}: basics.image is not imported: upload the photo in the admin.")
    url = text(_get(basics, "url"))
    if url and url.rstrip("/") != site_url() and (link := social_link("website", url)):
        cv.links.append(link)
    for number, item in enumerate(basics.get("profiles") or [], start=1):
        if not isinstance(item, dict):
            continue
        link = social_link(item.get("network"), item.get("url") or item.get("username"))
        if link is None:
            report.note(f"{source}: basics.profiles[{number}] ({text(item.get('network'))}) has no web address.")
        else:
            cv.links.append(link)

    named = {}
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    vita = meta.get("vita") if isinstance(meta.get("vita"), dict) else {}
    for described in vita.get("sections") or []:
        if isinstance(described, dict) and described.get("key"):
            named[described["key"]] = described
    for key, items in data.items():
        if key in ("basics", "meta", "$schema", "publications") or not isinstance(items, list):
            continue
        entries = [item for item in items if isinstance(item, dict)]
        if not entries:
            continue
        described = named.get(key, {})
        kind = described.get("kind") or KIND_OF_KEY.get(key) or None
        kind = kind if kind in CVSection.Kind.values else None
        name = described.get("name") or DEFAULT_SECTION_NAMES.get(key) or _section_name(key, kind)
        ordering = described.get("ordering") if described.get("ordering") in CVSection.Ordering.values else None
        section = cv.section(name, kind, ordering or CVSection.Ordering.NEWEST)
        read_as = KIND_OF_KEY.get(key, CVSection.Kind.OTHER)
        for number, item in enumerate(entries, start=1):
            section.entries.append(_read_entry(read_as, item, f"{source}: {key}[{number}]", report))
    for number, item in enumerate(data.get("publications") or [], start=1):
        if isinstance(item, dict) and (spec := _read_publication(item, f"{source}: publications[{number}]", report)):
            cv.publications.append(spec)
    return cv


def _section_name(key, kind):
    if kind in DEFAULT_NAMES:
        return DEFAULT_NAMES[kind]
    name = key.replace("_", " ").strip()
    return name[:1].upper() + name[1:]
