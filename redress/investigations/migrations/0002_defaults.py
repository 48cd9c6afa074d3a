from django.db import migrations

FACTS = [
    ("What happened", "เกิดอะไรขึ้น", "কী ঘটেছিল", "Što se dogodilo", "Vad som hände"),
    ("When it happened", "เกิดขึ้นเมื่อใด", "কখন ঘটেছিল", "Kada se dogodilo", "När det hände"),
    ("Who was involved", "ใครเกี่ยวข้องบ้าง", "কারা জড়িত ছিলেন", "Tko je bio uključen", "Vilka som var inblandade"),
    ("What the customer wants", "ลูกค้าต้องการอะไร", "গ্রাহক কী চান", "Što klijent želi", "Vad kunden vill"),
]
ROOT_CAUSES = [
    ("process", "Process or procedure", "กระบวนการหรือขั้นตอนการทำงาน", "প্রক্রিয়া বা কার্যপদ্ধতি", "Proces ili postupak", "Process eller rutin"),
    ("training", "Staff knowledge or training", "ความรู้หรือการฝึกอบรมของพนักงาน", "কর্মীদের জ্ঞান বা প্রশিক্ষণ", "Znanje ili obuka osoblja", "Personalens kunskap eller utbildning"),
    ("conduct", "Staff conduct", "พฤติกรรมของพนักงาน", "কর্মীদের আচরণ", "Ponašanje osoblja", "Personalens bemötande"),
    ("product-defect", "Product defect", "ข้อบกพร่องของสินค้า", "পণ্যের ত্রুটি", "Nedostatak proizvoda", "Produktfel"),
    ("supplier", "Supplier or carrier", "ผู้จัดหาหรือผู้ขนส่ง", "সরবরাহকারী বা পরিবহনকারী", "Dobavljač ili prijevoznik", "Leverantör eller transportör"),
    ("system", "IT system error", "ข้อผิดพลาดของระบบไอที", "আইটি সিস্টেমের ত্রুটি", "Pogreška informatičkog sustava", "Fel i IT-system"),
    ("information", "Information or communication", "ข้อมูลหรือการสื่อสาร", "তথ্য বা যোগাযোগ", "Informiranje ili komunikacija", "Information eller kommunikation"),
    ("billing", "Pricing or billing error", "ข้อผิดพลาดด้านราคาหรือการเรียกเก็บเงิน", "দাম বা বিলের ত্রুটি", "Pogreška u cijeni ili naplati", "Fel i pris eller fakturering"),
    ("other", "Other", "อื่น ๆ", "অন্যান্য", "Ostalo", "Övrigt"),
]


def add_defaults(apps, schema_editor):
    FactItem = apps.get_model("investigations", "FactItem")
    RootCauseCategory = apps.get_model("investigations", "RootCauseCategory")
    ConfirmationRule = apps.get_model("investigations", "ConfirmationRule")
    if not FactItem.objects.filter(category__isnull=True).exists():
        for position, (en, th, bn, hr, sv) in enumerate(FACTS):
            FactItem.objects.create(text_en=en, text_th=th, text_bn=bn, text_hr=hr, text_sv=sv,
                                    position=position)
    for position, (code, en, th, bn, hr, sv) in enumerate(ROOT_CAUSES):
        RootCauseCategory.objects.get_or_create(
            code=code, defaults={"text_en": en, "text_th": th, "text_bn": bn, "text_hr": hr,
                                 "text_sv": sv, "position": position})
    if not ConfirmationRule.objects.exists():
        # A large amount in dispute needs a quality lead's confirmation.
        ConfirmationRule.objects.create(amount_over=1000)


class Migration(migrations.Migration):
    dependencies = [("investigations", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
