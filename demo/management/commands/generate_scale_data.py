import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.scale_data import SCALE_PASSWORD, ScaleDataError, generate_scale_data


class Command(BaseCommand):
    help = (
        "Generate bureau-scale benchmark data (units, people, a campaign with its registers in "
        "every state and their entries), repeatable with --seed. Refuses a database that holds the "
        "demo organization unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--units", type=int, default=60)
        parser.add_argument("--people", type=int, default=2000)
        parser.add_argument("--entries", type=int, default=20000)
        parser.add_argument(
            "--force", action="store_true", help="run even beside the demo organization"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["units"] < 2 or options["people"] < 10 or options["entries"] < 1:
            raise CommandError("--units >= 2, --people >= 10 and --entries >= 1")
        started = time.perf_counter()
        try:
            summary = generate_scale_data(
                seed=options["seed"],
                units=options["units"],
                people=options["people"],
                entries=options["entries"],
                force=options["force"],
                log=lambda msg: self.stdout.write(f"  {msg}"),
            )
        except ScaleDataError as exc:
            raise CommandError(str(exc)) from exc
        states = ", ".join(f"{state} {n}" for state, n in sorted(summary.states.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale data (seed {options['seed']}) created in "
                f"{time.perf_counter() - started:.1f} s: {summary.units} units, "
                f"{summary.posts} posts, {summary.people} people, "
                f"{summary.authority_items} authority items, {summary.registers} registers "
                f"({states}), {summary.entries} entries, {summary.transitions} transitions."
            )
        )
        self.stdout.write(
            f"Benchmark register: id {summary.big_register_id}; users sc_filler, sc_jiwei, "
            f"sc_admin; password {SCALE_PASSWORD}"
        )
