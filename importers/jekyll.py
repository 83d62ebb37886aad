"""A Jekyll site's folder, as the site importers (academicpages, al-folio) read it.

Every path is confined to the site's folder, symlinks resolved: a `_pages/about.md` that links to
/etc/vita/vita.env, or an avatar "../../secret.jpg", is refused, never read. Front matter is YAML read safely, with
a size limit and no alias expansion beyond a few (a "billion laughs" file is refused). Liquid is stripped.
"""

import html
import re
from pathlib import Path

import nh3
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage

from core import safe_yaml
from core.reports import Report  # noqa: F401 (the site importers' report)
from core.uploads import RandomName, inspect_image, validate_pdf

MAX_FRONT_MATTER = 256 * 1024
MAX_FILE = 20 * 1024 * 1024
_LIQUID = re.compile(r"\{%-?.*?-?%\}|\{\{-?.*?-?\}\}", re.DOTALL)
_FRONT = re.compile(r"^---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|$)(.*)", re.DOTALL)


class SiteError(Exception):
    """The site cannot be imported at all; nothing was written."""


def load_yaml(text, where):
    try:
        return safe_yaml.load(text, where, max_size=MAX_FRONT_MATTER * 4)
    except safe_yaml.UnreadableYAML as error:
        raise SiteError(str(error)) from error


class Site:
    def __init__(self, root):
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise SiteError(f"{root} is not a folder.")

    def path(self, relative):
        """The file at a path inside the site (leading "/" means the site's root), or None when it would be outside
        the site (.., an absolute path elsewhere, a symlink that leads out)."""
        relative = str(relative or "").strip()
        if not relative or "\x00" in relative:
            return None
        candidate = (self.root / relative.lstrip("/")).resolve()
        if candidate != self.root and self.root not in candidate.parents:
            return None
        return candidate

    def files(self, folder, pattern="*.md"):
        folder = self.path(folder)
        if folder is None or not folder.is_dir():
            return []
        return sorted(
            path
            for path in folder.glob(pattern)
            if self.path(path.relative_to(self.root)) == path.resolve()
            and path.is_file()
            and not path.name.startswith(".")
        )

    def text(self, relative):
        path = self.path(relative) if not isinstance(relative, Path) else self.path(relative.relative_to(self.root))
        if path is None:
            raise SiteError(f"{relative} is outside the site's folder; it is not read.")
        if path.stat().st_size > MAX_FILE:
            raise SiteError(f"{relative} is larger than {MAX_FILE // 1024 // 1024} MB.")
        return path.read_text(encoding="utf-8-sig", errors="replace")

    def config(self, name="_config.yml"):
        path = self.path(name)
        if path is None or not path.is_file():
            return {}
        data = load_yaml(self.text(name), name)
        return data if isinstance(data, dict) else {}

    def markdown(self, path):
        """(front matter as a dict, body) of a Markdown file; a file without front matter is all body."""
        text = self.text(path)
        match = _FRONT.match(text)
        if not match:
            return {}, text.strip()
        where = str(path.relative_to(self.root)) if isinstance(path, Path) else str(path)
        if len(match.group(1)) > MAX_FRONT_MATTER:
            raise SiteError(f"{where}: the front matter is larger than {MAX_FRONT_MATTER // 1024} KB.")
        front = load_yaml(match.group(1), where) or {}
        if not isinstance(front, dict):
            raise SiteError(f"{where}: the front matter is not a set of fields.")
        return front, match.group(2).strip()

    def copy_file(self, relative, folder):
        """Copy a file of the site (a paper's PDF, an image) into the media storage, checked for what it is.
        (storage name, None) or (None, why not)."""
        path = self.path(relative)
        if path is None:
            return None, f"{relative} is outside the site's folder"
        if not path.is_file():
            return None, f"{relative} is not in the site's folder"
        if path.stat().st_size > MAX_FILE:
            return None, f"{relative} is larger than {MAX_FILE // 1024 // 1024} MB"
        with path.open("rb") as handle:
            upload = File(handle, name=path.name)
            suffix = path.suffix.lower()
            try:
                if suffix == ".pdf":
                    validate_pdf(upload)
                elif suffix in (".jpg", ".jpeg", ".png", ".webp", ".gif"):
                    inspect_image(upload)
                elif suffix not in (".bib", ".txt"):
                    return None, f"{relative} is not a PDF, an image or a text file, so it is not copied"
            except ValidationError as error:
                return None, f"{relative}: {' '.join(error.messages)}"
            name = default_storage.save(RandomName(folder)(None, path.name), upload)
        return name, None


def strip_liquid(text):
    """Jekyll's Liquid tags and outputs ({% include base_path %}, {{ site.url }}) removed."""
    return _LIQUID.sub("", text or "")


def plain(value):
    """A front-matter value as one line of text: entities decoded, tags and Liquid gone, line breaks (<br>) become
    commas."""
    text = re.sub(r"(?:\s*<br\s*/?>\s*)+", ", ", strip_liquid(html.unescape(str(value if value is not None else ""))))
    text = nh3.clean(text, tags=set())
    return re.sub(r"\s+", " ", html.unescape(text).replace("\ufeff", "")).strip(" ,")
