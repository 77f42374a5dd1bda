"""Reading a YAML file an officer edits, with messages that say where the mistake is and how to fix it.

PyYAML's own messages quote its parser's internals and pydantic's end in a documentation link;
an officer needs the file, the line and what was expected. Only plain YAML is read (``safe_load``:
a ``!!python`` tag is refused), and a file that repeats anchors many times over (a "billion laughs"
file that would take the machine's memory) is refused before it is expanded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

MAX_BYTES = 1_000_000  # a settings or report file is a few kilobytes
MAX_VALUES = 100_000  # values once every reference (*name) is written out; a real file has hundreds


class YamlProblem(ValueError):
    """The file cannot be read as YAML; the message names the file and, where known, the line."""


def read_yaml(path: Path) -> Any:
    """The file's content as plain YAML, or YamlProblem saying what is wrong and where."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise YamlProblem(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_BYTES:
        raise YamlProblem(f"{path.name}: is {len(data):,} bytes; a file of settings is far smaller. Is it the right file?")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlProblem(
            f"{path.name}, line {line}: is not UTF-8 text; save it as UTF-8 (in Notepad: Save as, Encoding UTF-8)"
        ) from None
    try:
        content = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        raise YamlProblem(_located(path, exc)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"{path.name}: is not valid YAML ({exc})") from None
    if _expands_beyond(content, MAX_VALUES):
        raise YamlProblem(
            f"{path.name}: repeats earlier entries by reference (&name, *name) so often that it would not fit in memory"
        )
    return content


def _expands_beyond(content: Any, limit: int) -> bool:
    """Whether the content, with every reference written out, holds more than ``limit`` values.

    PyYAML shares one object for every ``*name``, so the file loads in little memory; it is
    anything that walks it (validation, printing) that would expand it. Counted without expanding.
    """
    sizes: dict[int, int] = {}

    def size(value: Any) -> int:
        if not isinstance(value, dict | list):
            return 1
        if id(value) not in sizes:
            sizes[id(value)] = limit + 1  # a reference to itself is endless
            children = list(value.values()) if isinstance(value, dict) else value
            sizes[id(value)] = min(limit + 1, 1 + sum(size(child) for child in children))
        return sizes[id(value)]

    return size(content) > limit


def _located(path: Path, exc: yaml.MarkedYAMLError) -> str:
    """The file, line and column of a syntax error, with what the parser expected there."""
    mark = exc.problem_mark or exc.context_mark
    where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    what = exc.problem or exc.context or "is not valid YAML"
    if exc.context and exc.context_mark and exc.problem:
        what += f" ({exc.context} at line {exc.context_mark.line + 1})"
    what = f"is not valid YAML: {what}"
    if "constructor for the tag" in what:
        what = "uses a tag (!!…) that is not allowed; write plain values"
    return f"{path.name}{where}: {what}"


def explain(path: Path, error: ValidationError) -> list[str]:
    """pydantic's findings as one line each: the file, the key, and what was expected (no documentation links)."""
    lines = []
    for found in error.errors():
        key = ".".join(str(part) for part in found["loc"]) or "the file"
        if found["type"] == "extra_forbidden":
            lines.append(f"{path.name}: '{key}' is not a setting this file can hold (misspelt?)")
        elif found["type"] == "model_type":
            lines.append(f"{path.name}: expected settings as 'name: value' lines, found {type(found['input']).__name__}")
        else:
            lines.append(f"{path.name}: {key}: {found['msg'].removeprefix('Value error, ')}")
    return lines
