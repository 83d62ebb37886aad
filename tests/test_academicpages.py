"""Moving in from academicpages, on real sites (tests/data/sites/, sources in tests/data/README.md)."""

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from importers.academicpages import import_academicpages
from importers.citations import parse_authors
from importers.jekyll import SiteError
from profile.models import Person, Profile
from publications.models import Publication
from talks.models import Talk
from teaching.models import Course
from tests.test_demo import snapshot

SITES = Path(__file__).parent / "data" / "sites"


def site(name):
    return SITES / f"academicpages-{name}"


def authors(publication):
    return [a.person.full_name for a in publication.authorships.all()]


def links(publication):
    return [(link.kind, link.url) for link in publication.links.all()]


@pytest.fixture
def staeiou(db, media_root):
    report = import_academicpages(site("staeiou"))
    return report


def test_the_profile_comes_from_the_config_and_the_about_page(staeiou):
    owner = Person.objects.owner()
    profile = Profile.objects.get()
    assert owner.full_name == "R. Stuart Geiger"
    # author.bio holds HTML: sanitised into text, whole, its <br>s as commas.
    assert profile.headline == (
        "Ethnographer of computation and computational ethnographer, Assistant Professor at UC San Diego, Department "
        "of Communication & Halıcıoğlu Data Science Institute"
    )
    assert profile.affiliation == "UC San Diego" and profile.location == "San Diego, CA"
    assert "{%" not in profile.bio and profile.bio.startswith("Hi! I’m Stuart")  # Liquid stripped
    assert [(link.kind, link.url) for link in profile.links.all()] == [
        ("scholar", "https://scholar.google.com/citations?user=0AvWi3wAAAAJ&hl=en"),
        ("orcid", "http://orcid.org/0000-0001-7215-0532"),
        ("github", "https://github.com/staeiou"),
        ("bluesky", "https://bsky.app/profile/stu.lu"),
    ]


def test_citations_in_every_form_name_the_right_people_and_the_owner(staeiou):
    owner = Person.objects.owner()
    levee = Publication.objects.get(title__startswith="When the Levee Breaks")  # 'Geiger, R. Stuart and Halfaker, …'
    assert authors(levee) == ["R. Stuart Geiger", "Aaron Halfaker"]
    audit = Publication.objects.get(title__startswith="Asking an AI for salary negotiation advice")  # APA with &
    assert authors(audit) == ["R. Stuart Geiger", "F. O'Sullivan", "E. Wang", "J. Lo"]
    artifacts = Publication.objects.get(title__startswith="Artifacts that Organize")  # Chicago
    assert authors(artifacts) == ["David Ribes", "Steve Jackson", "R. Stuart Geiger", "Matt C. Burton", "Tom Finholt"]
    documentation = Publication.objects.get(title__startswith="The Types, Roles, and Practices of Documentation")
    assert authors(documentation) == ["R. Stuart Geiger", "N. Varoquaux", "C. Mazel-Cabasse", "C. Holdgraf"]
    # "Geiger, R.S.", "Geiger, R. Stuart", "R. Stuart Geiger": the owner each time, never a person of their own.
    assert Person.objects.filter(family_name="Geiger").count() == 1
    assert all(p.authorships.filter(person=owner).exists() for p in Publication.objects.all())
    assert not Person.objects.filter(given_names__startswith="and ").exists()
    assert not Person.objects.filter(family_name__regex=r"^([A-Z]\.\s*)+$").exists()  # no one made of initials


def test_files_under_files_are_copied_and_missing_ones_reported(staeiou, media_root):
    bots = Publication.objects.get(title="The Lives of Bots")
    (kind, url), *_ = links(bots)  # paperurl: /files/lives-of-bots-wikipedia-cpov.pdf
    assert kind == "pdf" and url.startswith("/media/files/") and url.endswith(".pdf")
    stored = media_root / url.removeprefix("/media/")
    assert stored.read_bytes() == (site("staeiou") / "files" / "lives-of-bots-wikipedia-cpov.pdf").read_bytes()
    assert (
        "2013-02-23-cscw-edit-sessions.md: /files/cscw-sessions.pdf is not in the site's folder; the link is left "
        "out." in staeiou.notes
    )


def test_talks_keep_their_type_and_unpublished_ones_are_left_out(staeiou):
    assert Talk.objects.count() == 88  # 89 files, one with published: false
    assert not Talk.objects.filter(title__icontains="bots fighting").exists()
    assert set(Talk.objects.values_list("talk_type", flat=True)) >= {"Keynote", "Panelist", "Guest lecture"}


def test_a_courses_term_comes_from_its_title(staeiou):
    course = Course.objects.get(name="INFO-103: History of Information (Spring 2014)")
    assert (course.season, course.year, course.institution) == (
        Course.Season.SPRING,
        2014,
        "UC-Berkeley School of Information",
    )


