# The moved tables take this app's names (registers_scheduletask -> schedule_scheduletask ...).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('schedule', '0001_moved_from_registers_and_workflow'),
        ('registers', '0004_move_schedule_task_out'),
        ('workflow', '0004_move_notifications_and_schedule_out'),
    ]

    operations = [
        migrations.AlterModelTable(
            name='campaignremindersettings',
            table=None,
        ),
        migrations.AlterModelTable(
            name='reminder',
            table=None,
        ),
        migrations.AlterModelTable(
            name='scheduletask',
            table=None,
        ),
    ]
