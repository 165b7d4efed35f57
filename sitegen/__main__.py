"""``python -m sitegen``: the sitegen command."""

from sitegen.commands.cli import main

raise SystemExit(main())
