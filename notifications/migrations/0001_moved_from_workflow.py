# Notification and OutboxMessage move here from workflow: state only, their tables stay (renamed
# by 0002), their rows and content types are kept.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVES = {("workflow", "notification"): "notifications", ("workflow", "outboxmessage"): "notifications"}


def _rename(apps, moves):
    # Keep the content types (and with them permissions, admin history, object permissions) of
    # the moved models: rename the old rows instead of letting new ones be created beside them.
    content_type = apps.get_model("contenttypes", "ContentType")
    for (old_app, model), new_app in moves.items():
        if not content_type.objects.filter(app_label=new_app, model=model).exists():
            content_type.objects.filter(app_label=old_app, model=model).update(app_label=new_app)


def move_content_types(apps, schema_editor):
    _rename(apps, MOVES)


def reverse_content_types(apps, schema_editor):
    _rename(apps, {(new, model): old for (old, model), new in MOVES.items()})


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('workflow', '0003_notifications_schedule'),
        ('registers', '0003_schedule_task'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('submitted', '待签字'), ('signed', '待审核'), ('returned', '退回修改'), ('approved', '待党组研究'), ('deliberated', '待公示'), ('published', '已公示'), ('reopened', '重新修订'), ('signature_voided', '签字失效'), ('feedback', '监督反馈'), ('reminder', '截止提醒'), ('overdue', '逾期督办'), ('other', '通知')], max_length=20, verbose_name='类型')),
                        ('title', models.CharField(max_length=200, verbose_name='标题')),
                        ('body', models.TextField(blank=True, verbose_name='内容')),
                        ('url', models.CharField(blank=True, max_length=300, verbose_name='链接')),
                        ('created_at', models.DateTimeField(verbose_name='时间')),
                        ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='已读时间')),
                        ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='接收人')),
                        ('register', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='registers.register', verbose_name='清单')),
                    ],
                    options={
                        'verbose_name': '通知',
                        'verbose_name_plural': '通知',
                        'db_table': 'workflow_notification',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='OutboxMessage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('to', models.EmailField(max_length=254, verbose_name='收件人')),
                        ('subject', models.CharField(max_length=250, verbose_name='主题')),
                        ('body', models.TextField(verbose_name='正文')),
                        ('created_at', models.DateTimeField(verbose_name='创建时间')),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='发送时间')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='尝试次数')),
                        ('last_attempt_at', models.DateTimeField(blank=True, null=True, verbose_name='最近尝试时间')),
                        ('last_error', models.TextField(blank=True, verbose_name='最近错误')),
                        ('notification', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='emails', to='notifications.notification', verbose_name='通知')),
                    ],
                    options={
                        'verbose_name': '待发邮件',
                        'verbose_name_plural': '待发邮件',
                        'db_table': 'workflow_outboxmessage',
                        'ordering': ['created_at', 'id'],
                    },
                ),
                migrations.AddIndex(
                    model_name='notification',
                    index=models.Index(fields=['recipient', 'read_at'], name='notification_unread'),
                ),
                migrations.AddIndex(
                    model_name='outboxmessage',
                    index=models.Index(fields=['sent_at', 'created_at'], name='outbox_pending'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, reverse_content_types),
    ]
