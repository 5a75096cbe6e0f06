"""``python -m meetingflow``."""

from meetingflow.cli import main

raise SystemExit(main())
