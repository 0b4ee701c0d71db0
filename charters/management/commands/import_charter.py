from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from charters import charter_file
from charters.services import import_charter


class Command(BaseCommand):
    help = "Check a charter/1 file and save it as a draft version (or published, with --publish)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--publish", action="store_true", help="publish it, superseding the current version")

    def handle(self, *args, file: Path, publish: bool, **options) -> None:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        try:
            data = charter_file.read(text)
            charter = import_charter(data, publish_it=publish, how=f"from {file.name} on the command line")
        except charter_file.CharterFileError as error:
            raise CommandError(f"{file} was not imported:\n{error}") from None
        state = charter.get_status_display().lower()
        self.stdout.write(self.style.SUCCESS(f"Imported {charter} for {charter.partnership.name} ({state})."))
