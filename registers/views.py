"""Pages of the registers app: power and duty lists, campaigns, registers and their entries.

Views are thin: they fetch through the visibility selectors (outside scope → 404), check the right
to write (→ 403), call a service, and turn a DomainError into a message. An htmx request gets a
partial from the same view.
"""

import contextlib
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Field, Model, Q, QuerySet
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from orgs.http import AuthenticatedHttpRequest
from orgs.models import Unit, User
from orgs.permissions import is_admin
from registers.choices import Impact, Likelihood, RegisterState
from registers.data import ENTRY_ATTNAMES, ENTRY_FIELDS, EntryData, extra_fields_of
from registers.exceptions import DomainError, EditConflict
from registers.forms import (
    AuthorityFilterForm,
    AuthorityItemForm,
    CampaignForm,
    ProcedureStepFormSet,
    RegisterFilterForm,
    RiskEntryForm,
    procedure_steps,
)
from registers.grading import grade_propose, register_grade_label
from registers.models import AuthorityItem, Campaign, Category, Register, RiskEntry
from registers.permissions import can_fill, can_keep_authority_items, is_editable
from registers.selectors import (
    CategoryGroup,
    authority_item_for_user,
    authority_items_filtered,
    campaigns_visible_to,
    current_campaign,
    entries_by_category,
    high_share,
    personal_register_of,
    register_for_user,
    register_rows,
    roll_forward_changes,
    unit_shares,
)
from registers.services import (
    authority_item_create,
    authority_item_delete,
    authority_item_update,
    campaign_create,
    campaign_registers_complete,
    campaign_start,
    campaign_update,
    entries_reorder,
    entry_clean,
    entry_create,
    entry_delete,
    entry_update,
    responsible_leader_propose,
)


def _require_admin(user: User) -> None:
    if not is_admin(user):
        raise PermissionDenied


# --- Power and duty lists ------------------------------------------------------------------------


def _own_units(user: User) -> QuerySet[Unit]:
    """The units whose list `user` may keep (every unit for administrators)."""
    units = Unit.objects.order_by("order", "code")
    if is_admin(user):
        return units
    return units.filter(Q(pk=user.unit_id) | Q(head=user))


@login_required
@require_GET
def authority_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AuthorityFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        unit = form.cleaned_data["unit"]
        filters = {
            "unit_id": unit.pk if unit else None,
            "kind": form.cleaned_data["kind"],
            "category": form.cleaned_data["category"],
            "search": form.cleaned_data["q"].strip(),
        }
    items = authority_items_filtered(user=request.user, **filters)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registers/authority_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_add": _own_units(request.user).exists(),
        },
    )


@login_required
@require_GET
def authority_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = authority_item_for_user(user=request.user, item_id=pk)
    return render(
        request,
        "registers/authority_detail.html",
        {"item": item, "can_edit": can_keep_authority_items(request.user, item.unit)},
    )


def _authority_form_page(
    request: AuthenticatedHttpRequest, *, item: AuthorityItem | None
) -> HttpResponse:
    units = _own_units(request.user)
    if item is not None and not can_keep_authority_items(request.user, item.unit):
        raise PermissionDenied
    if item is None and not units.exists():
        raise PermissionDenied
    instance = item or AuthorityItem()
    initial = {"unit": request.user.unit_id} if item is None else None
    form = AuthorityItemForm(request.POST or None, instance=instance, units=units, initial=initial)
    formset = ProcedureStepFormSet(request.POST or None, instance=instance, prefix="steps")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            if item is None:
                item = authority_item_create(
                    actor=request.user,
                    unit=form.cleaned_data["unit"],
                    data=form.item_data(),
                    steps=procedure_steps(formset),
                )
                messages.success(request, _("已添加权责事项“%s”。") % item.name)
            else:
                item = authority_item_update(
                    item=item,
                    actor=request.user,
                    data=form.item_data(),
                    steps=procedure_steps(formset),
                )
                messages.success(request, _("已保存。"))
            return redirect("registers:authority_detail", pk=item.pk)
        except DomainError as error:
            messages.error(request, error.message)
    return render(
        request,
        "registers/authority_form.html",
        {"form": form, "formset": formset, "item": item},
    )


