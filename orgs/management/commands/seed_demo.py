from typing import Any

from django.core.management.base import BaseCommand

from orgs.demo import DEMO_PASSWORD, DEMO_USERS, build_demo_organization


class Command(BaseCommand):
    help = "Create or update the demo organization and its demo users (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = build_demo_organization()
        self.stdout.write(
            f"Demo organization ready: {summary.units} units, {summary.posts} posts, "
            f"{summary.people} people."
        )
        for username, role in DEMO_USERS:
            self.stdout.write(f"  {username:<10} {role}")
        self.stdout.write(f"Password for every demo user: {DEMO_PASSWORD}")
