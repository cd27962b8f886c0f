"""``flask storefront ...``: the plugin's command group."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from .extension import get_state
from .settings import SETTINGS


@click.group("storefront", help="Compliance tools of storefront_plugin.")
def storefront_cli() -> None:
    """The command group ``init_app`` registers on ``app.cli``."""


@storefront_cli.command("config", help="Print every STOREFRONT_* setting in force for this app.")
@with_appcontext
def show_config() -> None:
    state = get_state(current_app)
    for key in SETTINGS:
        click.echo(f"{key} = {state.settings[key]!r}")


# Subcommands live in their own modules; importing one registers it on the group.
from . import commands_rules  # noqa: E402,F401
from . import commands_content  # noqa: E402,F401
from . import commands_audit  # noqa: E402,F401
