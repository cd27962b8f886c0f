"""``flask storefront rules status``, ``explain`` and ``screen-orders``: the shipping rules at the command line."""

from __future__ import annotations

import csv
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import click
from flask.cli import with_appcontext

from .cli import storefront_cli
from .decision import Decision
from .extension import get_state
from .rules import Rule
from .settings import DEFAULT_COUNTRY, ORDER_CSV_COLUMNS, RULES_MAX_AGE_DAYS, UNCERTAIN_RULES
from .shipping_app import checker

__all__ = ["explain", "rules_group", "screen_orders"]

#: Columns screen-orders appends to each row.
RESULT_COLUMNS = ("screen_status", "screen_reason_codes", "screen_rule_ids", "screen_reasons")
_PROGRESS_BATCH = 1000


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


@storefront_cli.group("rules", help="The shipping rules in force for this app.")
def rules_group() -> None:
    """``flask storefront rules ...``."""


@rules_group.command("status", help="Counts of rules by kind, their as_of date, and a warning when they are stale.")
@with_appcontext
def rules_status() -> None:
    state = get_state()
    ruleset = state.rules
    counts = ruleset.counts()
    click.echo(f"rules version: {ruleset.version}")
    click.echo(f"files: {', '.join(ruleset.files)}")
    click.echo(f"as_of: {ruleset.as_of.isoformat()} ({ruleset.age_in_days()} days ago)")
    click.echo(f"rules: {len(ruleset)} ({len(ruleset.active_on())} in force today)")
    for group in (("country", "state", "county", "city", "postal"), ("ban", "product_restriction", "license_required", "min_age")):
        click.echo("  " + ", ".join(f"{kind}: {counts.get(kind, 0)}" for kind in group))
    click.echo(f"uncertain (low confidence or conflicting): {counts.get('uncertain', 0)}, deciding by '{state.get(UNCERTAIN_RULES)}'")
    if ruleset.disabled:
        click.echo(f"disabled: {', '.join(ruleset.disabled)}")
    limit = state.get(RULES_MAX_AGE_DAYS)
    if ruleset.age_in_days() > limit:
        click.secho(
            f"WARNING: the rules are {ruleset.age_in_days()} days old (STOREFRONT_RULES_MAX_AGE_DAYS = {limit}); "
            "check the sources and update the rules files.",
            fg="yellow",
            err=True,
        )


def _describe(rule: Rule) -> str:
    when = ""
    if rule.effective_from or rule.effective_until:
        when = f", in force {rule.effective_from or '...'} to {rule.effective_until or '...'}"
    age = f", min age {rule.min_age}" if rule.min_age else ""
    return f"{rule.id} [{rule.effect}{age}] {rule.display_name} (confidence {rule.confidence}, as of {rule.as_of}{when})"


def _echo_decision(decision: Decision) -> None:
    click.echo(f"status: {decision.status}")
    click.echo(f"jurisdictions: {', '.join(decision.jurisdictions) or '-'}")
    click.echo(f"required age: {decision.required_age or '-'}")
    click.echo(f"rules version: {decision.rules_version}")
    for reason in decision.reasons:
        click.echo(f"- {reason.code}: {reason.message}")
        if reason.source:
            click.echo(f"    source: {reason.source} (as of {reason.as_of}, confidence {reason.confidence})")


@storefront_cli.command("explain", help="Decide one address and show the rules and sources behind the answer.")
@click.option("--country", default=None, help="Country code or name, e.g. US, 'United Kingdom'.")
@click.option("--region", default=None, help="US state code or name.")
@click.option("--county", default=None)
@click.option("--city", default=None)
@click.option("--postal-code", "postal_code", default=None, help="ZIP or ZIP+4 for US addresses.")
@click.option("--category", default=None, help="Product category of the cart (default: a restricted order).")
@click.option("--attribute", "attributes", multiple=True, help="Product attribute, e.g. 7-oh (repeatable).")
@click.option("--on", "on", default=None, help="Decide for this date (YYYY-MM-DD; default today).")
@with_appcontext
def explain(
    country: str | None,
    region: str | None,
    county: str | None,
    city: str | None,
    postal_code: str | None,
    category: str | None,
    attributes: tuple[str, ...],
    on: str | None,
) -> None:
    address = {"country": country, "region": region, "county": county, "city": city, "postal_code": postal_code}
    items = [{"sku": "cli", "category": category, "attributes": list(attributes)}] if category else None
    day = _day(on) or date.today()
    check = checker()
    decision = check.check(address, items, day)
    _echo_decision(decision)
    applied = decision.extra.get("rules", ())
    if applied:
        click.echo("rules that applied:")
        for rule_id in applied:
            rule = check.ruleset.get(rule_id)
            if rule is not None:
                click.echo(f"  {_describe(rule)}")
                click.echo(f"    {rule.note}")
                for source in rule.sources:
                    click.echo(f"    {source}")
    else:
        click.echo("rules that applied: none")


