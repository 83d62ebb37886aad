"""Which public pages show what. Each content app declares, in its AppConfig.ready(), the pages it owns and where its
objects appear; publishing (the `publishing` app) reads this registry to know what to render again when something
changes, and names no content model itself.

Three kinds of declaration:

- `site_page(url_name, shows=…, hides=…, document=False)`: a page of which there is one (the homepage, a feed, the
  sitemap) and the models it shows; None means every content model but those it `hides`. A `document` (the CV's
  PDF) is slow to make: it is made by a worker of its own and replaced when it is ready, not removed at the
  change, so that the pages are never held up behind it.
- `object_pages(model, paths, render=None, path_fields=())`: the pages each public object has (a publication's page
  and its .bib; `path_fields`: the fields `paths` reads);
  `paths(obj)` gives their addresses, and the model's `objects.public()` the objects that have pages.
  `render(queryset)`, when given, yields (path, body) for all their pages at once, faster than a view a page.
- `appears_on(model, kind, via, fields=…, via_many=…)`: objects of `model` are shown on the pages of `kind`'s objects
  that `via(obj)` names (ids, or ALL). With `fields`, only a change to one of those fields counts. `via_many(objs)`,
  if given, names them for many objects in one query (a bulk change of thousands of rows).

`content(model)` marks a model whose changes matter only to site pages (a course is only on the homepage).

A site page may have several addresses (`paths`: the blog's second, third, … page, all under `family`). What every
page shows (the site's navigation) comes from `chrome(provider)`: `provider()` gives it as plain data, and a change
that alters it touches every page. `redirects(provider)` gives (old address, new address) pairs, for static copies.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

ALL = "all"


def label(model):
    return model._meta.label_lower


@dataclass(frozen=True)
class SitePage:
    url_name: str
    shows: frozenset | None  # model labels; None: all content but `hides`
    hides: frozenset = frozenset()
    document: bool = False
    paths: Any = None  # () -> [address, …], when the page has more than its URL name's own
    family: str = ""  # the prefix all of those addresses share (so that ones no longer made can be found)

    def shows_model(self, model_label):
        return model_label in self.shows if self.shows is not None else model_label not in self.hides


@dataclass(frozen=True)
class ObjectPages:
    model: Any
    paths: Any  # obj -> [address, …]
    render: Any = None  # queryset -> iterable of (path, body)
    path_fields: tuple = ()  # the fields `paths` reads, if few: thousands of objects' addresses load only those


@dataclass(frozen=True)
class Appearance:
    kind: str  # the label of the model whose pages show it
    via: Any  # obj -> iterable of ids of `kind`, or ALL
    fields: frozenset | None
    via_many: Any = None  # [obj, …] -> the same for many objects at once, in one query (a bulk change)


class PageRegistry:
    def __init__(self):
        self.site_pages = {}
        self.kinds = {}
        self.appearances = defaultdict(list)
        self.models = {}
        self.chrome_providers = []
        self.redirect_providers = []

    def chrome(self, provider):
        self.chrome_providers.append(provider)

    def chrome_context(self):
        """What every page shows besides its content (the navigation), as plain data."""
        context = {}
        for provider in self.chrome_providers:
            context.update(provider())
        return context

    def redirects(self, provider):
        self.redirect_providers.append(provider)

    def all_redirects(self):
        return [pair for provider in self.redirect_providers for pair in provider()]

    def content(self, *models):
        for model in models:
            self.models[label(model)] = model

    def site_page(self, url_name, *, shows=None, hides=(), document=False, paths=None, family=""):
        labels = None if shows is None else frozenset(label(model) for model in shows)
        hidden = frozenset(label(model) for model in hides)
        self.site_pages[url_name] = SitePage(url_name, labels, hidden, document, paths, family)
        self.content(*(shows or ()), *hides)

    def object_pages(self, model, *, paths, render=None, path_fields=()):
        self.kinds[label(model)] = ObjectPages(model, paths, render, tuple(path_fields))
        self.appears_on(model, model, lambda obj: [obj.pk])

    def appears_on(self, model, kind, via, *, fields=None, via_many=None):
        self.content(model)
        appearance = Appearance(label(kind), via, frozenset(fields) if fields else None, via_many)
        self.appearances[label(model)].append(appearance)

    def watches(self, model):
        return label(model) in self.models


pages = PageRegistry()
