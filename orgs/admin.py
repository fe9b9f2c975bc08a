from typing import Any

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from audit import actions
from audit.services import audit_record
from orgs.models import Post, Unit, User

# The flags that give a person an organization-wide role (see orgs.permissions).
ROLE_FIELDS = (
    "is_committee_member",
    "is_party_group_member",
    "is_party_branch_secretary",
    "is_staff",
    "is_superuser",
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that only the services write (transitions, signatures, notifications,
    reminders): an edit in the admin would falsify them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PostInline(admin.TabularInline):
    model = Post
    extra = 0


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "parent", "head", "leader_in_charge", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent", "head", "leader_in_charge"]
    inlines = [PostInline]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "is_key", "order"]
    list_filter = ["is_key", "unit__kind"]
    search_fields = ["name", "unit__name"]
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "name", "unit", "post", "job_title", "is_active"]
    list_filter = ["is_committee_member", "is_party_group_member", "is_staff", "unit__kind"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        """Nobody grants himself a role: committee membership opens every integrity file and
        every warning, so an administrator's own roles are changed by another one."""
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            fields += [*ROLE_FIELDS]
        return fields

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Every change of a role is audited, with the values before and after."""
        before = (
            dict(User.objects.filter(pk=obj.pk).values(*ROLE_FIELDS).get())
            if change
            else dict.fromkeys(ROLE_FIELDS, False)
        )
        super().save_model(request, obj, form, change)
        after = {name: getattr(obj, name) for name in ROLE_FIELDS}
        changed = {
            name: [before[name], after[name]] for name in ROLE_FIELDS if before[name] != after[name]
        }
        if changed:
            audit_record(
                action=actions.USER_CHANGE_ROLES,
                actor=request.user,  # type: ignore[arg-type]
                obj=obj,
                data={"changed": changed},
            )

    search_fields = ["username", "name", "phone", "unit__name"]
    autocomplete_fields = ["unit", "post"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("name", "unit", "post", "job_title", "phone", "email")}),
        (
            _("角色"),
            {
                "fields": (
                    "is_committee_member",
                    "is_party_group_member",
                    "is_party_branch_secretary",
                )
            },
        ),
        (
            _("权限"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("重要日期"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "name", "unit", "post", "password1", "password2"),
            },
        ),
    )


# The lockout pages (django-axes), where administrators unlock accounts: axes' own admin classes
# with the columns it leaves unnamed given Chinese names (AXES_ENABLE_ADMIN is off).
class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    @admin.display(description=_("过期时间"))
    def expiration(self, obj: AccessAttempt) -> object:
        return super().expiration(obj)

    @admin.display(description=_("状态"))
    def status(self, obj: AccessAttempt) -> str:
        if obj.failures_since_start >= settings.AXES_FAILURE_LIMIT:
            return str(_("已锁定"))
        remaining = settings.AXES_FAILURE_LIMIT - obj.failures_since_start
        return str(_("还可尝试 %(count)d 次")) % {"count": remaining}


admin.site.register(AccessAttempt, AccessAttemptAdmin)
admin.site.register(AccessLog, axes_admin.AccessLogAdmin)
admin.site.register(AccessFailureLog, axes_admin.AccessFailureLogAdmin)
