"""The import's one write: all rows of a previewed upload become entries, in one transaction."""

from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from audit import actions
from orgs.models import User
from registers.exceptions import DomainError
from registers.importing.validation import ImportRow
from registers.models import Register, RiskEntry

# The same lock, right and state checks and the same revision bump as every other edit of a
# register's content (entry_create & co.), so workflow's listeners (signature voiding) see an
# import like any other change.
from registers.services import _content_changed, _locked_register, entry_clean, entry_values


class ImportInvalid(DomainError):
    """A row failed the entry rules at commit time: nothing was written."""


@transaction.atomic
def entries_import(
    *,
    register: Register,
    actor: User,
    rows: Sequence[ImportRow],
    expected_revision: int | None,
    file_name: str = "",
) -> list[RiskEntry]:
    """Append the rows to the register as new entries, after the entries already in each
    category, and record one audit row. Any invalid row refuses the whole import."""
    register = _locked_register(
        register_id=register.pk, actor=actor, expected_revision=expected_revision
    )
    if not rows:
        raise ImportInvalid(_("文件中没有可导入的风险点。"))
    last_order = dict(
        RiskEntry.objects.filter(register=register)
        .values("category_id")
        .annotate(last=Max("order"))
        .values_list("category_id", "last")
    )
    entries: list[RiskEntry] = []
    for row in rows:
        try:
            data = entry_clean(register=register, data=row.data, ungraded=True)
        except DomainError as error:
            raise ImportInvalid(
                _("第 %(row)s 行:%(message)s") % {"row": row.number, "message": error.message}
            ) from error
        category_id = data.category.pk
        last_order[category_id] = (last_order.get(category_id) or 0) + 1
        entries.append(
            RiskEntry(
                register=register,
                order=last_order[category_id],
                updated_by=actor,
                **entry_values(data),
            )
        )
    created = RiskEntry.objects.bulk_create(entries)
    _content_changed(
        register=register,
        actor=actor,
        action=actions.REGISTER_IMPORT,
        obj=register,
        data={
            "file_name": file_name,
            "rows": len(created),
            "ungraded": sum(1 for entry in created if entry.grade is None),
        },
    )
    return created
