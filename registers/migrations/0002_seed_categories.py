from django.db import migrations

from registers.categories import SEEDED_SETS


def seed(apps, schema_editor):
    CategorySet = apps.get_model("registers", "CategorySet")
    Category = apps.get_model("registers", "Category")
    for name, source, is_default, categories in SEEDED_SETS:
        category_set, _ = CategorySet.objects.get_or_create(
            name=name, defaults={"source": source, "is_default": is_default}
        )
        for order, (category, note) in enumerate(categories, start=1):
            Category.objects.update_or_create(
                category_set=category_set, name=category, defaults={"note": note, "order": order}
            )


class Migration(migrations.Migration):
    dependencies = [("registers", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
