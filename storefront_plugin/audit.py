"""The checkout audit log: one row per checkout decision, kept with SQLAlchemy Core.

Privacy by design: a row holds the time, the status, the reason codes, the
jurisdiction codes, the rules and policy versions, the verification method,
the channel and the shop's order reference. There is no column for a birth
date, a street address or a name, so none can ever be written.

Storage is any SQLAlchemy URL. The default is a SQLite file in the app's
instance folder, in WAL mode with a busy timeout so concurrent writers wait
instead of failing; ``postgresql://`` URLs use psycopg 3. A write that fails
raises :class:`AuditUnavailable`; the checkout then fails closed.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
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
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

__all__ = ["AuditEntry", "AuditStore", "AuditUnavailable", "audit_table", "normalise_url", "validate_url"]

log = logging.getLogger("storefront_plugin.audit")

DEFAULT_FILENAME = "storefront-audit.sqlite3"

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


class AuditUnavailable(RuntimeError):
    """The audit store cannot take a write (down, read-only, full, misconfigured)."""


@dataclass(frozen=True)
class AuditEntry:
    """One row of the log."""

    created_at: datetime
    status: str
    reason_codes: tuple[str, ...]
    jurisdictions: tuple[str, ...]
    rules_version: str
    policy_version: str
    verification_method: str
    channel: str
    order_ref: str | None = None
    id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "created_at": self.created_at.astimezone(timezone.utc).isoformat().replace("+00:00", "Z"),
            "status": self.status,
            "reason_codes": list(self.reason_codes),
            "jurisdictions": list(self.jurisdictions),
            "rules_version": self.rules_version,
            "policy_version": self.policy_version,
            "verification_method": self.verification_method,
            "channel": self.channel,
            "order_ref": self.order_ref,
        }


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


class AuditStore:
    """The audit log of one app. Thread-safe; the engine is made on first use."""

    def __init__(self, url: str | URL, lock_timeout: float = 10.0) -> None:
        self.url = normalise_url(url)
        #: Seconds a write waits for a locked SQLite file or a PostgreSQL connection.
        self.lock_timeout = lock_timeout
        self._engine: Engine | None = None
        self._ready = False
        self._lock = threading.Lock()

    @classmethod
    def default_url(cls, instance_path: str | Path) -> URL:
        return URL.create("sqlite", database=str(Path(instance_path) / DEFAULT_FILENAME))

    @property
    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                self._engine = self._create_engine()
            return self._engine

    def _create_engine(self) -> Engine:
        engine = self._new_engine()
        # Close pooled connections when the store goes away with its app, rather
        # than leaving them to the garbage collector (psycopg warns about that).
        weakref.finalize(self, engine.dispose)
        return engine

    def _new_engine(self) -> Engine:
        if self.url.get_backend_name() == "sqlite":
            database = self.url.database or ""
            if database and database != ":memory:" and not self.url.query.get("uri"):
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(self.url, connect_args={"timeout": self.lock_timeout})
            event.listen(engine, "connect", functools.partial(_sqlite_pragmas, self.lock_timeout))
            return engine
        if self.url.get_backend_name() == "postgresql":
            # libpq waits forever for a host that drops packets; bound it.
            timeout = max(1, round(self.lock_timeout))
            return create_engine(self.url, pool_pre_ping=True, connect_args={"connect_timeout": timeout})
        return create_engine(self.url, pool_pre_ping=True)

    def _prepare(self) -> Engine:
        engine = self.engine
        if not self._ready:
            with self._lock:
                if not self._ready:
                    try:
                        metadata.create_all(engine, checkfirst=True)
                    except SQLAlchemyError:
                        # Another process may have created the table between the check and
                        # the CREATE; if it exists now, carry on.
                        with engine.connect() as conn:
                            if not engine.dialect.has_table(conn, audit_table.name):
                                raise
                    self._ready = True
        return engine

    def record(self, entry: AuditEntry) -> int:
        """Write ``entry`` and return its id; :class:`AuditUnavailable` if the store refuses."""
        row = entry.as_dict()
        row.pop("id")
        row["created_at"] = entry.created_at.astimezone(timezone.utc)
        deadline = time.monotonic() + self.lock_timeout
        for attempt in range(5):
            try:
                engine = self._prepare()
                with engine.begin() as conn:
                    result = conn.execute(insert(audit_table).values(**row))
                    key = result.inserted_primary_key
                    return int(key[0]) if key else 0
            except OperationalError as exc:
                # SQLite reports a lock it could not get within the busy timeout
                # as "database is locked"; a lock lost at once (no busy wait) is tried
                # again a few times, but never past the deadline.
                if "locked" in str(exc.orig) and attempt < 4 and time.monotonic() < deadline:
                    time.sleep(0.01 * (attempt + 1))
                    continue
                log.error("audit log write failed (%s): %s", self.safe_url, exc.orig)
                raise AuditUnavailable(str(exc.orig)) from exc
            except (SQLAlchemyError, OSError) as exc:
                log.error("audit log write failed (%s): %s", self.safe_url, exc)
                raise AuditUnavailable(str(exc)) from exc
        raise AuditUnavailable("database is locked")  # pragma: no cover - loop always returns or raises

    def entries(self, since: datetime | None = None) -> Iterator[AuditEntry]:
        """Rows in the order they were written, from ``since`` (UTC) on."""
        engine = self._prepare()
        query = select(audit_table).order_by(audit_table.c.id)
        if since is not None:
            query = query.where(audit_table.c.created_at >= since.astimezone(timezone.utc))
        with engine.connect() as conn:
            for row in conn.execution_options(stream_results=True, yield_per=500).execute(query):
                created = row.created_at
                if created.tzinfo is None:  # SQLite keeps no zone; we always write UTC
                    created = created.replace(tzinfo=timezone.utc)
                yield AuditEntry(
                    id=row.id,
                    created_at=created,
                    status=row.status,
                    reason_codes=tuple(row.reason_codes or ()),
                    jurisdictions=tuple(row.jurisdictions or ()),
                    rules_version=row.rules_version,
                    policy_version=row.policy_version,
                    verification_method=row.verification_method,
                    channel=row.channel,
                    order_ref=row.order_ref,
                )

    def count(self) -> int:
        """How many rows the log holds."""
        with self._prepare().connect() as conn:
            return int(conn.execute(select(func.count()).select_from(audit_table)).scalar_one())

    @property
    def safe_url(self) -> str:
        """The URL with any password hidden, for logs."""
        return self.url.render_as_string(hide_password=True)

    def dispose(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None
                self._ready = False
