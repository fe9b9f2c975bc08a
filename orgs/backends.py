from typing import Any

from django.contrib.auth.backends import ModelBackend

from orgs.models import User


class OrgModelBackend(ModelBackend):
    """Django's model backend, loading the signed-in user with his unit and post: every page's
    header shows them, so this saves a query on each request."""

    def get_user(self, user_id: Any) -> User | None:
        user = User.objects.select_related("unit", "post").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
