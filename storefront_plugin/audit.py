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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.engine import URL

__all__ = ["AuditEntry", "AuditStore", "AuditUnavailable"]

log = logging.getLogger("storefront_plugin.audit")

DEFAULT_FILENAME = "storefront-audit.sqlite3"


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


class AuditStore:
    """The audit log of one app. Thread-safe; SQLAlchemy and the engine are loaded on first use."""

    def __init__(self, url: str | URL, lock_timeout: float = 10.0) -> None:
        self._raw_url = url
        #: Seconds a write waits for a locked SQLite file or a PostgreSQL connection.
        self.lock_timeout = lock_timeout
        self._engine: Engine | None = None
        self._ready = False
        self._lock = threading.Lock()

    @classmethod
    def default_url(cls, instance_path: str | Path) -> str:
        """A SQLite file in the app's instance folder."""
        return "sqlite:///" + str(Path(instance_path).resolve() / DEFAULT_FILENAME)

    @functools.cached_property
    def url(self) -> URL:
        from .audit_sql import normalise_url

        return normalise_url(self._raw_url)

    @property
    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                from .audit_sql import new_engine

                self._engine = new_engine(self.url, self.lock_timeout)
                # Close pooled connections when the store goes away with its app, rather
                # than leaving them to the garbage collector (psycopg warns about that).
                weakref.finalize(self, self._engine.dispose)
            return self._engine

    def _prepare(self) -> Engine:
        engine = self.engine
        if not self._ready:
            with self._lock:
                if not self._ready:
                    from .audit_sql import create_table

                    create_table(engine)
                    self._ready = True
        return engine

    def record(self, entry: AuditEntry) -> int:
        """Write ``entry`` and return its id; :class:`AuditUnavailable` if the store refuses."""
        from sqlalchemy.exc import OperationalError, SQLAlchemyError

        from .audit_sql import insert_row

        row = entry.as_dict()
        row.pop("id")
        row["created_at"] = entry.created_at.astimezone(timezone.utc)
        deadline = time.monotonic() + self.lock_timeout
        for attempt in range(5):
            try:
                return insert_row(self._prepare(), row)
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
        from .audit_sql import select_rows

        for row in select_rows(self._prepare(), since):
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
        from .audit_sql import count_rows

        return count_rows(self._prepare())

    @property
    def safe_url(self) -> str:
        """The URL with any password hidden, for logs."""
        return self.url.render_as_string(hide_password=True)

    def dispose(self) -> None:
        """Close pooled connections; the next use opens new ones."""
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None
                self._ready = False
