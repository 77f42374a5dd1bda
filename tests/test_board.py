"""The board pack, read back as a file, and emailing it through a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import email
import getpass
import io
import socket
import subprocess
import sys
import zipfile
from collections.abc import Iterator
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
from vitalsigns_xl.jobs.board_pack import BoardPackError, board_pack
from vitalsigns_xl.jobs.build import build
from vitalsigns_xl.jobs.email import MailError, Smtp, log_path, read_log, send, write_outbox
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
    assert drafted.startswith("The figure for Social worker starters in June 2020 is suppressed (c)")
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
    assert compared == 35 * 13 and suppressed >= 20
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
    assert [p.name for p in tmp_path.iterdir()] == [made.path.name]  # no plain copy left behind


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
    target = tmp_path / "send" / pack.name
    target.parent.mkdir()
    target.write_bytes(pack.read_bytes())
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
        plain = message.get_body(("plain",)).get_content()
        assert "Headline: 8 measures are red, 7 amber and 2 green." in plain
        assert "5b Child protection visits completed on time" in plain.split("Worse than last month")[1]
        assert "12 Working days lost to sickness per FTE (rolling 12 months): 12.0 from the target of 12.0" in plain
        assert "<li>" in message.get_body(("html",)).get_content()
    log = read_log(log_path(pack_copy))
    assert [row["outcome"] for row in log] == ["sent"] * 4
    assert {row["message_id"] for row in log} == {m[0]["Message-ID"] for m in received.values()}

    again = send(pack_copy, recipients, SENDER, server_settings(controller))  # a second run sends nothing
    assert again.sent == [] and len(again.already) == 4
    assert len(inbox.messages) == 4


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
    pack_copy.write_bytes(pack_copy.read_bytes() + b"\0")  # the pack was made again
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


def test_not_a_pack_and_an_unreachable_server(recipients: Path, tmp_path: Path, pack_copy: Path) -> None:
    other = tmp_path / "budget.xlsx"
    openpyxl.Workbook().save(other)
    with pytest.raises(MailError, match=r"budget\.xlsx is not a Vital Signs workbook"):
        send(other, recipients, SENDER, Smtp("127.0.0.1", free_port()))
    with pytest.raises(MailError, match=r"Could not connect to the mail server 127\.0\.0\.1:.*Nothing was sent"):
        send(pack_copy, recipients, SENDER, Smtp("127.0.0.1", free_port(), timeout=5))
    assert not log_path(pack_copy).exists()


def test_encrypted_pack_message_says_the_password_comes_separately(
    smtp_server: tuple[Controller, Inbox], recipients: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    controller, inbox = smtp_server
    made = board_pack(EXAMPLES, tmp_path / "enc", password="correct horse battery")
    with pytest.raises(MailError, match=r"is encrypted\. Set VITALSIGNS_PACK_PASSWORD"):
        send(made.path, recipients, SENDER, server_settings(controller))
    monkeypatch.setenv("VITALSIGNS_PACK_PASSWORD", "correct horse battery")
    send(made.path, recipients, SENDER, server_settings(controller))
    for envelope in inbox.messages:
        assert b"correct horse battery" not in envelope.content
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        assert "The password will reach you separately; it is not in this email." in message.get_body(("plain",)).get_content()
        assert next(message.iter_attachments()).get_content() == made.path.read_bytes()


def test_dry_run_writes_eml_files_and_sends_nothing(recipients: Path, pack_copy: Path, tmp_path: Path) -> None:
    written = write_outbox(pack_copy, recipients, SENDER, tmp_path / "outbox")
    assert len(written) == 4
    message = email.message_from_bytes(written[0].read_bytes(), policy=policy.default)
    assert next(message.iter_attachments()).get_content() == pack_copy.read_bytes()
    assert not log_path(pack_copy).exists()


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
