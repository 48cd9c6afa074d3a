from django.db import migrations

# The journal is append-only at the database too: an UPDATE is refused whatever
# the interface (ORM, admin, raw SQL). Deletes are refused by the model layer and
# by the PROTECT foreign key; a DELETE trigger would also block test-database flushes.
SQLITE_TRIGGER = """
CREATE TRIGGER complaints_journalevent_no_update BEFORE UPDATE ON complaints_journalevent
BEGIN SELECT RAISE(ABORT, 'the complaint journal is append-only'); END;
"""
POSTGRES_TRIGGER = """
CREATE OR REPLACE FUNCTION complaints_journal_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'the complaint journal is append-only'; END; $$ LANGUAGE plpgsql;
CREATE TRIGGER complaints_journalevent_no_update BEFORE UPDATE ON complaints_journalevent
FOR EACH ROW EXECUTE FUNCTION complaints_journal_append_only();
"""

CATEGORIES = [
    ("product-quality", "Product quality", "คุณภาพสินค้า", "পণ্যের মান", "Kvaliteta proizvoda", "Produktkvalitet"),
    ("service-quality", "Service quality", "คุณภาพการบริการ", "সেবার মান", "Kvaliteta usluge", "Servicekvalitet"),
    ("staff-conduct", "Staff conduct", "พฤติกรรมของพนักงาน", "কর্মীদের আচরণ", "Ponašanje osoblja", "Personalens bemötande"),
    ("delivery", "Delivery", "การจัดส่ง", "ডেলিভারি", "Dostava", "Leverans"),
    ("billing-payment", "Billing and payment", "การเรียกเก็บเงินและการชำระเงิน", "বিল ও পেমেন্ট", "Naplata i plaćanje", "Fakturering och betalning"),
    ("warranty", "Warranty", "การรับประกัน", "ওয়ারেন্টি", "Jamstvo", "Garanti"),
    ("other", "Other", "อื่น ๆ", "অন্যান্য", "Ostalo", "Övrigt"),
]


def apply_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_TRIGGER)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute("DROP TRIGGER IF EXISTS complaints_journalevent_no_update" +
                          (" ON complaints_journalevent" if vendor == "postgresql" else ""))


def add_categories(apps, schema_editor):
    Category = apps.get_model("complaints", "Category")
    for position, (code, en, th, bn, hr, sv) in enumerate(CATEGORIES):
        Category.objects.get_or_create(
            code=code,
            defaults={"name_en": en, "name_th": th, "name_bn": bn, "name_hr": hr, "name_sv": sv,
                      "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]
    operations = [
        migrations.RunPython(apply_triggers, drop_triggers),
        migrations.RunPython(add_categories, migrations.RunPython.noop),
    ]
