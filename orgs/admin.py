from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from orgs.models import Post, Unit, User


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
    search_fields = ["username", "name", "phone", "unit__name"]
    autocomplete_fields = ["unit", "post"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("name", "unit", "post", "job_title", "phone", "email")}),
        (
            _("角色"),
            {"fields": ("is_committee_member", "is_party_group_member")},
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
