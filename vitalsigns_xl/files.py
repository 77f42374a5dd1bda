"""Writing output files so that a failure never leaves a half-written or lost file.

Every file the tool writes goes to a temporary file beside its target and is renamed into
place only when complete. A refresh also copies the previous file to ``backups/`` first.
Operating-system errors are turned into sentences an officer can act on.
"""

from __future__ import annotations

import contextlib
import errno
import filecmp
import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from vitalsigns_xl.errors import VitalSignsError

BACKUPS_KEPT = 10


class WriteError(VitalSignsError, OSError):
    """An output could not be written; the message says why and what to do."""


def explain(exc: OSError, path: Path) -> str:
    """What went wrong writing ``path``, in words, with what to do about it."""
    if exc.errno == errno.ENOSPC:
        return f"The disk is full, so {path.name} could not be written. Free some space in {path.parent} and try again."
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EBUSY):
        return (
            f"{path.name} could not be replaced ({exc.strerror or exc}). If it is open in Excel, close it and try again; "
            f"otherwise check that you may write to {path.parent}."
        )
    return f"{path.name} could not be written: {exc.strerror or exc}."


def backup_path(path: Path, when: datetime) -> Path:
    return path.parent / "backups" / f"{path.stem} {when:%Y-%m-%d %H%M%S}{path.suffix}"


def _prune(folder: Path, stem: str, suffix: str) -> None:
    """Keep the newest BACKUPS_KEPT backups of one file (their names sort by time)."""
    backups = sorted(folder.glob(f"{stem} ????-??-?? ??????{suffix}"))
    for old in backups[:-BACKUPS_KEPT]:
        with contextlib.suppress(OSError):
            old.unlink()


def keep_backup(path: Path, when: datetime) -> Path:
    """Copy ``path`` into ``backups/`` beside it (the newest ten are kept), unless the newest backup already
    holds exactly these bytes; OSError if it cannot.

    The copy is made under a temporary name and renamed when complete, so a full disk never
    leaves a truncated file among the backups an officer would restore from.
    """
    folder = path.parent / "backups"
    folder.mkdir(exist_ok=True)
    existing = sorted(folder.glob(f"{path.stem} ????-??-?? ??????{path.suffix}"))
    if existing and filecmp.cmp(existing[-1], path, shallow=False):
        return existing[-1]
    backup = backup_path(path, when)
    partial = folder / f".{backup.name}.partial"
    try:
        shutil.copy2(path, partial)
        os.replace(partial, backup)
    finally:
        partial.unlink(missing_ok=True)
    _prune(folder, path.stem, path.suffix)
    return backup


def _usual_permissions(temporary: Path, path: Path) -> None:
    """A temporary file is private; the finished one gets the old file's permissions, or the usual ones."""
    if path.exists():
        shutil.copymode(path, temporary)
    else:
        mask = os.umask(0)
        os.umask(mask)
        temporary.chmod(0o666 & ~mask)


def write_atomically(path: Path, write: Callable[[Path], object], backup_at: datetime | None = None) -> Path | None:
    """Call ``write`` on a temporary file beside ``path``, then rename it over ``path``.

    With ``backup_at``, the existing file is first copied to ``backups/``; the backup's path is
    returned. On any failure the file at ``path`` is unchanged, the temporary file is removed,
    and a WriteError explains what happened.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    backup: Path | None = None
    try:
        _usual_permissions(temporary, path)
        write(temporary)
        if backup_at is not None and path.exists() and not filecmp.cmp(temporary, path, shallow=False):
            backup = keep_backup(path, backup_at)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise WriteError(explain(exc, path)) from exc
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return backup
