"""`danvan`: Django's manage.py plus the project's own commands (demo, serve, token, audit...)."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["danvan", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
