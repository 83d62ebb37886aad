"""YAML read safely: the safe loader (no objects), a size limit, and few aliases (an alias bomb, "billion laughs",
expands exponentially and is refused). Jekyll's and RenderCV's files are read with it."""

import re

import yaml

MAX_ALIASES = 100


class UnreadableYAML(ValueError):
    """The text is not YAML this reads; the message says where and why."""


class _LimitedLoader(yaml.SafeLoader):
    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self.aliases = getattr(self, "aliases", 0) + 1
            if self.aliases > MAX_ALIASES:
                raise UnreadableYAML(f"the YAML uses more than {MAX_ALIASES} aliases; it is refused as unsafe")
        return super().compose_node(parent, index)


def load(text, where, max_size=1024 * 1024):
    if len(text) > max_size:
        raise UnreadableYAML(f"{where}: the YAML is larger than {max_size // 1024} KB.")
    try:
        return yaml.load(text, Loader=_LimitedLoader)  # noqa: S506 (a SafeLoader subclass)
    except UnreadableYAML as error:
        raise UnreadableYAML(f"{where}: {error}") from error
    except yaml.YAMLError as error:
        # Jekyll's YAML (libyaml, through Ruby) takes a tab between a key and its colon ("code\t\t :"); PyYAML
        # does not. Such tabs become spaces; indentation is left as it is.
        relaxed = re.sub(r"(?<=\S)\t+", " ", text)
        if relaxed != text:
            return load(relaxed, where, max_size)
        raise UnreadableYAML(f"{where}: this is not valid YAML ({str(error).splitlines()[0]}).") from error