def _count_rows(path: Path) -> int:
    with path.open("rb") as handle:
        return max(sum(1 for _ in handle) - 1, 0)


#: Fields screen-orders reads, in the order of a row's cache key.
_ROW_FIELDS = ("country", "region", "county", "city", "postal_code", "category", "attributes", "order_date")
_MEMO_LIMIT = 65536


def screen_row(values: tuple[str, ...], default_day: date) -> tuple[dict[str, Any], list[dict[str, Any]] | None, date]:
    """The (address, items, day) of one CSV row's ``_ROW_FIELDS`` values."""
    country, region, county, city, postal_code, category, raw_attributes, raw_day = values
    address = {"country": country, "region": region, "county": county, "city": city, "postal_code": postal_code}
    items = None
    if category.strip():
        attributes = [a.strip() for a in raw_attributes.replace(",", ";").split(";") if a.strip()]
        items = [{"sku": "", "category": category.strip(), "attributes": attributes}]
    day = default_day
    if raw_day.strip():
        try:
            day = date.fromisoformat(raw_day.strip()[:10])
        except ValueError:
            pass  # an unreadable order date falls back to --on / today; the address decides the rest
    return address, items, day


def _outcome(decision: Decision) -> tuple[str, str, str, str]:
    return (
        decision.status,
        ";".join(decision.codes),
        ";".join(r.rule_id for r in decision.reasons if r.rule_id),
        " | ".join(r.message for r in decision.reasons),
    )


@storefront_cli.command("screen-orders", help="Screen an order export (CSV) and write each row's decision to OUT.")
@click.argument("orders", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="CSV to write.")
@click.option("--on", "on", default=None, help="Decide for this date when a row has no order date (default today).")
@with_appcontext
def screen_orders(orders: Path, output: Path, on: str | None) -> None:
    state = get_state()
    columns: dict[str, str] = state.get(ORDER_CSV_COLUMNS)
    check = checker()
    default_day = _day(on) or date.today()
    total = _count_rows(orders)
    # Exports repeat destinations: rows with the same fields share one outcome.
    memo: dict[tuple[str, ...], tuple[str, str, str, str]] = {}
    outcomes: Counter[tuple[str, str, str, str]] = Counter()
    try:
        with orders.open(encoding="utf-8-sig", newline="") as source, output.open("w", encoding="utf-8", newline="") as sink:
            reader = csv.reader(source)
            headers = next(reader, [])
            needed = ["postal_code"] + ([] if state.get(DEFAULT_COUNTRY) else ["country"])
            missing = [f"{columns[key]!r} (for {key})" for key in needed if columns[key] not in headers]
            if missing:
                raise click.ClickException(
                    f"{orders} has no column {', '.join(missing)}. Its headers are {headers}; "
                    "map yours with STOREFRONT_ORDER_CSV_COLUMNS, e.g. {'postal_code': 'Ship Zip'}."
                )
            width = len(headers)
            positions = [headers.index(columns[f]) if columns[f] in headers else width for f in _ROW_FIELDS]
            writer = csv.writer(sink)
            writer.writerow(headers + list(RESULT_COLUMNS))
            with click.progressbar(length=total, label="Screening orders", file=sys.stderr) as bar:
                done = 0
                for row in reader:
                    if len(row) != width:  # short rows read as empty cells; extra cells are dropped
                        row = (row + [""] * width)[:width]
                    row.append("")  # the cell that missing columns point at
                    values = tuple([row[i] for i in positions])
                    outcome = memo.get(values)
                    if outcome is None:
                        address, items, day = screen_row(values, default_day)
                        outcome = _outcome(check.check(address, items, day))
                        if len(memo) >= _MEMO_LIMIT:
                            memo.clear()
                        memo[values] = outcome
                    outcomes[outcome] += 1
                    row[width:] = outcome
                    writer.writerow(row)
                    done += 1
                    if done % _PROGRESS_BATCH == 0:
                        bar.update(_PROGRESS_BATCH)
                bar.update(done % _PROGRESS_BATCH)
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{orders} is not UTF-8 text ({exc}); export the CSV as UTF-8.") from None
    except csv.Error as exc:
        raise click.ClickException(f"{orders} is not a readable CSV file: {exc}") from None
    statuses: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    for (status, joined_codes, _, _), count in outcomes.items():
        statuses[status] += count
        for code in filter(None, joined_codes.split(";")):
            codes[code] += count
    click.echo(f"\nScreened {sum(statuses.values())} orders into {output}")
    click.echo(f"{'status':<14}{'orders':>8}")
    for status in ("allowed", "blocked", "unverifiable"):
        click.echo(f"{status:<14}{statuses.get(status, 0):>8}")
    if codes:
        click.echo(f"\n{'reason':<34}{'orders':>8}")
        for code, count in codes.most_common():
            click.echo(f"{code:<34}{count:>8}")
