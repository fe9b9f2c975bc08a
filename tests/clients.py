"""A test client signed in as a user (force_login: the sign-in form has tests of its own)."""

from django.test import Client

from orgs.models import User


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
