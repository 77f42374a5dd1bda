"""The package list, which pyproject.toml cannot express: every code package found under
vitalsigns_xl/, plus the two data packages that live at the top of the repository (see
[tool.setuptools.package-dir] in pyproject.toml). Everything else is in pyproject.toml."""

from setuptools import find_packages, setup

DATA_PACKAGES = ["vitalsigns_xl.workbook_templates", "vitalsigns_xl.macros"]

setup(packages=find_packages(include=["vitalsigns_xl", "vitalsigns_xl.*"]) + DATA_PACKAGES)