def test_running_it_again_changes_nothing(staeiou, capsys):
    before = snapshot()
    call_command("import_academicpages", str(site("staeiou")))
    assert snapshot() == before
    assert "publications: 0 added, 35 already here" in capsys.readouterr().out


def test_an_authors_field_and_a_body_with_its_links(db, media_root):
    import_academicpages(site("tpimentelms"))
    paper = Publication.objects.get(title="A Cross-Linguistic Pressure for Uniform Information Density in Word Order")
    # authors: "Thomas Hikaru Clark, Clara Meister, <b>Tiago Pimentel</b>, …"
    assert authors(paper)[:3] == ["Thomas Hikaru Clark", "Clara Meister", "Tiago Pimentel"]
    assert paper.authorships.get(position=3).person == Person.objects.owner()
    assert ("paper", "https://aclanthology.org/2023.tacl-1.59/") in links(paper)
    assert paper.abstract.startswith("While natural languages differ widely")  # "Find paper here" and the BibTeX go
    assert "@article" not in paper.abstract and "Find paper here" not in paper.abstract


def test_the_body_is_the_abstract_without_the_boilerplate(db, media_root):
    import_academicpages(site("pinshuai"))
    tidal = Publication.objects.get(title__startswith="The Impact of the Degree of Aquifer Confinement")
    assert tidal.abstract.startswith("Oceanic tidal fluctuations")  # "Abstract: " gone
    assert "Download paper here" not in tidal.abstract and "Recommended citation" not in tidal.abstract
    assert authors(tidal)[0] == "Pin Shuai"  # '\ufeffShuai, P., … &amp; Cardenas, M. B.': the owner, invisible BOM
    assert authors(tidal)[-1] == "M. B. Cardenas"
    Publication.objects.all().delete()
    import_academicpages(site("antonior92"))
    ifac = Publication.objects.get(title__startswith="Selecting Transients Automatically")
    # Both an excerpt and a body: the body wins, its "**Abstract: …**" unwrapped, its link kept.
    assert ifac.abstract.startswith("This paper proposes a procedure") and "**" not in ifac.abstract
    assert ("paper", "http://www.sciencedirect.com/science/article/pii/S2405896315008915") in links(ifac)


def test_the_templates_own_citation_is_one_person(db, media_root):
    import_academicpages(site("template"))
    paper = Publication.objects.get(title="Paper Title Number 1")  # 'Your Name, You. (2009).'
    assert [(a.person.given_names, a.person.family_name) for a in paper.authorships.all()] == [("You", "Your Name")]


def test_a_config_with_tabs_and_citations_that_name_only_the_venue(db, media_root):
    import_academicpages(site("ChandlerLutz"))  # "code\t\t :" in _config.yml, which Jekyll takes
    profile = Profile.objects.get()
    assert profile.headline == "Associate Professor, Department of Finance, UNC Charlotte"
    banks = Publication.objects.get(title__startswith="Systematically Important Banks")
    assert authors(banks) == ["Chandler Lutz"]  # citation: '<b>Economics Letters</b>, 2016'
    assert banks.doi == "10.1016/j.econlet.2015.11.034"


@pytest.mark.parametrize(
    ("citation", "expected"),
    [
        ("Lovelace, A. Augusta and Babbage, Charles. (2013). “Notes.”", ["A. Augusta Lovelace", "Charles Babbage"]),
        ("Grace Hopper, and Alan Turing. Computing machinery.", ["Grace Hopper", "Alan Turing"]),
        ("Your Name, You. (2009). &quot;Paper Title Number 1.&quot;", ["You Your Name"]),
        ("Kim, S.*, Gholami, A.*, & Yao, Z. (2022).", ["S. Kim", "A. Gholami", "Z. Yao"]),
    ],
)
def test_author_strings_from_the_issue(citation, expected):
    """The cases the move-in issue names, as written there."""
    assert [a.name for a in parse_authors(citation)] == expected


# ---------------------------------------------------------------------------------------------- safety
def copy_of(name, tmp_path):
    target = tmp_path / name
    shutil.copytree(site(name), target)
    return target


def test_paths_outside_the_site_are_refused(db, tmp_path, media_root):
    root = copy_of("pinshuai", tmp_path)
    secret = tmp_path / "vita.env"
    secret.write_text("DJANGO_SECRET_KEY=do-not-publish-me\n")
    (root / "_pages" / "about.md").unlink()
    (root / "_pages" / "about.md").symlink_to(secret)
    config = (
        (root / "_config.yml")
        .read_text()
        .replace('avatar           : "profile.jpg"', 'avatar           : "../../../profile.jpg"')
    )
    (root / "_config.yml").write_text(config)
    shutil.copy(root / "images" / "profile.jpg", tmp_path / "profile.jpg")
    report = import_academicpages(root)
    profile = Profile.objects.get()
    assert "do-not-publish-me" not in profile.bio and not profile.photo
    assert "The avatar ../../../profile.jpg is outside the site's folder; no photo was set." in report.notes


