from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    name = "registers"
    verbose_name = _("廉政风险清单")

    def ready(self) -> None:
        from audit.labels import register_action_labels
        from orgs.choices import Role
        from orgs.inbox import register_inbox_provider
        from orgs.navigation import LISTS, WORK, NavItem, register_nav_item
        from registers.choices import AUDIT_LABELS
        from registers.inbox import registers_to_fill

        register_nav_item(
            NavItem(_("风险清单"), "registers:register_list", "list-check", group=LISTS)
        )
        register_nav_item(
            NavItem(_("我的个人清单"), "registers:my_register", "person-check", group=LISTS)
        )
        register_nav_item(
            NavItem(_("权责清单"), "registers:authority_list", "journal-text", group=LISTS)
        )
        register_nav_item(
            NavItem(
                _("排查工作"),
                "registers:campaign_list",
                "calendar-check",
                frozenset({Role.ADMIN}),
                group=WORK,
            )
        )
        register_inbox_provider(registers_to_fill)
        register_action_labels(AUDIT_LABELS)
