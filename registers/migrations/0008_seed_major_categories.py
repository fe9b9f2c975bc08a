from django.db import migrations

from registers.categories import seed_category_sets


def seed(apps, schema_editor):
    seed_category_sets(apps.get_model("registers", "CategorySet"), apps.get_model("registers", "Category"))


class Migration(migrations.Migration):
    dependencies = [("registers", "0007_personal_and_major_registers")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