def test_an_alias_bomb_and_broken_front_matter_import_nothing(db, tmp_path):
    root = copy_of("pinshuai", tmp_path)
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20)
    )
    (root / "_publications" / "bomb.md").write_text(f"---\n{bomb}title: x\n---\nbody\n")
    before = snapshot()
    with pytest.raises(CommandError, match="more than 100 aliases"):
        call_command("import_academicpages", str(root))
    assert snapshot() == before
    (root / "_publications" / "bomb.md").write_text("---\ntitle: [unclosed\n---\n")
    with pytest.raises(SiteError, match=r"bomb\.md: this is not valid YAML"):
        import_academicpages(root)


def test_a_folder_that_is_not_a_site_is_refused(db, tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(CommandError, match="does not look like an academicpages site"):
        call_command("import_academicpages", str(tmp_path))


# ---------------------------------------------------------------------------------------------- posts, portfolio, CV
def test_posts_come_in_as_blog_posts_with_tags_and_their_old_addresses(db, client, media_root):
    from posts.models import Post

    report = import_academicpages(site("antonior92"))
    assert Post.objects.count() == 7 and report.created["posts"] == 7
    post = Post.objects.get(slug="projected-cg")
    assert post.title == "Projected Conjugate Gradient" and str(post.date) == "2017-06-08" and post.is_public
    assert post.old_path == "/posts/2017/05/projected-CG/"
    assert "Optimization" in set(post.tags.values_list("name", flat=True))
    assert "equality-constrained quadratic programming" in post.body
    response = client.get("/posts/2017/05/projected-CG/")
    assert response.status_code == 301 and response["Location"] == "/blog/2017/projected-cg/"
    again = import_academicpages(site("antonior92"))
    assert again.created.get("posts", 0) == 0 and Post.objects.count() == 7


def test_the_templates_sample_posts_portfolio_and_cv_are_left_out(db, media_root):
    from cv.models import CVEntry
    from posts.models import Post
    from projects.models import Project

    report = import_academicpages(site("template"))
    assert not Post.objects.exists() and not Project.objects.exists() and not CVEntry.objects.exists()
    notes = " ".join(report.notes)
    assert "the template's sample post “Blog Post number 1”" in notes
    assert "_data/cv.json is the template's sample CV" in notes and "_pages/cv.md is the template's sample CV" in notes


def test_portfolio_items_come_in_as_projects_with_their_links(staeiou):
    from projects.models import Project

    project = Project.objects.get(slug="academicpages")
    assert project.title == "AcademicPages" and project.summary.startswith("AcademicPages is a ready-to-fork")
    assert [(link.kind, link.url) for link in project.links.all()] == [("project", "http://academicpages.github.io")]
    assert Project.objects.count() == 10


def test_a_cv_page_in_markdown_becomes_cv_sections(db, media_root):
    from cv.models import CVEntry, CVSection

    import_academicpages(site("pinshuai"))
    assert [(s.name, s.kind) for s in CVSection.objects.order_by("order")] == [
        ("Education", "education"),
        ("Work Experience", "positions"),
    ]
    phd = CVEntry.objects.get(title="Ph.D in Geology")
    assert (phd.organisation, phd.start_year) == ("Texas A&M University", 2017)
    assert "Disertation: Fate and Transport of Nutrients" in phd.description
    scientist = CVEntry.objects.get(title="Earth Scientist")
    assert scientist.organisation == "Pacific Northwest National Laboratory" and scientist.ongoing
    assert (scientist.start_year, scientist.end_year) == (2020, None)


def test_a_cv_page_in_html_becomes_cv_sections(db, media_root):
    from cv.models import CVEntry

    import_academicpages(site("tpimentelms"))
    phd = CVEntry.objects.get(title="PhD in Computer Science")
    assert (phd.organisation, phd.start_year, phd.end_year) == ("University of Cambridge", 2019, 2023)
    assert phd.description.startswith("Advisors: Simone Teufel & Ryan Cotterell.")
    award = CVEntry.objects.get(title="Best paper award")
    assert (award.section.kind, award.organisation, award.start_year) == ("awards", "ACL", 2024)
    postdoc = CVEntry.objects.get(title="Postdoctoral Researcher")
    assert postdoc.organisation == "ETH Zürich" and postdoc.ongoing