@login_required
def authority_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _authority_form_page(request, item=None)


@login_required
def authority_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = authority_item_for_user(user=request.user, item_id=pk)
    return _authority_form_page(request, item=item)


@login_required
@require_POST
def authority_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = authority_item_for_user(user=request.user, item_id=pk)
    authority_item_delete(item=item, actor=request.user)
    messages.success(request, _("已删除权责事项“%s”。") % item.name)
    return redirect("registers:authority_list")


# --- Campaigns -----------------------------------------------------------------------------------


@login_required
@require_GET
def campaign_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_admin(request.user)
    campaigns = campaigns_visible_to(request.user).select_related("previous")
    return render(request, "registers/campaign_list.html", {"campaigns": campaigns})


@login_required
def campaign_form(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    _require_admin(request.user)
    campaign = get_object_or_404(campaigns_visible_to(request.user), pk=pk) if pk else None
    form = CampaignForm(request.POST or None, instance=campaign or Campaign())
    if request.method == "POST" and form.is_valid():
        try:
            if campaign is None:
                campaign = campaign_create(actor=request.user, data=form.campaign_data())
                messages.success(request, _("已创建排查工作,工作安排已按附件3预填。"))
            else:
                campaign = campaign_update(
                    campaign=campaign, actor=request.user, data=form.campaign_data()
                )
                messages.success(request, _("已保存。"))
            return redirect("registers:campaign_edit", pk=campaign.pk)
        except DomainError as error:
            messages.error(request, error.message)
    schedule = campaign.schedule.order_by("order", "id") if campaign else []
    return render(
        request,
        "registers/campaign_form.html",
        {"form": form, "campaign": campaign, "schedule": schedule},
    )


@login_required
@require_POST
def campaign_start_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_admin(request.user)
    campaign = get_object_or_404(campaigns_visible_to(request.user), pk=pk)
    try:
        registers = campaign_start(campaign=campaign, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("排查工作已开始,已生成 %(count)d 份清单。") % {"count": len(registers)}
        )
    return redirect("registers:campaign_list")


@login_required
@require_POST
def campaign_complete_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """补建清单: the registers of the people, units and key posts that came after the start."""
    _require_admin(request.user)
    campaign = get_object_or_404(campaigns_visible_to(request.user), pk=pk)
    try:
        registers = campaign_registers_complete(campaign=campaign, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if registers:
            messages.success(
                request,
                _("已补建 %(count)d 份清单:%(names)s。")
                % {"count": len(registers), "names": "、".join(str(r) for r in registers[:10])},
            )
        else:
            messages.info(request, _("没有需要补建的清单:每个人员、单位和重点岗位都已有清单。"))
    return redirect("registers:campaign_list")


# --- Registers -----------------------------------------------------------------------------------


@login_required
@require_GET
def register_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    data = request.GET.copy()
    # Not campaign_from_query: this filter offers 全部 (an empty ?campaign=, every campaign), so
    # only a missing parameter means the current campaign, and the form validates the id.
    if "campaign" not in data:
        current = current_campaign()
        if current is not None:
            data["campaign"] = str(current.pk)
    form = RegisterFilterForm(data)
    filters: dict[str, Any] = {}
    if form.is_valid():
        campaign, unit = form.cleaned_data["campaign"], form.cleaned_data["unit"]
        filters = {
            "campaign_id": campaign.pk if campaign else None,
            "level": form.cleaned_data["level"],
            "state": form.cleaned_data["state"],
            "unit_id": unit.pk if unit else None,
        }
    rows = register_rows(user=request.user, **filters)
    return render(
        request,
        "registers/register_list.html",
        {"form": form, "rows": rows, "unit_shares": unit_shares(rows)},
    )


@dataclass(frozen=True)
class FieldComparison:
    """One field of an entry in an edit conflict: the user's input and the saved value, as shown."""

    name: str
    label: str
    mine: str
    saved: str
    differs: bool


@dataclass(frozen=True)
class UngradedEntry:
    """An entry without a grade (an imported row whose file had none), as the register page lists
    it above the categories: where it is (category, number in the category) and what it is."""

    entry: RiskEntry
    category: Category
    number: int


def _ungraded_entries(groups: list[CategoryGroup]) -> list[UngradedEntry]:
    return [
        UngradedEntry(entry=entry, category=group.category, number=number)
        for group in groups
        for number, entry in enumerate(group.entries, start=1)
        if entry.grade is None
    ]


@dataclass(frozen=True)
class EntryConflict:
    """The version of an entry saved while the user was editing it, beside his own."""

    revision: int  # the register's current revision: what an explicit overwrite posts back
    saved_by: User | None
    saved_at: datetime
    fields: list[FieldComparison]


def _register_context(
    request: AuthenticatedHttpRequest,
    register: Register,
    *,
    open_form: RiskEntryForm | None = None,
    open_entry_id: int | None = None,
    open_category_id: int | None = None,
    open_conflict: EntryConflict | None = None,
    error: str = "",
) -> dict[str, Any]:
    """Everything the register page and its body partial show. Queries: categories, entries (with
    leader and authority item), and the source's entries when rolled forward."""
    groups = entries_by_category(register=register)
    entries = [entry for group in groups for entry in group.entries]
    rolled = roll_forward_changes(register=register, entries=entries)
    for entry in entries:
        entry.grade_text = register_grade_label(register, entry.grade)
        entry.change = rolled.status.get(entry.pk, "") if rolled else ""
    if rolled:
        for entry in rolled.removed:
            entry.grade_text = register_grade_label(register, entry.grade)
    writable = can_fill(request.user, register) and is_editable(register)
    if writable:
        _set_entry_urls(register, entries)
    ungraded = _ungraded_entries(groups)
    return {
        "register": register,
        "groups": groups,
        "share": high_share(campaign=register.campaign, grades=[e.grade for e in entries]),
        "ungraded": ungraded,
        # Read by the workflow panel ({% workflow_panel %}), which would count them again.
        "ungraded_count": len(ungraded),
        "rolled": rolled,
        "writable": writable,
        "open_form": open_form,
        "open_grade": _grade_state(register, open_form) if open_form is not None else None,
        "open_entry_id": open_entry_id,
        "open_category_id": open_category_id,
        "open_conflict": open_conflict,
        "error": error,
        "send_back_warning": _send_back_warning(register) if writable else "",
    }


# The editable states in which the register is no longer the filler's alone: it waits for a
# signature or for the committee's review. An edit of the entries then voids the signature and
# sends the register back to 自查填报 (workflow listens to every content change); registers may not
# import workflow, so tests/registers/test_views.py holds this table to
# workflow.transitions.SENT_BACK_BY_EDIT.
_SEND_BACK_WARNINGS = {
    RegisterState.SUBMITTED: gettext_lazy(
        "本清单已提交,正在等待签字。修改、添加、删除风险点或调整顺序都会把清单退回“自查填报”,"
        "需要重新提交签字。"
    ),
    RegisterState.SIGNED: gettext_lazy(
        "本清单已签字,正在等待纪委审核。修改、添加、删除风险点或调整顺序都会使签字失效,"
        "并把清单退回“自查填报”,需要重新提交签字。"
    ),
}


def _send_back_warning(register: Register) -> str:
    """What an edit of the entries costs in the register's state; empty where it costs nothing."""
    warning = _SEND_BACK_WARNINGS.get(RegisterState(register.state))
    return str(warning) if warning is not None else ""


# An entry id no register reaches, reversed once per route and replaced by each entry's id.
_ENTRY_ID_SLOT = 2**31 - 1
_ENTRY_URL_ROUTES = {
    "edit_url": "registers:entry_edit",
    "move_url": "registers:entry_move",
    "delete_url": "registers:entry_delete",
}


def _set_entry_urls(register: Register, entries: list[RiskEntry]) -> None:
    """Each row's edit / move / delete URLs: one reverse() per route instead of three per row,
    which on a 200-entry register was a fifth of the page's time."""
    for attribute, route in _ENTRY_URL_ROUTES.items():
        url = reverse(route, kwargs={"pk": register.pk, "entry_id": _ENTRY_ID_SLOT})
        head, _slot, tail = url.rpartition(str(_ENTRY_ID_SLOT))
        for entry in entries:
            setattr(entry, attribute, f"{head}{entry.pk}{tail}")


@login_required
@require_GET
def register_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    register = register_for_user(user=request.user, register_id=pk)
    context = _register_context(request, register)
    if request.htmx:
        return _body_partial(request, context)
    return render(request, "registers/register_detail.html", context)


def _body_partial(request: AuthenticatedHttpRequest, context: dict[str, Any]) -> HttpResponse:
    """The register body for htmx. It announces the revision it shows (event `register-revision`,
    static/js/register.js): the workflow panel beside it was rendered with the page and posts
    its revision back with 提交签字, which would otherwise be refused as stale after the user's own
    edits in place."""
    response = render(request, "registers/partials/_register_body.html", context)
    response["HX-Trigger"] = json.dumps(
        {"register-revision": {"revision": context["register"].revision}}
    )
    return response


def _writable_register(request: AuthenticatedHttpRequest, pk: int) -> Register:
    """Visible (else 404) and fillable by the user (else 403); the state is the service's to
    check, so that a register that moved on meanwhile gets a message, not an error page."""
    register = register_for_user(user=request.user, register_id=pk)
    if not can_fill(request.user, register):
        raise PermissionDenied
    return register


def _entry_of(register: Register, entry_id: int) -> RiskEntry:
    return get_object_or_404(RiskEntry.objects.filter(register=register), pk=entry_id)


def _body(
    request: AuthenticatedHttpRequest,
    register: Register,
    *,
    was_ungraded: bool = False,
    **kwargs: Any,
) -> HttpResponse:
    """The register body after a write; a full page without htmx (plain form posts).
    `was_ungraded`: the write graded or deleted an ungraded entry."""
    state_before = register.state
    register.refresh_from_db(fields=["revision", "state"])
    context = _register_context(request, register, **kwargs)
    if request.htmx:
        if register.state != state_before:
            # An edit after submission sent the register back (workflow voids the signature):
            # reload the whole page so that the workflow panel shows it.
            return HttpResponse(headers={"HX-Refresh": "true"})
        if was_ungraded and not context["ungraded"]:
            # The last ungraded entry is graded: the workflow panel, outside the body, still
            # says that the register cannot be submitted.
            return HttpResponse(headers={"HX-Refresh": "true"})
        response = _body_partial(request, context)
        # Forms are swapped in place of a row; a write answers with the whole body so that every
        # form on the page carries the new revision.
        response["HX-Retarget"] = "#register-body"
        response["HX-Reswap"] = "outerHTML"
        return response
    return render(request, "registers/register_detail.html", context)


def _entry_form(
    register: Register,
    *,
    data: QueryDict | None = None,
    entry: RiskEntry | None = None,
    **initial: Any,
) -> RiskEntryForm:
    if entry is not None:
        # Related rows by id: the form's choices find them, no query per field.
        stored = {name: getattr(entry, attname) for name, attname in ENTRY_ATTNAMES.items()}
        initial = {**stored, **initial}
    initial.setdefault("revision", register.revision)
    if entry is not None:
        initial["entry"] = entry.pk
        initial["loaded"] = _entry_digest(entry)
    # The entry's extra fields as stored now: the form does not edit them, and whoever saved the
    # entry meanwhile did not either (only an import writes them).
    extra_fields = extra_fields_of(entry.extra_fields) if entry is not None else ()
    return RiskEntryForm(
        data,
        register=register,
        initial=initial,
        auto_id=_auto_id(entry),
        extra_fields=extra_fields,
    )


def _auto_id(entry: RiskEntry | None) -> str:
    # Several forms can be open on one page (a new entry in one category, an edit in another).
    return f"id_e{entry.pk}_%s" if entry is not None else "id_new_%s"


def _form_context(
    form: RiskEntryForm, register: Register, entry: RiskEntry | None
) -> dict[str, Any]:
    return {
        "form": form,
        "register": register,
        "entry": entry,
        "grade": _grade_state(register, form),
        "send_back_warning": _send_back_warning(register),
    }


@login_required
def entry_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    register = _writable_register(request, pk)
    if request.method == "GET":
        if not is_editable(register):
            return _body(request, register, error=_("清单当前状态不允许修改。"))
        form = _entry_form(
            register,
            category=request.GET.get("category"),
            responsible_department=register.unit.name,
        )
        return render(
            request, "registers/partials/_entry_form.html", _form_context(form, register, None)
        )
    form = _entry_form(register, data=request.POST)
    category_id = _int_or_none(request.POST.get("category"))
    if not form.is_valid():
        return _body(request, register, open_form=form, open_category_id=category_id)
    try:
        entry_create(
            register=register,
            actor=request.user,
            data=form.entry_data(),
            expected_revision=form.cleaned_data["revision"],
        )
    except DomainError as error:
        return _reopen(request, register, form, error, category_id=category_id)
    return _body(request, register)


def _reopen(
    request: AuthenticatedHttpRequest,
    register: Register,
    form: RiskEntryForm,
    error: DomainError,
    *,
    category_id: int | None = None,
    entry_id: int | None = None,
) -> HttpResponse:
    """Show the form again with the user's input and the error.

    After a conflict that leaves the user's entry as he found it (a new entry, or others
    changed other entries) the form takes the current revision: saving again overwrites nobody's
    work, and the refreshed entries around it show what changed. When someone saved the entry
    he is editing, the form keeps the revision he started from, so that saving again is refused
    again; beside his input it shows the version saved meanwhile, field by field, and
    overwriting it is a button of its own (`overwrite_revision`, see entry_edit)."""
    register.refresh_from_db(fields=["revision", "state"])
    data = request.POST.copy()
    conflict = None
    message = error.message
    if isinstance(error, EditConflict):
        saved = (
            RiskEntry.objects.filter(register=register, pk=entry_id)
            .select_related("category", "responsible_leader", "authority_item", "updated_by")
            .first()
            if entry_id is not None
            else None
        )
        if saved is not None and form.cleaned_data.get("loaded") != _entry_digest(saved):
            conflict = _entry_conflict(register, form, saved)
            message = _(
                "此风险点已被他人修改。请对照下方您的版本和当前已保存的版本(不同之处已标出),"
                "再选择“用我的版本覆盖”或“放弃我的修改”。您填写的内容已保留。"
            )
        else:
            data["revision"] = str(register.revision)
    again = RiskEntryForm(
        data, register=register, auto_id=form.auto_id, extra_fields=form.extra_fields
    )
    again.is_valid()
    return _body(
        request,
        register,
        open_form=again,
        open_category_id=category_id,
        open_entry_id=entry_id,
        open_conflict=conflict,
        error=message,
    )


def _entry_digest(entry: RiskEntry) -> str:
    """What the entry holds, in short: equal digests, equal content (ids, not related rows, so
    that no query is needed)."""
    values = {
        name: _comparable(getattr(entry, attname)) for name, attname in ENTRY_ATTNAMES.items()
    }
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:32]


def _entry_conflict(register: Register, form: RiskEntryForm, saved: RiskEntry) -> EntryConflict:
    """Compare the user's input (`form`, valid) with the entry as saved now."""
    current = EntryData.of(saved)
    mine = form.entry_data()
    # As the save would store it (a grade from the matrix, the leader's name from the leader),
    # so that only real differences are marked; input the save would refuse (with its own
    # message) is compared as typed.
    with contextlib.suppress(DomainError):
        mine = entry_clean(register=register, data=mine)
    fields = []
    for name in ENTRY_FIELDS:
        mine_value, saved_value = getattr(mine, name), getattr(current, name)
        mine_text = _entry_value_text(register, name, mine_value)
        saved_text = _entry_value_text(register, name, saved_value)
        if not mine_text and not saved_text:
            continue
        # The extra fields are no form field: labelled by the model.
        label = form.fields[name].label if name in form.fields else _entry_field_label(name)
        fields.append(
            FieldComparison(
                name=name,
                label=str(label),
                mine=mine_text or "—",
                saved=saved_text or "—",
                differs=_comparable(mine_value) != _comparable(saved_value),
            )
        )
    return EntryConflict(
        revision=register.revision,
        saved_by=saved.updated_by,
        saved_at=saved.updated_at,
        fields=fields,
    )


def _entry_field_label(name: str) -> str:
    field = RiskEntry._meta.get_field(name)
    assert isinstance(field, Field), name  # a concrete field, not a reverse relation
    return str(field.verbose_name)


def _comparable(value: Any) -> Any:
    if isinstance(value, Model):
        return value.pk
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        # The extra fields: a tuple of pairs in EntryData, a list of lists as stored.
        return [_comparable(item) for item in value]
    if isinstance(value, str):
        # Browsers send a textarea's line breaks as CRLF; what was saved otherwise may hold LF.
        return value.replace("\r\n", "\n").strip()
    return value


def _entry_value_text(register: Register, name: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if name == "extra_fields":
        return "\n".join(f"{field}:{text}" for field, text in value)
    if name == "likelihood":
        return str(Likelihood(value).label)
    if name == "impact":
        return str(Impact(value).label)
    if name == "grade":
        return register_grade_label(register, value)
    return str(getattr(value, "name", value))


@login_required
def entry_edit(request: AuthenticatedHttpRequest, pk: int, entry_id: int) -> HttpResponse:
    register = _writable_register(request, pk)
    entry = _entry_of(register, entry_id)
    if request.method == "GET":
        if not is_editable(register):
            return _body(request, register, error=_("清单当前状态不允许修改。"))
        form = _entry_form(register, entry=entry)
        return render(
            request, "registers/partials/_entry_form.html", _form_context(form, register, entry)
        )
    form = _entry_form(register, data=request.POST, entry=entry)
    if not form.is_valid():
        return _body(request, register, open_form=form, open_entry_id=entry.pk)
    # After a conflict the form keeps the user's old revision; only the button "用我的版本覆盖"
    # posts the revision whose saved version he was shown, so a plain save stays refused and a
    # third person's save in between is caught again.
    overwrite = _int_or_none(request.POST.get("overwrite_revision"))
    was_ungraded = entry.grade is None
    try:
        entry_update(
            entry=entry,
            actor=request.user,
            data=form.entry_data(),
            expected_revision=overwrite if overwrite is not None else form.cleaned_data["revision"],
        )
    except DomainError as error:
        return _reopen(request, register, form, error, entry_id=entry.pk)
    return _body(request, register, was_ungraded=was_ungraded)


@login_required
@require_POST
def entry_remove(request: AuthenticatedHttpRequest, pk: int, entry_id: int) -> HttpResponse:
    register = _writable_register(request, pk)
    entry = _entry_of(register, entry_id)
    try:
        entry_delete(entry=entry, actor=request.user, expected_revision=_posted_revision(request))
    except DomainError as error:
        return _body(request, register, error=error.message)
    return _body(request, register, was_ungraded=entry.grade is None)


def _posted_revision(request: AuthenticatedHttpRequest) -> int | None:
    try:
        return int(request.POST["revision"])
    except (KeyError, ValueError):
        return None


@login_required
@require_POST
def entry_move(request: AuthenticatedHttpRequest, pk: int, entry_id: int) -> HttpResponse:
    """Move an entry one place up or down within its category."""
    register = _writable_register(request, pk)
    entry = _entry_of(register, entry_id)
    ids = list(
        RiskEntry.objects.filter(register=register, category_id=entry.category_id)
        .order_by("order", "id")
        .values_list("pk", flat=True)
    )
    index = ids.index(entry.pk)
    target = index - 1 if request.POST.get("direction") == "up" else index + 1
    if 0 <= target < len(ids):
        ids[index], ids[target] = ids[target], ids[index]
        try:
            entries_reorder(
                register=register,
                actor=request.user,
                category=entry.category,
                entry_ids=ids,
                expected_revision=_posted_revision(request),
            )
        except DomainError as error:
            return _body(request, register, error=error.message)
    return _body(request, register)


def _grade_state(register: Register, form: RiskEntryForm) -> dict[str, Any]:
    """What the grade block shows: the matrix's proposal, whether the chosen grade overrides it,
    and the leader proposed for the grade."""

    def value(name: str) -> int | None:
        raw = form[name].value()
        try:
            return int(raw) if raw not in (None, "") else None
        except (TypeError, ValueError):
            return None

    proposed = grade_propose(likelihood=value("likelihood"), impact=value("impact"))
    grade = value("grade")
    leader = responsible_leader_propose(register=register, grade=grade or proposed)
    return {
        "proposed": proposed,
        "proposed_label": register_grade_label(register, proposed),
        "overrides": proposed is not None and grade is not None and grade != proposed,
        "leader": leader,
    }


@login_required
@require_GET
def grade_proposal(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Live proposal while the selects change: when likelihood or impact changed, the grade is set
    to the matrix's proposal and the responsible leader to the one for that grade; when the
    grade itself changed, the user's choice stays and an override asks for its reason."""
    register = register_for_user(user=request.user, register_id=pk)
    data = request.GET.copy()
    trigger = request.headers.get("HX-Trigger-Name", "")
    proposed = grade_propose(
        likelihood=_int_or_none(data.get("likelihood")), impact=_int_or_none(data.get("impact"))
    )
    if trigger in ("likelihood", "impact") and proposed is not None:
        data["grade"] = str(proposed)
    if trigger in ("likelihood", "impact", "grade"):
        leader = responsible_leader_propose(
            register=register, grade=_int_or_none(data.get("grade")) or proposed
        )
        if leader is not None:
            data["responsible_leader"] = str(leader.pk)
            data["responsible_leader_name"] = leader.name
    entry_id = _int_or_none(data.get("entry"))
    auto_id = f"id_e{entry_id}_%s" if entry_id else "id_new_%s"
    form = RiskEntryForm(data, register=register, auto_id=auto_id)
    return render(
        request,
        "registers/partials/_grade_block.html",
        {"form": form, "register": register, "grade": _grade_state(register, form)},
    )


def _int_or_none(raw: Any) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


@login_required
@require_GET
def my_register(request: AuthenticatedHttpRequest) -> HttpResponse:
    """我的个人清单: the person's own register in the latest campaign that gave him one."""
    register = personal_register_of(user=request.user)
    if register is None:
        messages.info(
            request,
            _("目前没有您的个人清单:排查工作仅为重点岗位建立清单,或您加入时排查工作已经开始。"),
        )
        return redirect("registers:register_list")
    return redirect("registers:register_detail", pk=register.pk)
