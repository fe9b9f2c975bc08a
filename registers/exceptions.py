"""Domain errors. Views turn them into a message for the user, never a 500."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the domain refused the action; `message` is shown to the user, `field` names the
    entry field the rule is about, when there is one (the import marks that column)."""

    default_message = _("操作无法完成。")

    def __init__(self, message: str | None = None, *, field: str = "") -> None:
        self.message = str(message or self.default_message)
        self.field = field
        super().__init__(self.message)


class NotEditable(DomainError):
    default_message = _("清单当前状态不允许修改。")


class EditConflict(DomainError):
    """Someone else changed the register since the editor loaded it."""

    default_message = _("清单已被他人修改,请核对最新内容后重新保存。您填写的内容已保留。")


def show_domain_error(request: HttpRequest, form: forms.Form, error: DomainError) -> None:
    """A service's refusal where the user reads it: beside the field it names, else as a
    message above the page (the form keeps what was typed either way)."""
    if error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        messages.error(request, error.message)
