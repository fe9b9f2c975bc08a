"""Who may read an integrity file (廉政档案): the one rule every view, the PDF, the snapshots,
the attachments of its records and the audit trail build on.

- A person reads his own file.
- The discipline committee (纪委) reads every file, of people and of units.
- Anybody else — the administrator, the person's department head or leader in charge included —
  reads a file only while he holds an APPROVED 调阅 request (AccessRequest) for that person or
  unit whose `valid_until` lies in the future.

Outside these, the file does not exist for him (404: not even its existence is disclosed).

What a file shows depends on the ground only where oversight's confidentiality reaches into it:
the leads (廉情线索) in a unit's file stay the committee's alone; a warning is part of a file
only once it has reached its subject (DELIVERED_STATES), for every reader, the committee
included; the person reads every warning he received, the committee all delivered ones, but a
调阅 reader only the warnings — and the rectification items of warnings — in whose circle he is
(oversight.warnings.permissions.warnings_visible_to): an approval opens a file, not a warning's
circle (selectors.for_reader).

The audit rows of the files (who read whose file, the records, the 调阅 requests, the
attachments of records) are hidden from every reader of the trail outside the committee, except
the rows of his own doings (a 调阅 reader sees that he read a file: he knows it already). A
committee member is hidden, likewise, the requests about his own file and the readings of it
(but for his own), as the queue and the requests' pages hide them from him.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from archives.choices import AccessState
from archives.models import AccessRequest, IntegrityRecord
from audit import actions
from orgs.models import Unit, User
from oversight.warnings.permissions import is_committee

__all__ = [
    "ACCESS",
    "COMMITTEE",
    "OWN",
    "Ground",
    "access_requests_visible_to",
    "audit_rows_hidden_from",
    "can_decide",
    "can_edit_records",
    "can_read_record",
    "ground_for_person",
    "ground_for_unit",
    "is_committee",
]

OWN = "own"
COMMITTEE = "committee"
ACCESS = "access"


@dataclass(frozen=True)
class Ground:
    """Why a reader may open a file; named in the audit row of each reading."""

    kind: str
    access_request: AccessRequest | None = None

    @property
    def label(self) -> str:
        if self.kind == OWN:
            return _("本人")
        if self.kind == COMMITTEE:
            return _("纪委")
        assert self.access_request is not None
        return _("调阅 #%(id)s") % {"id": self.access_request.pk}

    @property
    def is_committee(self) -> bool:
        return self.kind == COMMITTEE

    @property
    def valid_until(self) -> datetime | None:
        return self.access_request.valid_until if self.access_request is not None else None


def _approved(user: User, now: datetime | None) -> QuerySet[AccessRequest]:
    return AccessRequest.objects.filter(
        requester=user, state=AccessState.APPROVED, valid_until__gt=now or timezone.now()
    ).order_by("-valid_until", "-id")


def ground_for_person(
    user: User | AnonymousUser, person: User, *, now: datetime | None = None
) -> Ground | None:
    """Why `user` may read `person`'s file, or None when he may not."""
    if not user.is_authenticated:
        return None
    if user.pk == person.pk:
        return Ground(OWN)
    if is_committee(user):
        return Ground(COMMITTEE)
    request = _approved(user, now).filter(person=person).first()
    return Ground(ACCESS, request) if request is not None else None


def ground_for_unit(
    user: User | AnonymousUser, unit: Unit, *, now: datetime | None = None
) -> Ground | None:
    """Why `user` may read `unit`'s file, or None when he may not."""
    if not user.is_authenticated:
        return None
    if is_committee(user):
        return Ground(COMMITTEE)
    request = _approved(user, now).filter(unit=unit).first()
    return Ground(ACCESS, request) if request is not None else None


def can_edit_records(user: User | AnonymousUser, person: User) -> bool:
    """The committee records talks, 述廉 reports and declarations — never in its own member's
    file (nobody records his own case)."""
    return is_committee(user) and user.pk != person.pk


def can_read_record(user: User | AnonymousUser, record: IntegrityRecord) -> bool:
    """A record (and its uploads) is read with the file it belongs to."""
    return ground_for_person(user, record.person) is not None


# --- 调阅 requests ----------------------------------------------------------------------------


def access_requests_visible_to(user: User | AnonymousUser) -> QuerySet[AccessRequest]:
    """The requester sees his own requests; the committee every request except those about
    himself (he may not decide them, nor need he know who asks to read his file)."""
    if not user.is_authenticated:
        return AccessRequest.objects.none()
    circle = Q(requester=user)
    if is_committee(user):
        circle |= ~Q(person=user) | Q(person__isnull=True)
    return AccessRequest.objects.filter(circle)


def can_decide(user: User | AnonymousUser, request: AccessRequest) -> bool:
    """A committee member decides a request — never his own, nor one about himself."""
    return (
        is_committee(user)
        and request.requester_id != user.pk
        and request.person_id != user.pk
        and request.state == AccessState.PENDING
    )


# --- The audit trail --------------------------------------------------------------------------

ARCHIVE_ACTIONS = (
    actions.ARCHIVE_READ,
    actions.ARCHIVE_EXPORT_PDF,
    actions.ARCHIVE_SNAPSHOT,
    actions.INTEGRITY_RECORD_CREATE,
    actions.INTEGRITY_RECORD_UPDATE,
    actions.INTEGRITY_RECORD_DELETE,
    actions.ACCESS_REQUEST_CREATE,
    actions.ACCESS_REQUEST_DECIDE,
    actions.ACCESS_REQUEST_WITHDRAW,
)
ARCHIVE_OBJECT_TYPES = (
    "archives.integrityrecord",
    "archives.accessrequest",
    "archives.archivesnapshot",
)


def _about_himself(user: User) -> Q:
    """The rows about `user`'s own file: the 调阅 requests about him and the readings of it."""
    requests = AccessRequest.objects.filter(person=user).values_list("pk", flat=True)
    return Q(
        object_type=AccessRequest._meta.label_lower,
        object_id__in=[str(pk) for pk in requests],
    ) | Q(
        action__in=[actions.ARCHIVE_READ, actions.ARCHIVE_EXPORT_PDF],
        object_type=User._meta.label_lower,
        object_id=str(user.pk),
    )


def audit_rows_hidden_from(user: User | AnonymousUser) -> Q | None:
    """Registered with audit.visibility: the rows of the files, hidden from every reader of the
    trail outside the committee, and from a committee member the rows about his own file — but
    never the rows of his own doings."""
    if not user.is_authenticated:
        return Q(action__in=ARCHIVE_ACTIONS) | Q(object_type__in=ARCHIVE_OBJECT_TYPES)
    if is_committee(user):
        rows = _about_himself(user)
    else:
        rows = Q(action__in=ARCHIVE_ACTIONS) | Q(object_type__in=ARCHIVE_OBJECT_TYPES)
    return rows & ~Q(actor_id=user.pk)
