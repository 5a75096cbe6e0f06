"""``python -m meetingflow``: the command line."""

from meetingflow.cli import main

raise SystemExit(main())
