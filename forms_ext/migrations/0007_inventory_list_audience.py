# Who may read an inventory's current list. Numbered 0007 because 0006 is taken by
# api_clients (another change made at the same time); it depends on 0005 until that is
# merged, and the two are then put in one line.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("forms_ext", "0006_api_clients"),
    ]

    operations = [
        migrations.AddField(
            model_name="inventorypage",
            name="list_audience",
            field=models.CharField(
                choices=[("staff", "staff with a role in an expected unit"), ("public", "anyone")],
                default="staff",
                help_text=(
                    "Staff see the units their roles reach; a public list shows every expected "
                    "unit, updated by unit rather than by person."
                ),
                max_length=8,
                verbose_name="who may read the current list",
            ),
        ),
    ]
