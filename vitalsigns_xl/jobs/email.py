"""Emailing the board pack: one message per board member, safe to run again after a failure.

Every outcome is appended to a send log beside the pack (``<pack>.sendlog.csv``) the moment
it is known, with the message id and the SHA-256 of the attachment. A second run sends only
to those who have not yet had this exact pack. A pack that has changed since some members
received it is a new issue: it goes to everyone, marked as replacing the earlier copy, and
only when the officer says so (``--new-issue``), so two versions are never mixed silently.
The SMTP password comes only from the environment and is never logged or shown.

Only a board pack is sent: a file whose SHA-256 a manifest beside it records (see
``jobs/manifest.py``). The message's headline is the one recorded there when the pack was
made, so the email says what the pack says and never reads sheet cells. A dry run goes
through the same checks as a real send and stops short of delivery only.
"""

from __future__ import annotations

import csv
import html
import os
import re
import smtplib
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from functools import partial
from pathlib import Path

from vitalsigns_xl.analysis.headline import PackHeadline
from vitalsigns_xl.csv_text import from_csv_cell, to_csv_cell
from vitalsigns_xl.errors import VitalSignsError
from vitalsigns_xl.extracts.problems import Problem
from vitalsigns_xl.extracts.tables import UnreadableFile, read_table
from vitalsigns_xl.files import write_atomically
from vitalsigns_xl.jobs.manifest import find_manifest
from vitalsigns_xl.jobs.passwords import SMTP_PASSWORD_ENV

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
ADDRESS = re.compile(
    r"^[^@\s<>(),;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
LOG_COLUMNS = ("time", "issue", "sha256", "email", "name", "outcome", "message_id", "detail")
SENT, REFUSED, FAILED = "sent", "refused", "failed"


class MailError(VitalSignsError, ValueError):
    """Nothing more can be sent as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str
    role: str = ""


@dataclass(frozen=True)
class Pack:
    path: Path
    data: bytes
    sha256: str
    encrypted: bool
    headline: PackHeadline


@dataclass(frozen=True)
class Smtp:
    host: str = "localhost"
    port: int = 25
    security: str = "none"  # none | starttls | tls
    user: str | None = None
    timeout: float = 30.0


@dataclass
class SendReport:
    issue: int
    sent: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    invalid: list[tuple[str, str]] = field(default_factory=list)
    not_attempted: list[str] = field(default_factory=list)
    stopped: str | None = None

    @property
    def complete(self) -> bool:
        return not (self.refused or self.invalid or self.not_attempted or self.stopped)


# ---------------------------------------------------------------- the pack


def read_pack(path: Path) -> Pack:
    """The pack and its headline, if `board-pack` made exactly this file; MailError otherwise."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MailError(f"Cannot read the pack {path}: {exc.strerror or exc}.") from None
    manifest = find_manifest(path, data)
    if manifest is None:
        raise MailError(
            f"{path.name} is not a board pack made by `vitalsigns board-pack` (no board-pack record beside it matches "
            "its contents), so it was not sent. Only the board's copy is emailed: it leaves out the macros, the "
            "commentary history and the extracts folder. Make it with: vitalsigns board-pack WORKBOOK --out FOLDER, "
            "then email the .xlsx it writes. A pack changed after it was made must be made again."
        )
    return Pack(path, data, manifest.sha256, manifest.encrypted, manifest.headline)


# ---------------------------------------------------------------- recipients


def read_recipients(path: Path) -> tuple[list[Recipient], list[tuple[str, str]]]:
    """Board members to send to, and addresses that cannot be used (reported, not sent to).

    A missing column, no rows or a repeated address stops everything: the list itself is wrong.
    """
    try:
        table, problems = read_table(path, ("name", "email"), ("role",))
    except UnreadableFile as exc:
        raise MailError(f"{exc.problem}. Nothing was sent.") from None
    recipients: list[Recipient] = []
    invalid: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for row in [] if problems else table.rows:
        email = str(row.cells.get("email") or "").strip()
        name = str(row.cells.get("name") or "").strip()
        key = email.lower()
        if key in seen:
            problems.append(Problem(path.name, row.number, "email", f"repeats {email} from row {seen[key]}"))
            continue
        seen[key] = row.number
        if any(ch in name for ch in "\r\n\t"):
            problems.append(Problem(path.name, row.number, "name", "has a line break or tab; put the name on one line"))
            continue
        if not ADDRESS.match(email):
            invalid.append((email or f"row {row.number}", f"{path.name} row {row.number}: '{email}' is not an email address"))
            continue
        recipients.append(Recipient(name or email, email, str(row.cells.get("role") or "").strip()))
    if problems:
        lines = [f"  {p}" for p in problems]
        raise MailError("\n".join([f"{path.name} cannot be used; nothing was sent:", *lines]))
    return recipients, invalid


# ---------------------------------------------------------------- the send log


def log_path(pack: Path) -> Path:
    return pack.with_name(f"{pack.stem}.sendlog.csv")


def read_log(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [{key: from_csv_cell(value or "") for key, value in row.items()} for row in csv.DictReader(handle)]


def _append(path: Path, entry: dict[str, str]) -> None:
    """One outcome, on disk before the next message is sent, so a crash cannot cause a second copy."""
    new = not path.exists()
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, LOG_COLUMNS)
        if new:
            writer.writeheader()
        writer.writerow({key: to_csv_cell(value) for key, value in entry.items()})
        handle.flush()
        os.fsync(handle.fileno())


def _issue(entries: Sequence[dict[str, str]], sha256: str, new_issue: bool, pack: Path) -> int:
    issues: list[str] = []
    for entry in entries:
        if entry["sha256"] not in issues:
            issues.append(entry["sha256"])
    if sha256 in issues:
        return issues.index(sha256) + 1
    received = sorted({e["email"] for e in entries if e["outcome"] == SENT})
    if received and not new_issue:
        raise MailError(
            f"{pack.name} has changed since it was sent to {len(received)} recipient(s) on "
            f"{max(e['time'] for e in entries)[:16].replace('T', ' ')}. Nothing was sent. To send the changed pack to "
            "everyone as a new issue that replaces the earlier copy, run again with --new-issue; otherwise restore the "
            "pack that was sent."
        )
    return len(issues) + 1


# ---------------------------------------------------------------- the message


def _body(recipient: Recipient, pack: Pack, issue: int) -> tuple[str, str]:
    h = pack.headline
    counts = h.rag_counts
    rated = sum(counts.values())
    not_rated = f"; {h.measures - rated} are not rated" if h.measures > rated else ""
    lines = [
        f"Dear {recipient.name},",
        "",
        f"The {h.title} for {h.period_label} is attached: the board pack of {h.measures} measures of children's "
        "social care performance, each with its latest figure, 13-month trend, target and commentary"
        + (f". This is issue {issue}: it replaces the copy sent earlier." if issue > 1 else "."),
        "",
        f"Headline: {counts['Red']} measures are red, {counts['Amber']} amber and {counts['Green']} green{not_rated}.",
    ]
    sections = [
        (f"Got worse most since last month ({len(h.worse)} of the {h.worse_count} that got worse):", h.worse),
        ("Furthest from target:", h.furthest),
    ]
    for title, items in sections:
        if items:
            lines += ["", title, *[f"- {item}" for item in items]]
    if pack.encrypted:
        lines += ["", "The attachment is password-protected. The password will reach you separately; it is not in this email."]
    lines += ["", f"This email and its attachment are {h.marking}. Please do not forward them outside the board."]
    plain = "\n".join(lines) + "\n"
    blocks, in_list = [], False
    for line in lines:
        if line.startswith("- "):
            if not in_list:
                blocks.append("<ul>")
                in_list = True
            blocks.append(f"<li>{html.escape(line[2:])}</li>")
            continue
        if in_list:
            blocks.append("</ul>")
            in_list = False
        if line:
            blocks.append(f"<p>{html.escape(line)}</p>")
    if in_list:
        blocks.append("</ul>")
    return plain, f'<html><body style="font-family: Arial, sans-serif">{"".join(blocks)}</body></html>'


def compose(recipient: Recipient, pack: Pack, sender: str, issue: int) -> EmailMessage:
    h = pack.headline
    message = EmailMessage()
    message["From"] = sender
    message["To"] = formataddr((recipient.name, recipient.email))
    suffix = f" (issue {issue}, replaces the earlier copy)" if issue > 1 else ""
    message["Subject"] = f"[{h.marking}] {h.title} — {h.period_label} data{suffix}"
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    plain, rich = _body(recipient, pack, issue)
    message.set_content(plain)
    message.add_alternative(rich, subtype="html")
    message.add_attachment(pack.data, maintype=XLSX_TYPE[0], subtype=XLSX_TYPE[1], filename=pack.path.name)
    return message


# ---------------------------------------------------------------- sending


def _login_password(smtp: Smtp) -> str | None:
    password = os.environ.get(SMTP_PASSWORD_ENV)
    if smtp.user and not password:
        raise MailError(f"Set {SMTP_PASSWORD_ENV} to the password of {smtp.user}; it is read only from there. Nothing was sent.")
    return password


def _connect(smtp: Smtp) -> smtplib.SMTP:
    password = _login_password(smtp)
    try:
        if smtp.security == "tls":
            server: smtplib.SMTP = smtplib.SMTP_SSL(
                smtp.host, smtp.port, timeout=smtp.timeout, context=ssl.create_default_context()
            )
        else:
            server = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
            if smtp.security == "starttls":
                server.starttls(context=ssl.create_default_context())
        if smtp.user and password:
            server.login(smtp.user, password)
    except smtplib.SMTPAuthenticationError:
        raise MailError(f"The server {smtp.host} refused the login for {smtp.user}. Nothing was sent.") from None
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(
            f"Could not connect to the mail server {smtp.host}:{smtp.port} ({exc}). Nothing was sent; check the server "
            "name, port and security options, or try again later."
        ) from None
    return server


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


@dataclass(frozen=True)
class Plan:
    """Everything a send decides before connecting; a dry run stops here."""

    pack: Pack
    issue: int
    to_send: list[Recipient]
    report: SendReport


def plan(pack_path: Path, recipients_path: Path, sender: str, smtp: Smtp | None, new_issue: bool = False) -> Plan:
    """The checks of a send, in order: sender, pack, recipients, login password, send log and the new-issue rule."""
    if not ADDRESS.match(sender):
        raise MailError(f"'{sender}' is not an email address to send from (--from).")
    pack = read_pack(pack_path)
    recipients, invalid = read_recipients(recipients_path)
    if smtp is not None:
        _login_password(smtp)
    entries = read_log(log_path(pack_path))
    issue = _issue(entries, pack.sha256, new_issue, pack_path)
    done = {e["email"].lower() for e in entries if e["sha256"] == pack.sha256 and e["outcome"] == SENT}
    report = SendReport(issue, invalid=invalid)
    report.already = [r.email for r in recipients if r.email.lower() in done]
    return Plan(pack, issue, [r for r in recipients if r.email.lower() not in done], report)


def send(
    pack_path: Path,
    recipients_path: Path,
    sender: str,
    smtp: Smtp,
    new_issue: bool = False,
    progress: Callable[[str], None] = lambda step: None,
) -> SendReport:
    """Send the pack to every recipient who has not yet had this exact pack; log each outcome as it happens."""
    planned = plan(pack_path, recipients_path, sender, smtp, new_issue)
    pack, issue, to_send, report = planned.pack, planned.issue, planned.to_send, planned.report
    log = log_path(pack_path)
    if not to_send:
        return report
    server = _connect(smtp)
    server = _connect(smtp)

    def record(recipient: Recipient, outcome: str, message_id: str = "", detail: str = "") -> None:
        entry = dict(zip(LOG_COLUMNS, (_now(), str(issue), pack.sha256, recipient.email, recipient.name), strict=False))
        _append(log, entry | {"outcome": outcome, "message_id": message_id, "detail": detail})

    try:
        for index, recipient in enumerate(to_send):
            progress(f"sending to {recipient.email} ({index + 1} of {len(to_send)})")
            message = compose(recipient, pack, sender, issue)
            try:
                server.send_message(message, from_addr=sender, to_addrs=[recipient.email])
            except smtplib.SMTPRecipientsRefused as exc:
                code, reason = next(iter(exc.recipients.values()))
                detail = f"{code} {reason.decode(errors='replace') if isinstance(reason, bytes) else reason}"
                record(recipient, REFUSED, detail=detail)
                report.refused.append((recipient.email, detail))
                continue
            except smtplib.SMTPDataError as exc:
                error = exc.smtp_error
                detail = f"{exc.smtp_code} {error.decode(errors='replace') if isinstance(error, bytes) else error}"
                record(recipient, FAILED if exc.smtp_code == 421 else REFUSED, detail=detail)
                if exc.smtp_code != 421 and exc.smtp_code >= 500:
                    report.refused.append((recipient.email, detail))
                    continue
                report.stopped = detail
                report.not_attempted = [r.email for r in to_send[index:]]
                break
            except (smtplib.SMTPServerDisconnected, OSError) as exc:
                record(recipient, FAILED, detail=str(exc))
                report.stopped = f"the server closed the connection ({exc})"
                report.not_attempted = [r.email for r in to_send[index:]]
                break
            record(recipient, SENT, message_id=str(message["Message-ID"]))
            report.sent.append(recipient.email)
    finally:
        _quit(server)
    return report


def _quit(server: smtplib.SMTP) -> None:
    try:
        server.quit()
    except (smtplib.SMTPException, OSError):
        server.close()


def write_outbox(
    pack_path: Path, recipients_path: Path, sender: str, outbox: Path, new_issue: bool = False, smtp: Smtp | None = None
) -> tuple[list[Path], SendReport]:
    """A dry run: the same checks as a send, and the messages it would deliver written as .eml files.

    The report lists those it would send to in ``sent`` (nothing is logged), so the officer sees
    the same problems, and the command exits the same way, as the real run would.
    """
    planned = plan(pack_path, recipients_path, sender, smtp, new_issue)
    outbox.mkdir(parents=True, exist_ok=True)
    written = []
    for index, recipient in enumerate(planned.to_send, start=1):
        target = outbox / f"{index:03d} {re.sub(r'[^A-Za-z0-9@._-]', '_', recipient.email)}.eml"
        message = compose(recipient, planned.pack, sender, planned.issue).as_bytes()
        write_atomically(target, partial(Path.write_bytes, data=message))  # never a half-written .eml
        written.append(target)
    planned.report.sent = [r.email for r in planned.to_send]
    return written, planned.report
