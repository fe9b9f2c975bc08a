from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

from orgs.models import User

USERNAME_MAX = User._meta.get_field("username").max_length or 150


class _BoundedUsername:
    """Django's AuthenticationForm sets the username's max_length after the field is built, so
    no validator enforces it: an over-long user name reached authenticate(), and django-axes then
    failed to store it (varchar(255) on PostgreSQL: a 500). Enforcing the length here keeps it out
    of authenticate() altogether."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[misc]
        self.fields["username"].validators.append(MaxLengthValidator(USERNAME_MAX))


class SignInForm(_BoundedUsername, AuthenticationForm):
    """The sign-in form of /accounts/login/."""


class AdminSignInForm(_BoundedUsername, AdminAuthenticationForm):
    """The sign-in form of the admin site."""
