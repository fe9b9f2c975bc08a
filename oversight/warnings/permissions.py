"""Who may see and act on integrity leads and warnings.

Both are confidential. Leads are the committee's alone. A warning's circle is one rule,
`warnings_visible_to`, that every view, the PDF, the attachments and the inbox build on, so that
whoever is outside it gets a 404 wherever he knocks — the administrator included:

- the discipline committee (纪委), which starts it, from the draft on;
- the party group (党委/党组), which approves it, once it is submitted;
- the person it is addressed to, once it is issued (never the draft nor the request);
- the head of the responsible department, once it is issued, when the disposal is 责令整改 or
  when the warning is addressed to the department itself (no person named).
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from orgs.choices import Role
from orgs.models import User
from orgs.permissions import roles_of
from oversight.choices import Disposal, WarningState
from oversight.models import Lead, Rectification, Warning

# The states in which a warning has reached its subject.
DELIVERED_STATES = (WarningState.ISSUED, WarningState.ANSWERED, WarningState.CLOSED)


def is_committee(user: User | AnonymousUser) -> bool:
    return Role.COMMITTEE in roles_of(user)


def is_party_group(user: User | AnonymousUser) -> bool:
    return Role.PARTY_GROUP in roles_of(user)


def leads_visible_to(user: User | AnonymousUser) -> QuerySet[Lead]:
    """Every lead for the committee; none for anybody else."""
    if is_committee(user):
        return Lead.objects.all()
    return Lead.objects.none()


def warnings_visible_to(user: User | AnonymousUser) -> QuerySet[Warning]:
    """The warnings `user` may read (see the module's docstring): the one rule of their
    confidentiality."""
    if not user.is_authenticated:
        return Warning.objects.none()
    roles = roles_of(user)
    delivered = Q(state__in=DELIVERED_STATES)
    if Role.COMMITTEE in roles:
        # Every warning, but one about himself only once it is issued, like any subject.
        return Warning.objects.exclude(~delivered & Q(subject_user=user))
    circle = delivered & Q(subject_user=user)
    circle |= (
        delivered
        & Q(subject_unit__head=user)
        & (Q(disposal=Disposal.RECTIFY) | Q(subject_user__isnull=True))
    )
    if Role.PARTY_GROUP in roles:
        circle |= ~Q(state=WarningState.DRAFT) & ~(~delivered & Q(subject_user=user))
    return Warning.objects.filter(circle)


def can_see_warning(user: User | AnonymousUser, warning: Warning) -> bool:
    return warnings_visible_to(user).filter(pk=warning.pk).exists()


def answerer_id(warning: Warning) -> int | None:
    """Who reports the rectification: the person named, or for a warning to a department its
    head."""
    if warning.subject_user_id is not None:
        return warning.subject_user_id
    return warning.subject_unit.head_id


def can_answer(user: User | AnonymousUser, warning: Warning) -> bool:
    return bool(user.is_authenticated and user.pk == answerer_id(warning))


def can_edit_warning_attachments(user: User | AnonymousUser, warning: Warning) -> bool:
    """Evidence goes with the committee's draft, or with the subject's report while he writes
    it."""
    if warning.state in (WarningState.DRAFT, WarningState.REJECTED):
        return is_committee(user)
    return warning.state == WarningState.ISSUED and can_answer(user, warning)


def audit_rows_hidden_from(user: User | AnonymousUser) -> Q | None:
    """The audit rows about warnings, leads and the rectification items of warnings, hidden from
    every reader of the trail outside the committee (the administrator reads the trail too, and
    is outside the circle): registered with audit.visibility."""
    if is_committee(user):
        return None
    from_warnings = Rectification.objects.filter(warning__isnull=False).values_list("pk", flat=True)
    return Q(object_type__in=["oversight.warning", "oversight.lead"]) | Q(
        object_type="oversight.rectification", object_id__in=[str(pk) for pk in from_warnings]
    )
