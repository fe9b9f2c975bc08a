from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from demo.archives import build_demo_archives
from demo.assessment import build_demo_assessment
from demo.commitments import build_demo_commitments
from demo.organization import DEMO_PASSWORD, DEMO_USERS, build_demo_organization
from demo.oversight import build_demo_oversight
from demo.registers import build_demo_campaign
from demo.reviews import build_demo_review
from demo.schedule_completion import build_demo_completions
from schedule.services import schedule_demo_dates


class Command(BaseCommand):
    # Lives in demo, the top of the app graph, because it builds the demo of every app.
    help = (
        "Create or update the demo organization, its users and the current campaign (idempotent)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        summary = build_demo_organization()
        self.stdout.write(
            f"Demo organization ready: {summary.units} units, {summary.posts} posts, "
            f"{summary.people} people."
        )
        campaign = build_demo_campaign()
        schedule_demo_dates(
            campaign=campaign, today=timezone.localdate(), actor_name="manage.py seed_demo"
        )
        self.stdout.write(
            f"Demo campaign: {campaign.title} ({campaign.registers.count()} registers)"
        )
        letters = build_demo_commitments(today=timezone.localdate())
        if letters is not None:
            self.stdout.write(
                f"Demo commitments: {letters.generated} letters, {letters.signed} signed, "
                f"{letters.published} published, {letters.unsigned} waiting for a signature"
            )
        marks = build_demo_completions(today=timezone.localdate())
        self.stdout.write(f"Demo schedule: {marks} rows marked done")
        oversight = build_demo_oversight(today=timezone.localdate())
        if oversight is not None:
            self.stdout.write(
                f"Demo oversight: {oversight.leads} leads, {oversight.warnings} warnings, "
                f"{oversight.rectifications} rectification items, {oversight.actions} actions"
            )
        review = build_demo_review(today=timezone.localdate())
        if review is not None:
            self.stdout.write(
                f"Demo 回头看: {review.answered} answers, {review.findings} findings "
                f"({review.rectifications} to rectification, {review.new_entries} new entries)"
            )
        assessment = build_demo_assessment(today=timezone.localdate())
        if assessment is not None:
            self.stdout.write(
                f"Demo assessment: {assessment.period}, {assessment.scored} of "
                f"{assessment.assessed} people scored, {assessment.adverse} 不良"
            )
        archives = build_demo_archives(today=timezone.localdate())
        if archives is not None:
            self.stdout.write(
                f"Demo integrity files: {archives.records} records, "
                f"{archives.requests} 调阅 requests"
            )
        for username, role in DEMO_USERS:
            self.stdout.write(f"  {username:<10} {role}")
        self.stdout.write(f"Password for every demo user: {DEMO_PASSWORD}")
