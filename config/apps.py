"""App configurations of third-party apps, adjusted where their English leaks into the UI."""

from typing import Any

from axes.apps import AppConfig as AxesAppConfig
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, gettext_lazy


def _boolean_icon_in_chinese(field_val: bool | None) -> SafeString:
    # Django writes the Python value ("True", "False", "None") as the icon's alt text, which
    # screen readers, text browsers and copy-paste show in English; its catalogue cannot help.
    # Every admin call site imports the function from admin_list at call time, so replacing it
    # there reaches all of them (tests/security/test_chinese_ui.py crawls the admin for it).
    icon = {True: "yes", False: "no", None: "unknown"}[field_val]
    label = {True: gettext("是"), False: gettext("否"), None: gettext("未知")}[field_val]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), label)


class ChineseAdminConfig(AdminConfig):
    """django.contrib.admin, with the boolean icons' alt text translated."""

    def ready(self) -> None:
        super().ready()
        admin_list._boolean_icon = _boolean_icon_in_chinese  # type: ignore[attr-defined]


class ChineseAxesConfig(AxesAppConfig):
    """django-axes under a Chinese name in the admin (it has none of its own), its records named
    in Chinese where the admin shows them (history, deletion, row labels). Its admin pages are
    orgs.admin's subclasses (AXES_ENABLE_ADMIN is off)."""

    verbose_name = gettext_lazy("登录锁定")

    def ready(self) -> None:
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        AccessAttempt.__str__ = _attempt_str  # type: ignore[method-assign,assignment]
        AccessFailureLog.__str__ = _attempt_str  # type: ignore[method-assign,assignment]
        AccessLog.__str__ = _attempt_str  # type: ignore[method-assign,assignment]


def _attempt_str(record: Any) -> str:
    return gettext("%(username)s 于 %(time)s 自 %(ip)s") % {
        "username": record.username or "—",
        "time": timezone.localtime(record.attempt_time).strftime("%Y-%m-%d %H:%M:%S"),
        "ip": record.ip_address or "—",
    }
