from django.core.management.base import BaseCommand, CommandError

from charters import charter_file
from charters.models import Charter
from charters.services import charter_to_data, charter_with_parts


class Command(BaseCommand):
    help = "Write a partnership's charter as a charter/1 file (the published version unless --version)."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs):
        # --version here means the charter's version, not Django's own.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser) -> None:
        parser.add_argument("partnership", help="the partnership's slug, e.g. wirral")
        parser.add_argument("--version", dest="charter_version", default="")

    def handle(self, *args, partnership: str, charter_version: str, **options) -> None:
        charters = charter_with_parts(Charter.objects.filter(partnership__slug=partnership))
        charter = charters.filter(version=charter_version).first() if charter_version else charters.published().first()
        if charter is None:
            wanted = f"version {charter_version}" if charter_version else "published charter"
            raise CommandError(f"There is no {wanted} for the partnership {partnership!r}.")
        self.stdout.write(charter_file.write(charter_to_data(charter)), ending="")
