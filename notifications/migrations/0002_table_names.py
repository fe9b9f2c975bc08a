# The moved tables take this app's names (workflow_notification -> notifications_notification ...).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0001_moved_from_workflow'),
        ('workflow', '0004_move_notifications_and_schedule_out'),
    ]

    operations = [
        migrations.AlterModelTable(
            name='notification',
            table=None,
        ),
        migrations.AlterModelTable(
            name='outboxmessage',
            table=None,
        ),
    ]
