from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("报表导出")

    def ready(self) -> None:
        # The export tasks, registered with Celery in every process (the web's too):
        # reports.services enqueues them by name.
        import reports.tasks  # noqa: F401
        from audit.labels import register_action_labels
        from orgs.choices import Role
        from reports.choices import AUDIT_LABELS

        register_action_labels(AUDIT_LABELS)
        from orgs.navigation import REPORTS, NavItem, register_nav_item

        register_nav_item(
            NavItem(
                _("统计"),
                "reports:stats",
                "bar-chart",
                frozenset({Role.COMMITTEE, Role.ADMIN, Role.LEADER_IN_CHARGE, Role.PRINCIPAL}),
                group=REPORTS,
            )
        )
        register_nav_item(
            NavItem(
                _("报表导出"),
                "reports:exports_home",
                "file-earmark-arrow-down",
                frozenset({Role.ADMIN}),
                group=REPORTS,
            )
        )
        # Everyone may export what he sees, and a large export becomes a job he must find again.
        register_nav_item(
            NavItem(_("我的导出"), "reports:my_jobs", "cloud-arrow-down", group=REPORTS)
        )
