from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = _("审核流程")

    def ready(self) -> None:
        from audit.labels import register_action_labels, register_value_labels
        from orgs.choices import Role
        from orgs.inbox import register_inbox_provider
        from orgs.navigation import LISTS, SUPERVISION, NavItem, register_nav_item
        from registers.choices import RegisterState
        from registers.services import on_register_content_changed
        from workflow.permissions import missing_signer_refusal
        from workflow.selectors import inbox_sections
        from workflow.services import register_content_changed
        from workflow.transitions import AUDIT_LABELS, on_submit_check

        on_register_content_changed(register_content_changed)
        on_submit_check(missing_signer_refusal)
        register_action_labels(AUDIT_LABELS)
        for key in ("from", "to"):
            register_value_labels(key, dict(RegisterState.choices))
        register_inbox_provider(inbox_sections)
        register_nav_item(NavItem(_("公示清单"), "workflow:published", "megaphone", group=LISTS))
        register_nav_item(
            NavItem(
                _("审核总览"),
                "workflow:overview",
                "clipboard-data",
                frozenset({Role.COMMITTEE, Role.ADMIN}),
                group=SUPERVISION,
            )
        )
        register_nav_item(
            NavItem(
                _("审计日志"),
                "workflow:audit_log",
                "journal-text",
                frozenset({Role.COMMITTEE, Role.ADMIN}),
                group=SUPERVISION,
            )
        )
        register_nav_item(
            NavItem(
                _("监督意见"),
                "workflow:feedback",
                "chat-left-text",
                frozenset({Role.COMMITTEE, Role.ADMIN}),
                group=SUPERVISION,
            )
        )
