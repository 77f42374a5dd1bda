"""Where the files shipped with the package are: found through importlib.resources, never beside the source.

The catalogue, the commentary wording and the VBA modules are edited at the top of the
repository (``workbook_templates/``, ``macros/``) and installed as the data packages
``vitalsigns_xl.workbook_templates`` and ``vitalsigns_xl.macros`` (pyproject.toml maps them).
Asking the import system for them finds the same files in a checkout with an editable install
and in an installed wheel, so there is one copy and no path arithmetic that only works in a checkout.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

TEMPLATES_PACKAGE = "vitalsigns_xl.workbook_templates"
MACROS_PACKAGE = "vitalsigns_xl.macros"


class PackageDataError(RuntimeError):
    """The installed package lacks its data: the install is broken or out of date."""


def package_folder(package: str) -> Path:
    """The folder of a data package on disk (pip always installs packages as plain files)."""
    try:
        folder = resources.files(package)
    except ModuleNotFoundError:
        raise PackageDataError(
            f"{package} is not installed with vitalsigns_xl. Reinstall the package "
            "(in a checkout: pip install -e .) so that its catalogue and macros are found."
        ) from None
    return Path(str(folder))


def templates_folder() -> Path:
    """``workbook_templates/``: the catalogue and sentence templates."""
    return package_folder(TEMPLATES_PACKAGE)


def macros_folder() -> Path:
    """``macros/``: the VBA modules of the officer's workbook."""
    return package_folder(MACROS_PACKAGE)
