"""Moving in from an academicpages site: a small academicpages-shaped folder, made here."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from importers.academicpages import citation_authors, loose_date
from profile.models import Person, Profile
from publications.models import Publication
from talks.models import Talk
from teaching.models import Course
from tests.test_demo import snapshot

CONFIG = """\
title: "Jane Doe's homepage"
author:
  avatar           : "profile.png"
  name             : "Jane Q. Doe"
  pronouns         : # example: "she/her"
  bio              : "Assistant Professor of Statistics"
  location         : "Berkeley, CA"
  employer         : "Red Brick University"
  email            : "jane@example.edu"
  github           : "janedoe"
  googlescholar    : "https://scholar.google.com/citations?user=ABC"
  orcid            : "https://orcid.org/0000-0002-1825-0097"
  linkedin         :
  twitter          : "@janedoe"
"""

ABOUT = """---
permalink: /
title: "About me"
---
I study **random matrices** at [Red Brick](https://rbu.example.edu).
"""

PUBLICATIONS = {
    "2009-10-01-paper-title-number-1.md": """---
title: "Paper Title Number 1 &amp; Friends"
collection: publications
category: manuscripts
permalink: /publication/2009-10-01-paper-title-number-1
excerpt: 'This paper is about the number 1. The number 2 is left for future work.'
date: 2009-10-01
venue: 'Journal 1'
slidesurl: 'http://academicpages.github.io/files/slides1.pdf'
paperurl: 'http://academicpages.github.io/files/paper1.pdf'
bibtexurl: 'http://academicpages.github.io/files/bibtex1.bib'
citation: 'Doe, J. Q., <b>Smith, A.</b>*, &amp; Roe, R. (2009). &quot;Paper Title Number 1.&quot; <i>Journal 1</i>.'
---
The contents above will be part of a list of publications.
""",
    "2023-paper-2.md": """---
title: "A Conference Paper"
collection: publications
category: conferences
date: 2023
venue: "Proc. NeurIPS"
paperurl: # none yet
---
""",
    "loose-date.md": """---
title: "Loosely Dated"
date: "11 Oct 2025"
venue: "Workshop on Things"
category: "workshops"
citation: "Jane Q. Doe and Amy Smith. Loosely Dated. 2025."
---
""",
}

TALKS = {
    "2012-03-01-talk-1.md": """---
title: "Talk 1 on Relevant Topic in Your Field"
collection: talks
type: "Talk"
permalink: /talks/2012-03-01-talk-1
venue: "UC San Francisco, Department of Testing"
date: 2012-03-01
location: "San Francisco, California"
slidesurl: "https://example.org/talk1.pdf"
---
This is a description of your talk.
""",
    "tutorial.md": """---
title: "Tutorial 1 on Relevant Topic"
type: "Tutorial"
venue: "UC-Berkeley Institute for Testing Science"
date: "Mar 2013"
location: "Berkeley CA, USA"
---
""",
}

TEACHING = {
    "2014-spring-teaching-1.md": """---
title: "Teaching experience 1"
collection: teaching
type: "Undergraduate course"
venue: "University 1, Department"
date: 2014-01-01
location: "City, Country"
---
This is a description of a teaching experience.
""",
    "2015-fall.md": """---
title: "Teaching experience 2"
type: "Workshop"
venue: "University 1, Department"
date: 2015-09-15
---
""",
}


def png(size=(400, 300)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 60, 90)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    for folder, files in [
        ("_publications", PUBLICATIONS),
        ("_talks", TALKS),
        ("_teaching", TEACHING),
        ("_pages", {"about.md": ABOUT}),
    ]:
        (root / folder).mkdir(parents=True)
        for name, text in files.items():
            (root / folder / name).write_text(text)
    (root / "_config.yml").write_text(CONFIG)
    (root / "images").mkdir()
    (root / "images" / "profile.png").write_bytes(png())
    return root


def test_import_reads_the_profile(db, site, capsys):
    call_command("import_academicpages", str(site))
    owner = Person.objects.get(is_owner=True)
    assert (owner.given_names, owner.family_name) == ("Jane Q.", "Doe")
    profile = Profile.load()
    assert (profile.headline, profile.affiliation, profile.location, profile.email) == (
        "Assistant Professor of Statistics",
        "Red Brick University",
        "Berkeley, CA",
        "jane@example.edu",
    )
    assert profile.bio == "I study **random matrices** at [Red Brick](https://rbu.example.edu)."
    assert profile.photo and (profile.photo_width, profile.photo_height) == (400, 300)
    assert [(link.kind, link.url) for link in profile.links.all()] == [
        ("scholar", "https://scholar.google.com/citations?user=ABC"),
        ("github", "https://github.com/janedoe"),
        ("orcid", "https://orcid.org/0000-0002-1825-0097"),
        ("x", "https://x.com/janedoe"),
    ]
    out = capsys.readouterr().out
    assert "publications: 3 added, 0 already here" in out


def test_import_reads_publications_talks_and_courses(db, site):
    call_command("import_academicpages", str(site))
    paper = Publication.objects.get(title="Paper Title Number 1 & Friends")
    assert (paper.section.name, paper.year, paper.month, paper.venue_short) == ("Journal", 2009, 10, "Journal 1")
    assert paper.abstract == "This paper is about the number 1. The number 2 is left for future work."
    authors = [(a.person.full_name, a.equal_contribution, a.person.is_owner) for a in paper.authorships.all()]
    assert authors == [("Jane Q. Doe", False, True), ("A. Smith", True, False), ("R. Roe", False, False)]
    assert [(link.kind, link.display_label) for link in paper.links.all()] == [
        ("pdf", "PDF"),
        ("slides", "slides"),
        ("other", "BibTeX"),
    ]
    conference = Publication.objects.get(title="A Conference Paper")
    assert (conference.section.name, conference.year, conference.month, conference.links.count()) == (
        "Conference",
        2023,
        None,
        0,
    )
    assert [a.person.is_owner for a in conference.authorships.all()] == [True]  # no citation: the owner
    loose = Publication.objects.get(title="Loosely Dated")
    assert (loose.section.name, loose.year, loose.month) == ("Workshop", 2025, 10)
    assert [a.person.full_name for a in loose.authorships.all()] == ["Jane Q. Doe", "A. Smith"]  # "Amy Smith"

    talks = {t.title: t for t in Talk.objects.prefetch_related("links")}
    talk = talks["Talk 1 on Relevant Topic in Your Field"]
    assert (talk.event, talk.location, talk.date) == (
        "UC San Francisco, Department of Testing",
        "San Francisco, California",
        datetime.date(2012, 3, 1),
    )
    assert [link.url for link in talk.links.all()] == ["https://example.org/talk1.pdf"]
    assert talks["Tutorial 1 on Relevant Topic"].date == datetime.date(2013, 3, 1)
    assert [(c.name, c.term, c.institution) for c in Course.objects.all()] == [
        ("Teaching experience 2", "Fall 2015", "University 1, Department"),
        ("Teaching experience 1", "Spring 2014", "University 1, Department"),
    ]


def test_import_twice_changes_nothing(db, site, capsys):
    call_command("import_academicpages", str(site))
    profile = Profile.load()
    profile.headline = "Edited by hand"
    profile.save()
    before = snapshot()
    call_command("import_academicpages", str(site))
    assert snapshot() == before
    assert "publications: 0 added, 3 already here" in capsys.readouterr().out


def test_bad_front_matter_imports_nothing(db, site):
    (site / "_talks" / "zz-broken.md").write_text("---\ntitle: [unclosed\n---\n")
    with pytest.raises(CommandError, match=r"zz-broken\.md: the front matter is not valid YAML"):
        call_command("import_academicpages", str(site))
    assert (Publication.objects.count(), Talk.objects.count(), Person.objects.count()) == (0, 0, 0)


def test_a_folder_that_is_not_a_site_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="does not look like an academicpages site"):
        call_command("import_academicpages", str(tmp_path))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2023, (2023, None, None)),
        ("2023", (2023, None, None)),
        ("2023-10", (2023, 10, None)),
        (datetime.date(2023, 10, 11), (2023, 10, 11)),
        ("11 Oct 2025", (2025, 10, 11)),
        ("October 2025", (2025, 10, None)),
        ("2023-10-11T09:00:00", (2023, 10, 11)),
    ],
)
def test_loose_dates(value, expected):
    assert loose_date(value) == expected


def test_citation_authors_in_apa_and_plain_styles():
    assert [a.name for a in citation_authors("Smith, J., Doe, A. B., & Roe, R. (2020). Title.")] == [
        "J. Smith",
        "A. B. Doe",
        "R. Roe",
    ]
    assert [a.name for a in citation_authors('Jane Doe and Amy Smith. "Title." 2025.')] == ["Jane Doe", "Amy Smith"]
