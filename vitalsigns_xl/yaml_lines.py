"""YAML read with the line of every mapping and list item, so errors can name the line.

A council edits its report file by hand; "report.yaml, line 42: unknown measure id" is
something they can act on, where a path of keys through the document is not. The loader
is PyYAML's safe loader, recording the marks its parser already has.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import yaml


class LineDict(dict[Any, Any]):
    """A mapping that remembers the line it starts on and the line of each of its keys."""

    line: int
    key_lines: dict[Any, int]


class LineList(list[Any]):
    """A list that remembers the line it starts on and the line of each of its items."""

    line: int
    item_lines: list[int]


_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser, where installed, is much faster


class _LineLoader(_SafeLoader):  # type: ignore[misc,valid-type]
    def construct_yaml_map(self, node: yaml.MappingNode) -> Any:
        data = LineDict()
        data.line = node.start_mark.line + 1
        data.key_lines = {}
        yield data
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, Hashable):
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark, "found an unhashable key", key_node.start_mark
                )
            if key in data:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark, f"found the key '{key}' twice", key_node.start_mark
                )
            data[key] = self.construct_object(value_node, deep=True)
            data.key_lines[key] = key_node.start_mark.line + 1

    def construct_yaml_seq(self, node: yaml.SequenceNode) -> Any:
        data = LineList()
        data.line = node.start_mark.line + 1
        data.item_lines = [child.start_mark.line + 1 for child in node.value]
        yield data
        data.extend(self.construct_object(child, deep=True) for child in node.value)


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_yaml_map)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _LineLoader.construct_yaml_seq)


def load_with_lines(text: str) -> Any:
    """Parse YAML text; mappings become LineDict and lists LineList (plain values otherwise)."""
    return yaml.load(text, Loader=_LineLoader)


def line_of(raw: Any, loc: Sequence[int | str]) -> int | None:
    """The line of the deepest node along a pydantic error location, or None if none is known."""
    line: int | None = getattr(raw, "line", None)
    node = raw
    for step in loc:
        if isinstance(node, LineDict) and step in node:
            line = node.key_lines.get(step, line)
            node = node[step]
        elif isinstance(node, LineList) and isinstance(step, int) and 0 <= step < len(node):
            line = node.item_lines[step]
            node = node[step]
        else:
            break
    return line


def plain(data: Any) -> Any:
    """The same data as ordinary dicts and lists, for hashing or writing back out."""
    if isinstance(data, dict):
        return {key: plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [plain(item) for item in data]
    return data
