"""The board pack, read back as a file, and emailing it through a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import csv
import email
import getpass
import io
import socket
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email import policy
from pathlib import Path
from typing import Any

import msoffcrypto
import openpyxl
import pytest
from aiosmtpd.controller import Controller

from tests.conftest import EXAMPLES
from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.jobs.board_pack import BoardPackError, board_pack, encrypt
from vitalsigns_xl.jobs.build import build
from vitalsigns_xl.jobs.email import MailError, Smtp, log_path, read_log, send, write_outbox
from vitalsigns_xl.jobs.manifest import manifest_path
from vitalsigns_xl.libreoffice import convert, soffice
from vitalsigns_xl.workbook_io import WorkbookError, read_workbook

pytestmark = pytest.mark.filterwarnings("ignore:Sparkline Group extension is not supported")
MAY = Month(2020, 5)
SENDER = "performance@bradford.example"


def type_into(path: Path, texts: dict[str, str]) -> None:
    book = openpyxl.load_workbook(path)
    for indicator, text in texts.items():
        ((sheet, coordinate),) = book.defined_names[f"vs_officer_{indicator}"].destinations
        book[sheet][coordinate.replace("$", "")] = text
    book.save(path)


@pytest.fixture(scope="module")
def officer_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """May's workbook with text typed, refreshed into June: one June comment, one unreviewed draft."""
    from vitalsigns_xl.jobs.refresh import refresh

    path = tmp_path_factory.mktemp("officer") / "VitalSigns.xlsx"
    build(EXAMPLES, path, MAY)
    type_into(path, {"contacts": "May: front door review.", "cp_rate": "May: audit of plans."})
    refresh(path, EXAMPLES)
    type_into(path, {"cp_rate": "June: audit complete, 12 plans stepped down."})
    refresh(path, EXAMPLES)
    return path


