# ScheduleTask moves here from registers, CampaignReminderSettings and Reminder from workflow:
# state only, their tables stay (renamed by 0002), their rows and content types are kept.

import django.db.models.deletion
from django.db import migrations, models

MOVES = {("registers", "scheduletask"): "schedule", ("workflow", "campaignremindersettings"): "schedule", ("workflow", "reminder"): "schedule"}


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
        ('orgs', '0001_initial'),
        ('registers', '0003_schedule_task'),
        ('workflow', '0003_notifications_schedule'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CampaignReminderSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reminder_days', models.CharField(default='7,3,1', help_text='截止日期前若干天提醒,逗号分隔,如“7,3,1”', max_length=50, verbose_name='提前提醒天数')),
                        ('overdue_repeat_days', models.PositiveSmallIntegerField(default=7, help_text='截止当日发出逾期督办,此后每隔若干天再次督办', verbose_name='逾期督办间隔(天)')),
                        ('campaign', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='reminder_settings', to='registers.campaign', verbose_name='排查工作')),
                    ],
                    options={
                        'verbose_name': '提醒设置',
                        'verbose_name_plural': '提醒设置',
                        'db_table': 'workflow_campaignremindersettings',
                    },
                ),
                migrations.CreateModel(
                    name='ScheduleTask',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('order', models.PositiveIntegerField(default=0, verbose_name='序号')),
                        ('stage', models.CharField(max_length=100, verbose_name='阶段')),
                        ('task', models.TextField(verbose_name='主要任务内容')),
                        ('lead_unit', models.CharField(max_length=100, verbose_name='牵头单位')),
                        ('responsible_units', models.CharField(max_length=200, verbose_name='责任单位')),
                        ('due_text', models.CharField(help_text='表格中的写法,如“8月10日前”', max_length=50, verbose_name='完成时间')),
                        ('deadline', models.DateField(blank=True, null=True, verbose_name='截止日期')),
                        ('required_state', models.CharField(blank=True, choices=[('draft', '自查填报'), ('submitted', '待签字'), ('signed', '待纪委审核'), ('approved', '待党组研究'), ('deliberated', '待公示'), ('published', '已公示'), ('returned', '退回修改')], help_text='责任单位的清单达到该状态即视为完成;不填则不自动计算', max_length=12, verbose_name='完成标志')),
                        ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='schedule', to='registers.campaign', verbose_name='排查工作')),
                    ],
                    options={
                        'verbose_name': '工作安排',
                        'verbose_name_plural': '工作安排',
                        'db_table': 'registers_scheduletask',
                        'ordering': ['campaign', 'order', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='Reminder',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('reminder', '截止提醒'), ('overdue', '逾期督办')], max_length=10, verbose_name='类型')),
                        ('day', models.DateField(verbose_name='日期')),
                        ('days_before', models.IntegerField(verbose_name='距截止天数')),
                        ('recipients', models.TextField(blank=True, verbose_name='接收人')),
                        ('created_at', models.DateTimeField(verbose_name='发送时间')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.unit', verbose_name='单位')),
                        ('task', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='schedule.scheduletask', verbose_name='工作安排')),
                    ],
                    options={
                        'verbose_name': '截止提醒记录',
                        'verbose_name_plural': '截止提醒记录',
                        'db_table': 'workflow_reminder',
                        'ordering': ['-day', 'task', 'unit'],
                        'constraints': [models.UniqueConstraint(fields=('task', 'unit', 'kind', 'day'), name='reminder_once_per_day')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, reverse_content_types),
    ]
