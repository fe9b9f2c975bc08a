from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

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


class GradedFilter(admin.SimpleListFilter):
    """Graded or not: the grade filter lists the three grades only, not the entries imported
    without one."""

    title = _("评定情况")
    parameter_name = "graded"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", str(_("已评定"))), ("no", str(_("未评定")))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[RiskEntry]) -> QuerySet[RiskEntry]:
        if self.value() in ("yes", "no"):
            return queryset.filter(grade__isnull=self.value() == "no")
        return queryset


@admin.register(RiskEntry)
class RiskEntryAdmin(RegisterAdmin):
    # An ungraded entry (imported without a grade) shows the empty value in the grade column.
    list_display = ["risk", "register", "category", "grade"]
    list_filter = ["register__campaign", "category", "grade", GradedFilter]
    search_fields = ["risk", "manifestations", "cause", "responsible_post"]
