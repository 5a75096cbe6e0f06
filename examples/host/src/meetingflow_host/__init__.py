"""A reference host application for meetingflow: FastAPI over SQLAlchemy (SQLite or PostgreSQL).

Run it with ``uvicorn --factory meetingflow_host:create_app``; set ``MEETINGFLOW_HOST_DB`` to a
database URL (``postgresql+psycopg://user@host/db``) or leave it for a SQLite file.
"""

from meetingflow_host.app import create_app
from meetingflow_host.db import Store

__all__ = ["Store", "create_app"]
