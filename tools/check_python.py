"""Is this Python one the project supports, and is the environment it runs in still usable here?

The Makefile runs it before it trusts or makes .venv/. It reads the supported versions from
pyproject.toml's requires-python, so they are stated once. Written for any Python 3.6 or later, since its
job is to say clearly when the Python at hand is too old or too new.

    python tools/check_python.py                 # this Python is supported (else says which are)
    .venv/bin/python tools/check_python.py --venv-of DIR VENV
        # ... and VENV is usable for the clone in DIR: it has pip, its last install finished
        # (the stamp names VENV's own path, so a copy from another clone does not pass), and it
        # imports vitalsigns_xl from DIR. Prints the reason and exits 1 when it is not.
"""

import importlib.util
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STAMP = ".installed-stamp"


def supported_range():
    """(lowest, first unsupported) minor versions from requires-python, e.g. ((3, 11), (3, 14))."""
    with open(os.path.join(ROOT, "pyproject.toml"), encoding="utf-8") as handle:
        text = handle.read()
    found = re.search(r'requires-python\s*=\s*">=\s*(\d+)\.(\d+)\s*,\s*<\s*(\d+)\.(\d+)"', text)
    if not found:
        sys.exit('tools/check_python.py: pyproject.toml\'s requires-python is not of the form ">=3.X,<3.Y"')
    a, b, c, d = (int(n) for n in found.groups())
    return (a, b), (c, d)


def unsupported():
    """Why this Python will not do, or None."""
    low, high = supported_range()
    here = sys.version_info[:2]
    if low <= here < high:
        return None
    versions = [f"3.{minor}" for minor in range(low[1], high[1])]
    names = ", ".join(versions[:-1]) + " or " + versions[-1] if len(versions) > 1 else versions[0]
    return (
        f"vitalsigns_xl needs Python {names}; {sys.executable} is Python {here[0]}.{here[1]}.\n"
        f"Install one of those and name it, for example: make PYTHON=python3.{high[1] - 1} run"
    )


def unusable_venv(folder, venv):
    """Why the environment this Python runs in cannot be used for the clone in ``folder``, or None."""
    reason = unsupported()
    if reason:
        return reason.splitlines()[0]
    if importlib.util.find_spec("pip") is None:
        return "it has no pip"
    stamp = os.path.join(venv, STAMP)
    if not os.path.exists(stamp):
        return "its last install did not finish"
    with open(stamp, encoding="utf-8") as handle:
        made_at = handle.read().strip()
    if made_at != os.path.realpath(venv):
        return "it was made at {}, not here".format(made_at or "another place")
    spec = importlib.util.find_spec("vitalsigns_xl")
    where = os.path.dirname(os.path.dirname(spec.origin)) if spec and spec.origin else None
    if where is None or os.path.realpath(where) != os.path.realpath(folder):
        return f"vitalsigns_xl is not installed in it from {folder}"
    return None


def main(args):
    if args[:1] == ["--venv-of"] and len(args) == 3:
        reason = unusable_venv(args[1], args[2])
    elif not args:
        reason = unsupported()
    else:
        reason = "usage: check_python.py [--venv-of FOLDER VENV]"
    if reason:
        sys.exit(reason)


if __name__ == "__main__":
    main(sys.argv[1:])
