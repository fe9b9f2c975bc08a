from django.contrib import admin

from orgs.admin import ReadOnlyAdmin
from registers.models import (
    AuthorityItem,
    Campaign,
    Category,
    CategorySet,
    ProcedureStep,
    Register,
    RiskEntry,
)


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0


@admin.register(CategorySet)
class CategorySetAdmin(admin.ModelAdmin):
    list_display = ["name", "source", "is_default"]
    inlines = [CategoryInline]


class ProcedureStepInline(admin.TabularInline):
    model = ProcedureStep
    extra = 0


@admin.register(AuthorityItem)
class AuthorityItemAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "kind", "category", "is_active"]
    list_filter = ["kind", "category", "unit"]
    search_fields = ["name", "legal_basis"]
    inlines = [ProcedureStepInline]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "grading_scheme", "category_set", "started_at"]
    readonly_fields = ["started_at"]


@admin.register(Register)
class RegisterAdmin(ReadOnlyAdmin):
    """Read-only here: the state and content change only through the app's services."""

    list_display = ["__str__", "campaign", "level", "state", "version", "revision"]
    list_filter = ["campaign", "level", "state"]
    search_fields = ["unit__name", "post__name"]


@admin.register(RiskEntry)
class RiskEntryAdmin(RegisterAdmin):
    list_display = ["risk", "register", "category", "grade"]
    list_filter = ["register__campaign", "category", "grade"]
    search_fields = ["risk", "manifestations"]