@pytest.fixture(scope="module")
def pack(officer_workbook: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return board_pack(officer_workbook, tmp_path_factory.mktemp("board"), suppress_small=True).path


def all_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8", errors="replace") for n in z.namelist() if n.endswith((".xml", ".rels")))


# ---------------------------------------------------------------- the board pack


def test_board_pack_holds_no_macros_settings_or_history(pack: Path, officer_workbook: Path) -> None:
    with zipfile.ZipFile(pack) as z:
        assert not [n for n in z.namelist() if "vba" in n.lower()]
    book = openpyxl.load_workbook(pack)
    assert "Settings" not in book.sheetnames and "xlwings.conf" not in book.sheetnames
    assert all(ws.sheet_state == "visible" for ws in book.worksheets)
    log = [r for r in book["Commentary"].iter_rows(min_row=4, values_only=True) if r[0]]
    assert [(r[0], r[3]) for r in log] == [("cp_rate", "2020-06")]  # May's text is history: not in the pack
    assert read_workbook(officer_workbook).log[("contacts", MAY)]  # the officer workbook keeps it


def test_unreviewed_drafts_stay_out_and_reviewed_words_go_in(pack: Path) -> None:
    book = openpyxl.load_workbook(pack)
    texts = {}
    for indicator in ("contacts", "cp_rate"):
        ((sheet, coordinate),) = book.defined_names[f"vs_officer_{indicator}"].destinations
        texts[indicator] = book[sheet][coordinate.replace("$", "")].value
    assert texts == {"contacts": None, "cp_rate": "June: audit complete, 12 plans stepped down."}


def test_every_sheet_is_protected_and_nothing_is_left_to_type_in(pack: Path) -> None:
    book = openpyxl.load_workbook(pack)
    assert all(ws.protection.sheet for ws in book.worksheets)
    ((sheet, coordinate),) = book.defined_names["vs_officer_cp_rate"].destinations
    assert book[sheet][coordinate.replace("$", "")].protection.locked is True


def test_properties_leak_no_user_names_or_paths(pack: Path, officer_workbook: Path) -> None:
    xml = all_xml(pack)
    for secret in (str(officer_workbook.parent), str(EXAMPLES.resolve()), "/tmp/", "/home/", "C:\\\\"):
        assert secret not in xml
    user = getpass.getuser()
    core = zipfile.ZipFile(pack).read("docProps/core.xml").decode()
    assert f">{user}<" not in core and "<dc:creator>Vital Signs</dc:creator>" in core
    assert "Extracts folder" not in xml


def test_marking_in_header_and_footer(pack: Path) -> None:
    book = openpyxl.load_workbook(pack)
    for ws in book.worksheets:
        assert "OFFICIAL-SENSITIVE" in (ws.oddHeader.left.text or "")
        assert "OFFICIAL-SENSITIVE" in (ws.oddFooter.center.text or "")


def test_small_numbers_are_c_in_tables_summary_data_and_sentences(pack: Path) -> None:
    book = openpyxl.load_workbook(pack)
    summary = {r[0]: r for r in book["Summary"].iter_rows(min_row=5, values_only=True) if r[0]}
    assert summary["10a"][2] == "c" and summary["10a"][3] == "c"  # social worker starters: 3 in June, 4 in May
    assert summary["1a"][2] == 1305  # large counts stay
    data = [r for r in book["Data"].iter_rows(min_row=4, values_only=True) if r[0] == "sw_starters" and r[2] == "2020-06"]
    assert data[0][4] == "c"
    counts = {"sw_starters", "sw_leavers", "cic_started", "cic_ceased", "contacts", "referrals", "cp_count", "cic_count"}
    for row in book["Data"].iter_rows(min_row=4, values_only=True):
        if row[0] in counts:
            assert not (isinstance(row[4], int | float) and 1 <= row[4] <= 5), row
    ((sheet, coordinate),) = book.defined_names["vs_drafted_sw_starters"].destinations
    drafted = book[sheet][coordinate.replace("$", "")].value
    assert drafted.startswith("The figure for the number of social worker starters in June 2020 is suppressed (c)")
    assert " 3 " not in drafted and " 4 " not in drafted


def test_charts_of_a_suppressed_pack_read_blanks_not_c(pack: Path) -> None:
    book = openpyxl.load_workbook(pack)
    chart_rows = list(book["Chart data"].iter_rows(values_only=True))
    titles = {str(r[0]).split(". ")[0]: i for i, r in enumerate(chart_rows) if r[0] and ". " in str(r[0])}
    compared = suppressed = 0
    for name in [n for n in book.defined_names if n.startswith("vs_rag_")]:
        ((sheet, coordinate),) = book.defined_names[name].destinations  # the RAG cell is on the value row
        row = book[sheet][coordinate.replace("$", "")].row
        code = str(book[sheet].cell(row - 4, 1).value).split(". ")[0]
        shown = [c.value for c in book[sheet][row][1:14]]
        charted = chart_rows[titles[code] + 1][1:14]
        for table, chart in zip(shown, charted, strict=True):
            assert chart == (None if table == "c" else table)  # a gap where the table says c, never a zero
            compared += 1
            suppressed += table == "c"
    assert compared == 13 * len([n for n in book.defined_names if n.startswith("vs_rag_")]) and suppressed >= 20
    assert "'Chart data'!$B$" in all_xml(pack)  # the charts read it


def test_the_pack_cannot_be_refreshed_as_if_it_were_the_officer_workbook(pack: Path) -> None:
    with pytest.raises(WorkbookError, match="it is the board's copy"):
        read_workbook(pack)


def test_straight_from_extracts_and_encrypted(tmp_path: Path) -> None:
    made = board_pack(EXAMPLES, tmp_path, password="correct horse battery")
    raw = made.path.read_bytes()
    office = msoffcrypto.OfficeFile(io.BytesIO(raw))
    assert office.is_encrypted()
    with pytest.raises(Exception):  # noqa: B017 - any failure to open is right
        openpyxl.load_workbook(made.path)
    office.load_key(password="correct horse battery")
    plain = io.BytesIO()
    office.decrypt(plain)
    book = openpyxl.load_workbook(plain)
    assert book["Summary"]["C5"].value == 1305
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([made.path.name, manifest_path(made.path).name])  # no plain copy


def test_encryption_stopped_part_way_leaves_no_readable_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The unencrypted pack exists only in memory: a run killed while encrypting leaves nothing on disk."""
    written: list[tuple[Path, int]] = []

    def killed_while_encrypting(plain: bytes, target: Path, password: str) -> None:
        assert plain.startswith(b"PK")  # the plain workbook, handed over in memory
        written.extend((p, p.stat().st_size) for p in tmp_path.rglob("*") if p.is_file())
        raise KeyboardInterrupt

    monkeypatch.setattr("vitalsigns_xl.jobs.board_pack.encrypt", killed_while_encrypting)
    with pytest.raises(KeyboardInterrupt):
        board_pack(EXAMPLES, tmp_path, password="correct horse battery")
    assert [size for _, size in written] == [0]  # only the empty file it was encrypting into
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_pdf_cannot_undo_the_encryption(tmp_path: Path) -> None:
    with pytest.raises(BoardPackError, match="A PDF cannot carry the workbook's password"):
        board_pack(EXAMPLES, tmp_path, password="secret-words", pdf=True)
    assert list(tmp_path.iterdir()) == []


def _has_uno() -> bool:
    probe = subprocess.run(["/usr/bin/python3", "-c", "import uno"], capture_output=True, check=False)
    return soffice() is not None and probe.returncode == 0


@pytest.mark.skipif(not Path("/usr/bin/python3").exists() or not _has_uno(), reason="LibreOffice with python3-uno needed")
def test_encrypted_pack_opens_in_libreoffice_with_the_password_only(tmp_path: Path) -> None:
    made = board_pack(EXAMPLES, tmp_path / "pack", password="correct horse battery")
    script = str(Path(__file__).parent / "open_with_password.py")

    def opens(*password: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["/usr/bin/python3", script, str(made.path), *password], capture_output=True, text=True)

    right = opens("correct horse battery")
    assert right.returncode == 0 and right.stdout.strip() == "Cover", right.stderr
    assert opens("wrong horse battery").returncode == 1
    assert opens().returncode == 1
    assert convert(board_pack(EXAMPLES, tmp_path / "plain").path, "pdf", tmp_path / "pdf").stat().st_size > 50_000


# ---------------------------------------------------------------- email through a real SMTP server


class Inbox:
    """An aiosmtpd handler: keeps every message, can refuse addresses or stop after some messages."""

    def __init__(self, refuse: tuple[str, ...] = (), stop_after: int | None = None) -> None:
        self.messages: list[Any] = []
        self.refuse = refuse
        self.stop_after = stop_after

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.stop_after is not None and len(self.messages) >= self.stop_after:
            return "421 4.3.2 Service shutting down"
        self.messages.append(envelope)
        return "250 Message accepted for delivery"

    def received(self) -> dict[str, list[Any]]:
        found: dict[str, list[Any]] = {}
        for envelope in self.messages:
            for rcpt in envelope.rcpt_tos:
                found.setdefault(rcpt, []).append(email.message_from_bytes(envelope.content, policy=policy.default))
        return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running(inbox: Inbox) -> Iterator[Controller]:
    """A real SMTP server on loopback, delivering into ``inbox``, for the length of the block."""
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


@pytest.fixture
def smtp_server() -> Iterator[tuple[Controller, Inbox]]:
    inbox = Inbox()
    with running(inbox) as controller:
        yield controller, inbox


def server_settings(controller: Controller) -> Smtp:
    return Smtp(host="127.0.0.1", port=controller.port, timeout=10)


MEMBERS = [
    ("Cllr Asha Patel", "asha.patel@bradford.example", "Chair"),
    ("Dr Tom Hughes", "tom.hughes@nhs.example", "Health"),
    ("Supt Jane Ode", "jane.ode@police.example", ""),
    ("Mo Khan", "mo.khan@bradford.example", "Adviser"),
]


@pytest.fixture
def recipients(tmp_path: Path) -> Path:
    path = tmp_path / "board.csv"
    path.write_text("name,email,role\n" + "".join(f"{n},{e},{r}\n" for n, e, r in MEMBERS), encoding="utf-8")
    return path


@pytest.fixture
def pack_copy(pack: Path, tmp_path: Path) -> Path:
    """The pack and the record board-pack wrote beside it, in a folder of its own."""
    target = tmp_path / "send" / pack.name
    target.parent.mkdir()
    target.write_bytes(pack.read_bytes())
    manifest_path(target).write_bytes(manifest_path(pack).read_bytes())
    return target


def test_every_member_gets_exactly_one_message_with_the_pack(
    smtp_server: tuple[Controller, Inbox], recipients: Path, pack_copy: Path
) -> None:
    controller, inbox = smtp_server
    report = send(pack_copy, recipients, SENDER, server_settings(controller))
    assert report.complete and len(report.sent) == 4
    received = inbox.received()
    assert sorted(received) == sorted(e for _, e, _ in MEMBERS)
    for address, messages in received.items():
        assert len(messages) == 1
        message = messages[0]
        assert message["Subject"] == "[OFFICIAL-SENSITIVE] Vital Signs report — June 2020 data"
        assert address in message["To"]
        attachment = next(message.iter_attachments())
        assert attachment.get_filename() == pack_copy.name
        assert attachment.get_content() == pack_copy.read_bytes()
        plain = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
        assert "the board pack of 61 measures" in plain
        assert "Headline: 8 measures are red, 7 amber and 2 green; 44 are not rated." in plain
        # Worse since May, by relative change, leaving out 10b (suppressed as a small number in this pack; 10a
        # starters are neutral): 9b 9.6% -> 11.07% (1.47/9.6 = 15%), 10m turnover 13.68% -> 15.38% (1.71/13.68 = 12.5%),
        # 10c agency rate 125/454 = 27.53% -> 138/463 = 29.81% (2.27/27.53 = 8%); then 15a 2.2% -> 2.1%, further below
        # its range of 2.5% to 5.0% (0.1/2.2 = 5%), and 10n, 6 and seven more under 5%.
        worse, furthest = plain.split("Got worse most since last month (3 of the 13 that got worse):\n")[1].split("Furthest")
        assert [line.split(":")[0] for line in worse.strip().splitlines()] == [
            "- 9b Social workers holding more than 26 cases",
            "- 10m Social worker turnover rate (12 months)",
            "- 10c Agency social worker rate",
        ]
        # Short of target, relative to it: 9b 11.07% (numerator over denominator) against at most 5.0%
        # (6.07/5.0 = 121%), 12: 24.0 days against at most 12.0 (100%), 11: 70.2% against 90.0% (19.8/90 = 22%);
        # each shown in its own unit.
        lines = furthest.split("\n\n")[0].splitlines()[1:]
        assert lines[0].startswith("- 9b Social workers holding more than 26 cases: 6.1 points above the target of 5.0%")
        assert lines[1] == (
            "- 12 Working days lost to sickness per FTE (rolling 12 months): 12.0 days above the target of 12.0 days (100% over)"
        )
        assert lines[2] == "- 11 Staff with a recorded performance appraisal: 19.8 points below the target of 90.0% (22% short)"
        rich = message.get_body(("html",)).get_content()
        assert "<li>" in rich and "http" not in rich.replace("http://www.w3.org", "") and "href" not in rich
    log = read_log(log_path(pack_copy))
    assert [row["outcome"] for row in log] == ["sent"] * 4
    assert {row["message_id"] for row in log} == {m[0]["Message-ID"] for m in received.values()}

    again = send(pack_copy, recipients, SENDER, server_settings(controller))  # a second run sends nothing
    assert again.sent == [] and len(again.already) == 4
    assert len(inbox.messages) == 4


def test_a_name_that_looks_like_a_formula_is_text_in_the_send_log(pack_copy: Path, tmp_path: Path) -> None:
    name = '=HYPERLINK("http://x.example","Open")'
    recipients = tmp_path / "formula.csv"
    recipients.write_text(
        f'name,email,role\n"{name.replace(chr(34), chr(34) * 2)}",asha.patel@bradford.example,Chair\n', encoding="utf-8"
    )
    inbox = Inbox()
    with running(inbox) as controller:
        assert len(send(pack_copy, recipients, SENDER, server_settings(controller)).sent) == 1
        again = send(pack_copy, recipients, SENDER, server_settings(controller))
    assert again.sent == [] and again.already == ["asha.patel@bradford.example"]
    raw = log_path(pack_copy).read_text(encoding="utf-8")
    assert [row["name"] for row in csv.DictReader(raw.splitlines())] == [f"'{name}"]  # Excel shows it as text
    assert [row["name"] for row in read_log(log_path(pack_copy))] == [name]  # read back as typed


def test_a_refused_recipient_is_reported_and_the_rest_still_get_it(recipients: Path, pack_copy: Path) -> None:
    inbox = Inbox(refuse=("tom.hughes@nhs.example",))
    with running(inbox) as controller:
        report = send(pack_copy, recipients, SENDER, server_settings(controller))
    assert report.refused == [("tom.hughes@nhs.example", "550 5.1.1 Mailbox unavailable")]
    assert sorted(inbox.received()) == sorted(e for _, e, _ in MEMBERS if e != "tom.hughes@nhs.example")
    assert not report.complete


def test_a_server_that_stops_mid_list_is_completed_by_a_rerun_without_duplicates(recipients: Path, pack_copy: Path) -> None:
    first = Inbox(stop_after=2)
    with running(first) as controller:
        report = send(pack_copy, recipients, SENDER, server_settings(controller))
    assert len(report.sent) == 2 and report.stopped and len(report.not_attempted) == 2
    second = Inbox()
    with running(second) as controller:
        rerun = send(pack_copy, recipients, SENDER, server_settings(controller))
    assert rerun.complete and len(rerun.sent) == 2 and len(rerun.already) == 2
    everyone = [a for inbox in (first, second) for a, msgs in inbox.received().items() for _ in msgs]
    assert sorted(everyone) == sorted(e for _, e, _ in MEMBERS)  # each exactly once across both runs


def test_a_changed_pack_is_a_new_issue_only_when_asked(
    smtp_server: tuple[Controller, Inbox], recipients: Path, pack_copy: Path
) -> None:
    controller, inbox = smtp_server
    send(pack_copy, recipients, SENDER, server_settings(controller))
    board_pack(EXAMPLES, pack_copy.parent)  # the pack was made again (now without suppression): a new record
    with pytest.raises(MailError, match="has changed since it was sent to 4 recipient"):
        send(pack_copy, recipients, SENDER, server_settings(controller))
    assert len(inbox.messages) == 4
    report = send(pack_copy, recipients, SENDER, server_settings(controller), new_issue=True)
    assert report.issue == 2 and len(report.sent) == 4
    latest = inbox.received()["asha.patel@bradford.example"][-1]
    assert latest["Subject"].endswith("(issue 2, replaces the earlier copy)")
    assert "This is issue 2: it replaces the copy sent earlier." in latest.get_body(("plain",)).get_content()


def test_bad_recipient_lists_send_nothing(smtp_server: tuple[Controller, Inbox], pack_copy: Path, tmp_path: Path) -> None:
    controller, inbox = smtp_server
    cases = {
        "name,mail\nA,a@x.example\n": "column 'mail': is not a column of this extract; did you mean 'email'",
        "name\nA\n": "column 'email': required column is missing",
        "name,email\n": "has a header row but no rows of data",
        "name,email\nA,a@x.example\nB,A@X.example\n": "row 3, column 'email': repeats A@X.example from row 2",
    }
    for text, expected in cases.items():
        path = tmp_path / "board.csv"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(MailError, match=expected):
            send(pack_copy, path, SENDER, server_settings(controller))
    assert inbox.messages == []
    assert not log_path(pack_copy).exists()


def test_a_malformed_address_is_reported_and_does_not_stop_the_rest(
    smtp_server: tuple[Controller, Inbox], pack_copy: Path, tmp_path: Path
) -> None:
    controller, _ = smtp_server
    path = tmp_path / "board.csv"
    path.write_text("name,email\nA,a@x.example\nB,b at x.example\nC,c@x.example\n", encoding="utf-8")
    report = send(pack_copy, path, SENDER, server_settings(controller))
    assert report.sent == ["a@x.example", "c@x.example"]
    assert report.invalid == [("b at x.example", "board.csv row 3: 'b at x.example' is not an email address")]


def attempts(recipients: Path, smtp: Smtp, outbox: Path) -> tuple[Callable[[Path], object], ...]:
    """A real send and a dry run of the same pack, to show they refuse alike."""
    return (
        lambda pack: send(pack, recipients, SENDER, smtp),
        lambda pack: write_outbox(pack, recipients, SENDER, outbox, smtp=smtp),
    )


def test_only_a_board_pack_is_sent_however_it_is_named(
    smtp_server: tuple[Controller, Inbox], recipients: Path, pack_copy: Path, officer_workbook: Path, tmp_path: Path
) -> None:
    controller, inbox = smtp_server
    not_a_pack = "is not a board pack made by `vitalsigns board-pack`.*vitalsigns board-pack WORKBOOK --out FOLDER"
    other = tmp_path / "budget.xlsx"
    openpyxl.Workbook().save(other)
    folder = pack_copy.parent
    officer_bytes = officer_workbook.read_bytes()
    encrypted_officer = tmp_path / "officer-encrypted.xlsx"
    encrypt(officer_workbook.read_bytes(), encrypted_officer, "correct horse battery")
    for name, data in (
        ("budget.xlsx", other.read_bytes()),
        ("VitalSigns.xlsx", officer_bytes),  # the officer's own workbook
        ("VitalSigns_2020-06_board (1).xlsx", officer_bytes),  # renamed to look like a pack
        ("Board pack.xlsx", encrypted_officer.read_bytes()),  # encrypted, so its properties cannot be read
        ("edited.xlsx", pack_copy.read_bytes() + b"\0"),  # a pack changed after it was made
    ):
        (folder / name).write_bytes(data)
        for attempt in attempts(recipients, server_settings(controller), tmp_path / "outbox"):
            with pytest.raises(MailError, match=not_a_pack):
                attempt(folder / name)
    pack_copy.write_bytes(officer_bytes)  # the officer's workbook under the pack's own name, beside its record
    with pytest.raises(MailError, match=not_a_pack):
        send(pack_copy, recipients, SENDER, server_settings(controller))
    assert inbox.messages == [] and not list(folder.glob("*.sendlog.csv"))


def test_a_renamed_pack_is_still_the_pack(smtp_server: tuple[Controller, Inbox], recipients: Path, pack_copy: Path) -> None:
    controller, inbox = smtp_server
    renamed = pack_copy.rename(pack_copy.with_name("Vital Signs June 2020.xlsx"))
    assert send(renamed, recipients, SENDER, server_settings(controller)).complete
    assert next(inbox.received()["asha.patel@bradford.example"][0].iter_attachments()).get_filename() == renamed.name


def test_an_unreachable_server(recipients: Path, pack_copy: Path) -> None:
    with pytest.raises(MailError, match=r"Could not connect to the mail server 127\.0\.0\.1:.*Nothing was sent"):
        send(pack_copy, recipients, SENDER, Smtp("127.0.0.1", free_port(), timeout=5))
    assert not log_path(pack_copy).exists()


def test_encrypted_pack_message_says_the_password_comes_separately(
    smtp_server: tuple[Controller, Inbox], recipients: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    controller, inbox = smtp_server
    made = board_pack(EXAMPLES, tmp_path / "enc", password="correct horse battery")
    monkeypatch.delenv("VITALSIGNS_PACK_PASSWORD", raising=False)  # its record says what it holds: no password needed
    assert send(made.path, recipients, SENDER, server_settings(controller)).complete
    for envelope in inbox.messages:
        assert b"correct horse battery" not in envelope.content
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        assert "The password will reach you separately; it is not in this email." in message.get_body(("plain",)).get_content()
        assert next(message.iter_attachments()).get_content() == made.path.read_bytes()


def test_dry_run_writes_eml_files_and_sends_nothing(recipients: Path, pack_copy: Path, tmp_path: Path) -> None:
    written, report = write_outbox(pack_copy, recipients, SENDER, tmp_path / "outbox")
    assert len(written) == 4 and report.complete and len(report.sent) == 4
    message = email.message_from_bytes(written[0].read_bytes(), policy=policy.default)
    assert next(message.iter_attachments()).get_content() == pack_copy.read_bytes()
    assert not log_path(pack_copy).exists()


def test_dry_run_reports_what_a_real_send_would(
    smtp_server: tuple[Controller, Inbox], pack_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same addresses refused, same send-log decisions, same new-issue rule, same login check; only delivery differs."""
    controller, inbox = smtp_server
    board = tmp_path / "board.csv"
    board.write_text("name,email\nA,a@x.example\nB,b at x.example\nC,c@x.example\n", encoding="utf-8")
    dry = write_outbox(pack_copy, board, SENDER, tmp_path / "out1", smtp=server_settings(controller))[1]
    real = send(pack_copy, board, SENDER, server_settings(controller))
    assert (dry.sent, dry.invalid, dry.already, dry.complete) == (real.sent, real.invalid, real.already, real.complete)
    assert not dry.complete  # the unusable address makes both exit with 1
    board.write_text("name,email\nA,a@x.example\nD,d@x.example\n", encoding="utf-8")
    written, again = write_outbox(pack_copy, board, SENDER, tmp_path / "out2", smtp=server_settings(controller))
    assert again.already == ["a@x.example"] and again.sent == ["d@x.example"] and len(written) == 1
    board_pack(EXAMPLES, pack_copy.parent)  # made again: a new issue, for both only with --new-issue
    for attempt in attempts(board, server_settings(controller), tmp_path / "out3"):
        with pytest.raises(MailError, match="has changed since it was sent to 2 recipient"):
            attempt(pack_copy)
    monkeypatch.delenv("VITALSIGNS_SMTP_PASSWORD", raising=False)
    login = Smtp("127.0.0.1", controller.port, user="officer")
    with pytest.raises(MailError, match="Set VITALSIGNS_SMTP_PASSWORD"):
        write_outbox(pack_copy, board, SENDER, tmp_path / "out4", True, login)
    assert len(inbox.messages) == 2


def test_dry_run_command_exits_as_the_real_one_would(pack_copy: Path, tmp_path: Path) -> None:
    board = tmp_path / "board.csv"
    board.write_text("name,email\nA,a@x.example\nB,b at x.example\n", encoding="utf-8")
    command = [sys.executable, "-m", "vitalsigns_xl.cli", "email", str(pack_copy), "--recipients", str(board)]
    command += ["--from", SENDER, "--dry-run", str(tmp_path / "outbox")]
    result = subprocess.run(command, capture_output=True, text=True, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 1
    assert "would send VitalSigns_2020-06_board.xlsx to 1 recipient(s); nothing was sent." in result.stdout
    assert "Not sent, not a usable address: board.csv row 3: 'b at x.example' is not an email address." in result.stdout


def test_the_smtp_password_comes_only_from_the_environment(
    smtp_server: tuple[Controller, Inbox], recipients: Path, pack_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    controller, _ = smtp_server
    monkeypatch.delenv("VITALSIGNS_SMTP_PASSWORD", raising=False)
    with pytest.raises(MailError, match="Set VITALSIGNS_SMTP_PASSWORD"):
        send(pack_copy, recipients, SENDER, Smtp("127.0.0.1", controller.port, user="officer"))
    result = subprocess.run(
        [sys.executable, "-m", "vitalsigns_xl.cli", "email", "--help"], capture_output=True, text=True, env={"COLUMNS": "200"}
    )
    assert "--smtp-password" not in result.stdout and "--password" not in result.stdout


def test_email_command_end_to_end(smtp_server: tuple[Controller, Inbox], recipients: Path, pack_copy: Path) -> None:
    controller, inbox = smtp_server
    command = [sys.executable, "-m", "vitalsigns_xl.cli", "email", str(pack_copy), "--recipients", str(recipients)]
    command += ["--from", SENDER, "--smtp-host", "127.0.0.1", "--smtp-port", str(controller.port)]
    result = subprocess.run(command, capture_output=True, text=True, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"Sent {pack_copy.name} to 4 recipient(s)."
    assert len(inbox.messages) == 4
