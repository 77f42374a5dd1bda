"""The jobs the front doors run: build, refresh, commentary, board-pack and email, one module each.

The command line and the Refresh button in Excel both call these, so a workbook refreshed
either way is the same file. Every job starts from one ``Inputs`` (catalogue, extracts, report
model, sentence templates and report settings), read and checked before anything is written,
and writes last, atomically: if anything is wrong, the file on disk is exactly as it was.

Nothing is imported here, so that ``vitalsigns --help`` does not pay for the jobs it does not run.
"""
