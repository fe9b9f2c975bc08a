# Notification and OutboxMessage moved to notifications, CampaignReminderSettings and Reminder to
# schedule: removed from workflow's state only, their tables and rows stay.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('workflow', '0003_notifications_schedule'),
        ('notifications', '0001_moved_from_workflow'),
        ('schedule', '0001_moved_from_registers_and_workflow'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='campaignremindersettings',
                    name='campaign',
                ),
                migrations.RemoveIndex(
                    model_name='notification',
                    name='notification_unread',
                ),
                migrations.RemoveIndex(
                    model_name='outboxmessage',
                    name='outbox_pending',
                ),
                migrations.RemoveConstraint(
                    model_name='reminder',
                    name='reminder_once_per_day',
                ),
                migrations.DeleteModel(
                    name='CampaignReminderSettings',
                ),
                migrations.RemoveField(
                    model_name='outboxmessage',
                    name='notification',
                ),
                migrations.RemoveField(
                    model_name='reminder',
                    name='task',
                ),
                migrations.RemoveField(
                    model_name='reminder',
                    name='unit',
                ),
                migrations.DeleteModel(
                    name='Notification',
                ),
                migrations.DeleteModel(
                    name='OutboxMessage',
                ),
                migrations.DeleteModel(
                    name='Reminder',
                ),
            ],
            database_operations=[],
        ),
    ]
