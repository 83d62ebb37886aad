"""One page of each kind the rest of a site has (news, a project with an image and two papers, a post with code and
math, a tag, a page of the owner's), added to the demo the way an owner would: for the judges (tests/test_judges.py),
which run it with `manage.py shell` on the real stack."""

import datetime

from django.core.files import File

from news.models import NewsItem
from pages.models import Page
from posts.models import Post, Tag
from projects.models import Project
from publications.models import Publication

POST = """The Newton step is $x - H^{-1} g$, in one dimension:

```python
def step(x, g, h):
    return x - g / h  # curvature scales the step
```
"""


def add(picture):
    NewsItem.objects.create(
        date=datetime.date(2026, 1, 20),
        text="Our paper was accepted at **ICML 2026**.",
        body="The camera-ready version is out, with code.",
        slug="icml-2026",
    )
    NewsItem.objects.create(date=datetime.date(2025, 11, 3), text="Invited talk at the Simons Institute.")
    project = Project(
        title="Hessian-aware training",
        slug="hessian-aware-training",
        summary="Second-order information for faster, smaller models.",
        image_alt="A loss landscape",
        body="We use **curvature** to guide quantisation and pruning: $H = \\nabla^2 L$.",
    )
    with open(picture, "rb") as handle:
        project.image = File(handle, name="project.jpg")
        project.save()
    papers = Publication.objects.filter(title__startswith="PyHessian") | Publication.objects.filter(
        title__startswith="Hessian-Aware Pruning"
    )
    project.publications.set(papers)
    tag = Tag.objects.create(name="Optimisation", slug="optimisation")
    post = Post.objects.create(
        title="Why curvature helps",
        slug="why-curvature-helps",
        date=datetime.date(2026, 1, 5),
        summary="A short note on second-order methods.",
        body=POST,
        is_public=True,
    )
    post.tags.add(tag)
    Page.objects.create(title="Group", path="group", body="We are a group of **five** researchers.\n\n- Alice\n- Bob")
