"""The record `board-pack` leaves beside each pack, and how `email` knows a file is one.

``VitalSigns_2020-06_board.manifest.json`` holds the SHA-256 of the pack exactly as written
(encrypted or not) and the pack's headline, computed from the report model when the pack was
made. `email` sends a file only when a manifest beside it carries that file's SHA-256, so
renaming an officer's workbook, or editing a pack after it was made, cannot get it sent; an
encrypted pack is checked without its password. The manifest names no paths or people.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from vitalsigns_xl.analysis.headline import PackHeadline
from vitalsigns_xl.files import write_atomically

KIND, VERSION = "Vital Signs board pack", 1
SUFFIX = ".manifest.json"


@dataclass(frozen=True)
class Manifest:
    pack: str  # the file name it was written as
    sha256: str
    encrypted: bool
    headline: PackHeadline


def manifest_path(pack: Path) -> Path:
    return pack.with_name(f"{pack.stem}{SUFFIX}")


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_manifest(pack: Path, encrypted: bool, headline: PackHeadline) -> Path:
    """Record the pack just written: its SHA-256 and headline, beside it (atomically)."""
    record = {
        "kind": KIND,
        "version": VERSION,
        "pack": pack.name,
        "sha256": sha256_of(pack.read_bytes()),
        "encrypted": encrypted,
        "headline": headline.as_dict(),
    }
    text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    target = manifest_path(pack)
    write_atomically(target, lambda temporary: temporary.write_text(text, encoding="utf-8"))
    return target


def _read(path: Path) -> Manifest | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        if record.get("kind") != KIND or record.get("version") != VERSION:
            return None
        return Manifest(
            str(record["pack"]), str(record["sha256"]), bool(record["encrypted"]), PackHeadline.from_dict(record["headline"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def find_manifest(pack: Path, data: bytes) -> Manifest | None:
    """The manifest beside ``pack`` that records exactly these bytes, whatever the pack is now called."""
    digest = sha256_of(data)
    candidates = [manifest_path(pack), *sorted(pack.parent.glob(f"*{SUFFIX}"))]
    for candidate in dict.fromkeys(candidates):
        manifest = _read(candidate) if candidate.is_file() else None
        if manifest is not None and manifest.sha256 == digest:
            return manifest
    return None
