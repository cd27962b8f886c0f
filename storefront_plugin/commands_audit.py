"""``flask storefront audit export``: the checkout audit log as CSV or JSON Lines."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timezone
from typing import IO

import click
from flask import current_app
from flask.cli import with_appcontext

from .audit import AuditEntry
from .cli import storefront_cli
from .extension import get_state

__all__ = ["audit_group"]

#: CSV columns, in order; lists are joined with ";" (jurisdiction names may hold spaces and commas).
CSV_COLUMNS = (
    "id", "created_at", "status", "reason_codes", "jurisdictions", "rules_version",
    "policy_version", "verification_method", "channel", "order_ref",
)  # fmt: skip


@storefront_cli.group("audit", help="The checkout audit log.")
def audit_group() -> None:
    """Commands on the audit log."""


def _csv_row(entry: AuditEntry) -> list[str]:
    data = entry.as_dict()
    data["reason_codes"] = ";".join(entry.reason_codes)
    data["jurisdictions"] = ";".join(entry.jurisdictions)
    return ["" if data[c] is None else str(data[c]) for c in CSV_COLUMNS]


@audit_group.command("export", help="Write checkout decisions, oldest first, as CSV or JSON Lines.")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"]),
    default=None,
    help="Only decisions at or after this UTC date or time (YYYY-MM-DD[THH:MM[:SS]]).",
)
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True)
@click.option("-o", "--output", type=click.File("w", encoding="utf-8", lazy=True), default="-", help="File to write (default: standard output).")
@with_appcontext
def export(since: datetime | None, fmt: str, output: IO[str]) -> None:
    # Imported here: cli.py imports this module when the app starts, and SQLAlchemy
    # is loaded on the first audit read or write, not by every app that mounts us.
    from sqlalchemy.exc import SQLAlchemyError

    state = get_state(current_app)
    assert state.enforcement is not None
    store = state.enforcement.audit
    start = since.replace(tzinfo=timezone.utc) if since is not None else None
    count = 0
    try:
        if fmt == "csv":
            writer = csv.writer(output, lineterminator="\n")
            writer.writerow(CSV_COLUMNS)
            for entry in store.entries(start):
                writer.writerow(_csv_row(entry))
                count += 1
        else:
            for entry in store.entries(start):
                output.write(json.dumps(entry.as_dict(), ensure_ascii=False) + "\n")
                count += 1
    except (SQLAlchemyError, OSError) as exc:
        raise click.ClickException(
            f"the audit log at {store.safe_url} cannot be read ({exc.__class__.__name__}: {getattr(exc, 'orig', exc)}). "
            "Check STOREFRONT_AUDIT_DATABASE_URL and that the database is running."
        ) from None
    click.echo(f"{count} decision(s) exported.", err=True)
