"""The VBA modules of the officer's .xlsm, as .bas files.

Edit them here. This folder is installed inside the package as ``vitalsigns_xl.macros``
(see pyproject.toml), which is how the code finds it.
"""
