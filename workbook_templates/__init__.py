"""The measure library (library/), the reports built from it (reports/), the sources cited
(sources.yaml) and the commentary wording (commentary.yaml).

Edit the YAML files here. This folder is installed inside the package as
``vitalsigns_xl.workbook_templates`` (see pyproject.toml), which is how the code finds it.
"""
