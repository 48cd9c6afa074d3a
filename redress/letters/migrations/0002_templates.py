from django.db import migrations


def add_templates(apps, schema_editor):
    from redress.letters.seed import seed_rows

    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    for row in seed_rows():
        LetterTemplate.objects.get_or_create(
            kind=row["kind"],
            language=row["language"],
            defaults={"subject": row["subject"], "body": row["body"]},
        )


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial")]

    operations = [migrations.RunPython(add_templates, migrations.RunPython.noop)]
