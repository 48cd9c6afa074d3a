"""`redress import`: CSV complaints through a TOML mapping, on the real database."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from redress.complaints import services as complaint_services
from redress.complaints.lifecycle import Status
from redress.complaints.models import Complaint, EventKind, JournalEvent, ReferenceCounter
from redress.customers.models import Customer
from redress.deadlines.models import ComplaintClock
from redress.imports.mapping import MappingError, load_mapping, parse_mapping
from redress.imports.services import ImportRefused, import_csv
from redress.search.selectors import search_complaints
from tests.shared_data import require, shared_data

ROOT = Path(__file__).resolve().parents[2]
CFPB = shared_data("cfpb", "complaints_dev_3000.csv")
CFPB_MAPPING = ROOT / "redress" / "imports" / "mappings" / "cfpb.toml"

SHOP_MAPPING = """
[columns]
subject = "Title"
description = "Text"
received_at = "Date"
category = "Kind"
language = "Lang"
customer_name = "Name"
customer_email = "Email"
customer_phone = "Phone"

[defaults]
channel = "email"
status = "received"
category = "other"

[values.category]
"Late" = "delivery"
"Broken" = "product-quality"
"""

GOOD = (
    "Title,Text,Date,Kind,Lang,Name,Email,Phone\n"
    'Late sofa,"The sofa is three weeks late.",2026-11-02,Late,en,Ann Lee,ANN@example.org,\n'
    "ตู้เย็นเสีย,ตู้เย็นที่ซื้อมาเสียหลังใช้งานสองวัน,2026-11-03,Broken,th,สมชาย,ann@example.org,\n"
    "Kvar,Perilica ne radi.,2026-11-04,,hr,Ivo Ivić,,+385 1 234 567\n"
)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def shop_mapping(tmp_path: Path, text: str = SHOP_MAPPING) -> Path:
    return write(tmp_path, "shop.toml", text)


def test_the_cfpb_file_imports_every_row_and_is_searchable(db, staff):
    report = import_csv(path=require(CFPB), mapping=load_mapping(CFPB_MAPPING), batch_size=700)
    assert report.errors == []
    assert report.rows == report.imported == 3000
    assert Complaint.objects.count() == 3000
    # No names or addresses in CFPB data: one card per complaint.
    assert Customer.objects.count() == report.customers_created == 3000
    assert Complaint.objects.filter(status=Status.RECEIVED).count() == 1  # "In progress"
    assert Complaint.objects.filter(status=Status.CLOSED).count() == 2999
    assert JournalEvent.objects.filter(kind=EventKind.SUBMITTED).count() == 3000
    assert JournalEvent.objects.filter(kind=EventKind.STATUS, to_status="closed").count() == 2999
    # Only the open complaint runs against deadlines.
    assert ComplaintClock.objects.count() == 1
    assert len(set(Complaint.objects.values_list("reference", flat=True))) == 3000
    assert sum(ReferenceCounter.objects.values_list("last", flat=True)) == 3000
    wells = Complaint.objects.get(description__startswith="This is a Home repair loan")
    assert wells.subject == "Charged fees or interest you didn't expect"
    assert wells.category.code == "billing-payment"
    assert timezone.localtime(wells.received_at).date().isoformat() == "2023-04-10"
    found = search_complaints(user=staff["quality"], query="forged digital signature")
    assert wells.reference in [c.reference for c in found]


def test_good_rows_are_imported_with_customers_deduplicated_by_email(db, tmp_path, staff):
    existing = Customer.objects.create(full_name="Ann Lee", email="ann@example.org")
    report = import_csv(
        path=write(tmp_path, "c.csv", GOOD), mapping=load_mapping(shop_mapping(tmp_path))
    )
    assert (report.rows, report.imported, report.customers_created) == (3, 3, 1)
    sofa, fridge, washer = Complaint.objects.order_by("reference")
    assert sofa.customer == fridge.customer == existing
    assert washer.customer.phone == "+385 1 234 567" and washer.customer.email == ""
    assert (sofa.category.code, fridge.category.code, washer.category.code) == (
        "delivery",
        "product-quality",
        "other",
    )
    assert (sofa.channel, sofa.status, fridge.language) == ("email", "received", "th")
    assert [c.reference for c in search_complaints(user=staff["quality"], query="เสียหลัง")] == [
        fridge.reference
    ]


def test_an_imported_open_complaint_runs_its_deadlines_and_moves_on(db, tmp_path, staff, client):
    import_csv(path=write(tmp_path, "c.csv", GOOD), mapping=load_mapping(shop_mapping(tmp_path)))
    sofa = Complaint.objects.get(subject="Late sofa")
    assert sofa.reply_due_on is not None
    assert ComplaintClock.objects.filter(complaint=sofa).exists()
    complaint_services.complaint_acknowledge(complaint=sofa, actor=staff["intake"])
    sofa.refresh_from_db()
    assert sofa.status == Status.ACKNOWLEDGED
    client.force_login(staff["quality"])
    assert client.get(f"/staff/complaints/{sofa.reference}/").status_code == 200


def test_an_imported_closed_complaint_has_no_clock_and_its_page_opens(db, tmp_path, staff, client):
    mapping = SHOP_MAPPING.replace('status = "received"', 'status = "closed"')
    import_csv(
        path=write(tmp_path, "c.csv", GOOD), mapping=load_mapping(shop_mapping(tmp_path, mapping))
    )
    washer = Complaint.objects.get(subject="Kvar")
    assert washer.status == Status.CLOSED and washer.closed_at == washer.received_at
    assert not ComplaintClock.objects.filter(complaint=washer).exists()
    client.force_login(staff["quality"])
    html = client.get(f"/staff/complaints/{washer.reference}/").content.decode()
    assert "Perilica ne radi." in html


BAD = (
    "Title,Text,Date,Kind,Lang,Name,Email,Phone\n"
    'Fine,"Two\nlines of text",2026-11-02,Late,en,Ann,ann@example.org,\n'  # lines 2-3
    "No text,,2026-11-02,Late,en,Ann,ann@example.org,\n"  # line 4
    "Bad date,Text,02/11/2026,Late,en,Ann,ann@example.org,\n"  # line 5
    "Bad kind,Text,2026-11-02,Lost,en,Ann,ann@example.org,\n"  # line 6
    "Bad mail,Text,2026-11-02,Late,xx,Ann,ann@@example,\n"  # line 7
    "Unreachable,Text,2026-11-02,Late,en,Ann,,\n"  # line 8
    "Future,Text,2999-01-01,Late,en,Ann,ann@example.org,\n"  # line 9
)


# Without a default category, a kind that is neither in [values.category] nor a code is bad.
STRICT_MAPPING = SHOP_MAPPING.replace('category = "other"\n', "")


def test_bad_rows_refuse_the_import_with_their_line_numbers_and_nothing_is_written(db, tmp_path):
    path = write(tmp_path, "bad.csv", BAD)
    with pytest.raises(ImportRefused) as refused:
        import_csv(path=path, mapping=load_mapping(shop_mapping(tmp_path, STRICT_MAPPING)))
    messages = [str(e) for e in refused.value.report.errors]
    assert messages == [
        "line 4: description is empty.",
        "line 5: received_at “02/11/2026” is not a date"
        " (formats: %Y-%m-%d or %Y-%m-%dT%H:%M:%S%z).",
        "line 6: unknown category “Lost”.",
        "line 7: unknown language “xx”.",
        "line 7: “ann@@example” is not an email address.",
        "line 8: the customer has no email, phone or postal address.",
        "line 9: received_at 2999-01-01 00:00:00+00:00 is in the future.",
    ]
    assert refused.value.report.skipped == 6
    assert Complaint.objects.count() == Customer.objects.count() == 0
    assert not ReferenceCounter.objects.exists()


def test_skip_bad_imports_the_good_rows_and_reports_the_others(db, tmp_path):
    report = import_csv(
        path=write(tmp_path, "bad.csv", BAD),
        mapping=load_mapping(shop_mapping(tmp_path, STRICT_MAPPING)),
        skip_bad=True,
    )
    assert (report.rows, report.imported, report.skipped) == (7, 1, 6)
    (only,) = Complaint.objects.all()
    assert only.description == "Two\nlines of text"
    assert only.events.get(kind=EventKind.SUBMITTED).data["line"] == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[columns\n", "shop.toml is not valid TOML"),
        ("[colums]\n", "unknown section [colums]"),
        ('[columns]\nsubjekt = "Title"\n', "unknown field “subjekt”"),
        ("[columns]\nsubject = 3\n", "“subject” must be a column name or a list of column names."),
        ('[columns]\nsubject = "Title"\n', "no column and no default for description, received_at"),
        (
            SHOP_MAPPING.replace('category = "other"', 'category = "lost"'),
            "Unknown category “lost” in the mapping",
        ),
        (
            SHOP_MAPPING.replace('status = "received"', 'status = "decided"'),
            "Unknown status “decided”",
        ),
        (SHOP_MAPPING + '[options]\ndelimiter = ";;"\n', "delimiter must be one character"),
    ],
)
def test_a_bad_mapping_is_refused_with_a_clear_message(db, tmp_path, text, message):
    with pytest.raises(MappingError) as error:
        load_mapping(shop_mapping(tmp_path, text))
    assert message in str(error.value)


def test_a_csv_without_a_mapped_column_or_not_in_utf8_is_refused(db, tmp_path):
    mapping = load_mapping(shop_mapping(tmp_path))
    no_phone = write(tmp_path, "a.csv", GOOD.replace(",Phone\n", "\n", 1))
    with pytest.raises(MappingError, match=r"a\.csv has no column “Phone”"):
        import_csv(path=no_phone, mapping=mapping)
    latin = write(
        tmp_path,
        "b.csv",
        GOOD.replace("ตู้เย็นเสีย", "Kühlschrank")
        .replace("ตู้เย็นที่ซื้อมาเสียหลังใช้งานสองวัน", "Kaputt")
        .replace("สมชาย", "Jörg")
        .replace("Ivić", "Ivic"),
        encoding="latin-1",
    )
    with pytest.raises(MappingError, match=r"b.csv (near line \d+ )?is not utf-8-sig text"):
        import_csv(path=latin, mapping=mapping)
    assert Complaint.objects.count() == 0


def test_the_import_command_reports_progress_and_refuses_bad_files(db, tmp_path):
    mapping = shop_mapping(tmp_path)
    out, err = StringIO(), StringIO()
    call_command(
        "import",
        str(write(tmp_path, "c.csv", GOOD)),
        "--mapping",
        str(mapping),
        stdout=out,
        stderr=err,
    )
    assert "Imported 3 of 3 rows (0 skipped), 2 new customers" in out.getvalue()
    assert "3row" in err.getvalue()  # the progress bar
    err = StringIO()
    mapping = write(tmp_path, "strict.toml", STRICT_MAPPING)
    with pytest.raises(CommandError, match="6 of 7 rows are bad; nothing was imported"):
        call_command(
            "import",
            str(write(tmp_path, "bad.csv", BAD)),
            "--mapping",
            str(mapping),
            "--no-progress",
            stdout=StringIO(),
            stderr=err,
        )
    assert "line 6: unknown category “Lost”." in err.getvalue()
    with pytest.raises(CommandError, match="Cannot read the mapping file"):
        call_command("import", "x.csv", "--mapping", str(tmp_path / "missing.toml"))
    assert Complaint.objects.count() == 3


def test_parse_mapping_accepts_lists_and_templates(db):
    mapping = parse_mapping(
        SHOP_MAPPING.replace('subject = "Title"', 'subject = ["{Title} ({Kind})", "Title"]')
    )
    assert mapping.columns["subject"] == ["{Title} ({Kind})", "Title"]
    assert "Kind" in mapping.referenced_columns() and "Title" in mapping.referenced_columns()
