"""Generate the letters of every register already published (those published before letters
existed). Idempotent: a letter that exists is left alone."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commitments.services import commitments_generate_published
from registers.models import Campaign


class Command(BaseCommand):
    help = "为已公示的清单生成承诺书和报告书(可重复运行)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", type=int, help="排查工作的编号(默认全部)")

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = None
        if options.get("campaign") is not None:
            campaign = Campaign.objects.filter(pk=options["campaign"]).first()
            if campaign is None:
                raise CommandError("没有该排查工作。")
        created = commitments_generate_published(campaign=campaign)
        self.stdout.write(f"生成承诺书 {len(created)} 份。")
