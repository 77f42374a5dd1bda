"""The package list, which pyproject.toml cannot express: every code package found under
vitalsigns_xl/, plus the data packages that live at the top of the repository (see
[tool.setuptools.package-dir] in pyproject.toml), each folder of YAML one package so that setuptools
installs it without warning. Everything else is in pyproject.toml."""

from setuptools import find_packages, setup

DATA_PACKAGES = [
    "vitalsigns_xl.workbook_templates",
    "vitalsigns_xl.workbook_templates.library",
    "vitalsigns_xl.workbook_templates.reports",
    "vitalsigns_xl.macros",
]

setup(packages=find_packages(include=["vitalsigns_xl", "vitalsigns_xl.*"]) + DATA_PACKAGES)
