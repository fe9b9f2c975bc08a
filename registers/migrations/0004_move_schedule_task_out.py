# ScheduleTask moved to schedule: removed from registers' state only, its table and rows stay.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('registers', '0003_schedule_task'),
        ('schedule', '0001_moved_from_registers_and_workflow'),
        ('workflow', '0004_move_notifications_and_schedule_out'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='ScheduleTask',
                ),
            ],
            database_operations=[],
        ),
    ]
