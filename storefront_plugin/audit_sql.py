"""The SQLAlchemy side of the audit log: the table, URL handling and engines.

Kept apart from :mod:`.audit` so that importing the plugin does not import
SQLAlchemy (about half of the plugin's import time): this module is loaded on
the first audit write or read, or at start-up when a URL is configured.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    func,
    insert,
    select,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

__all__ = ["audit_table", "count_rows", "create_table", "insert_row", "metadata", "new_engine", "normalise_url", "select_rows", "validate_url"]

metadata = MetaData()

#: The only columns there are. Adding a personal-data column here is a design change, not a tweak.
audit_table = Table(
    "storefront_checkout_audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("status", String(16), nullable=False),
    Column("reason_codes", JSON, nullable=False),
    Column("jurisdictions", JSON, nullable=False),
    Column("rules_version", String(200), nullable=False),
    Column("policy_version", String(64), nullable=False),
    Column("verification_method", String(64), nullable=False),
    Column("channel", String(32), nullable=False),
    Column("order_ref", String(128), nullable=True),
)


def normalise_url(url: str | URL) -> URL:
    """Parse ``url``; plain ``postgresql://`` and ``postgres://`` mean psycopg 3.

    Raises ``ValueError`` with the fix when the URL cannot be parsed.
    """
    text = str(url)
    if text.startswith("postgres://"):
        text = "postgresql://" + text[len("postgres://") :]
    try:
        parsed = make_url(text)
    except ArgumentError:
        raise ValueError(
            "use a SQLAlchemy database URL such as 'sqlite:////var/lib/shop/audit.sqlite3' "
            "or 'postgresql://user:password@host/dbname'"
        ) from None
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def validate_url(url: str) -> URL:
    """:func:`normalise_url`, then load the dialect and driver so a missing one stops start-up."""
    parsed = normalise_url(url)
    try:
        parsed.get_dialect().import_dbapi()
    except ImportError as exc:
        hint = " Install it: pip install 'storefront_plugin[postgres]'." if parsed.get_backend_name() == "postgresql" else ""
        raise ValueError(f"the database driver for {parsed.drivername!r} is not installed ({exc}).{hint}") from None
    except Exception as exc:  # NoSuchModuleError and friends: an unknown backend name
        raise ValueError(f"SQLAlchemy does not know the database {parsed.drivername!r} ({exc}); use sqlite:// or postgresql://") from None
    return parsed


def _sqlite_pragmas(lock_timeout: float, dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # WAL lets readers (the export) run beside writers; the busy timeout
        # makes a writer wait for the lock instead of failing at once, but only
        # so long: a checkout must fail closed before the server kills the worker.
        cursor.execute(f"PRAGMA busy_timeout = {int(lock_timeout * 1000)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
    except Exception:  # a read-only file cannot switch mode; the write will report it
        pass
    finally:
        cursor.close()


def new_engine(url: URL, lock_timeout: float) -> Engine:
    """An engine for ``url`` whose waits for locks and connections are bounded by ``lock_timeout``."""
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database and database != ":memory:" and not url.query.get("uri"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": lock_timeout})
        event.listen(engine, "connect", functools.partial(_sqlite_pragmas, lock_timeout))
        return engine
    if url.get_backend_name() == "postgresql":
        # libpq waits forever for a host that drops packets; bound it.
        timeout = max(1, round(lock_timeout))
        return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": timeout})
    return create_engine(url, pool_pre_ping=True)


def create_table(engine: Engine) -> None:
    """Create the audit table unless it exists."""
    try:
        metadata.create_all(engine, checkfirst=True)
    except SQLAlchemyError:
        # Another process may have created the table between the check and
        # the CREATE; if it exists now, carry on.
        with engine.connect() as conn:
            if not engine.dialect.has_table(conn, audit_table.name):
                raise


#: Built once: ``insert().values(**row)`` per call made SQLAlchemy coerce every
#: value into a bound parameter and hash them into the statement's cache key,
#: about three quarters of a write's time. Rows are passed as parameters instead.
_INSERT = insert(audit_table)


def insert_row(engine: Engine, row: dict[str, Any]) -> int:
    """Insert one row in its own transaction; its id."""
    with engine.begin() as conn:
        result = conn.execute(_INSERT, row)
        key = result.inserted_primary_key
        return int(key[0]) if key else 0


def select_rows(engine: Engine, since: datetime | None) -> Iterator[Any]:
    """Rows in id order, from ``since`` on, streamed."""
    query = select(audit_table).order_by(audit_table.c.id)
    if since is not None:
        query = query.where(audit_table.c.created_at >= since.astimezone(timezone.utc))
    with engine.connect() as conn:
        yield from conn.execution_options(stream_results=True, yield_per=500).execute(query)


def count_rows(engine: Engine) -> int:
    """How many rows the table holds."""
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(audit_table)).scalar_one())
