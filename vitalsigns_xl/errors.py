"""The one kind of error an officer can act on.

Every problem the program expects (a wrong extract, a moved folder, a refused address) is a
``VitalSignsError`` whose message says what is wrong and what to do, so the command line and
the Excel button can show it as it is, and treat anything else as a fault to report. It is
its own module so that the front doors can catch it without importing the jobs.
"""


class VitalSignsError(Exception):
    """A problem in what the officer gave or asked for; the message is written for them."""
