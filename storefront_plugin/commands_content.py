"""``flask storefront lint-claims`` and ``flask storefront templates export``."""

from __future__ import annotations

import shutil
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from .claims import check_paths, format_findings
from .cli import storefront_cli
from .content import shipped_content_dir
from .extension import get_state
from .resources import templates_dir
from .settings import CONTENT_DIR


def default_lint_paths() -> list[Path]:
    """The app's templates, ours, our articles and the merchant's articles."""
    paths = []
    if current_app.template_folder:
        paths.append(Path(current_app.root_path) / current_app.template_folder)
    paths += [templates_dir() / "storefront", shipped_content_dir()]
    merchant = get_state().get(CONTENT_DIR)
    if merchant:
        paths.append(Path(merchant))
    return [p for p in paths if p.exists()]


@storefront_cli.command("lint-claims", help="Find disease claims in templates, Markdown and HTML.")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@with_appcontext
def lint_claims(paths: tuple[Path, ...], fmt: str) -> None:
    """Print one finding per line (or JSON); exit 1 when anything is found."""
    try:
        findings = check_paths(paths or default_lint_paths())
    except OSError as exc:
        raise click.ClickException(f"cannot read {exc.filename}: {exc.strerror}") from None
    if fmt == "json" or findings:
        click.echo(format_findings(findings, fmt))
    if findings:
        click.echo(f"{len(findings)} possible disease claim(s).", err=True)
        raise SystemExit(1)


@storefront_cli.group("templates", help="Copy the plugin's templates into your app to edit them.")
def templates_group() -> None:
    """``flask storefront templates ...``."""


def _template_names() -> list[str]:
    root = templates_dir() / "storefront"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.html"))


@templates_group.command("export", help="Copy templates (all, or the NAMEs given) to DEST/storefront/.")
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@click.argument("names", nargs=-1)
@click.option("--force", is_flag=True, help="Overwrite files that already exist in DEST.")
def export_templates(dest: Path, names: tuple[str, ...], force: bool) -> None:
    """Never overwrites an edited copy unless --force is given."""
    available = _template_names()
    wanted = [n.removeprefix("storefront/") for n in names] or available
    unknown = [n for n in wanted if n not in available]
    if unknown:
        raise click.UsageError(f"unknown template(s) {', '.join(unknown)}; choose from {', '.join(available)}")
    target_root = dest / "storefront"
    existing = [n for n in wanted if (target_root / n).exists()]
    if existing and not force:
        raise click.ClickException(
            f"{', '.join(existing)} already exist in {target_root}; nothing was copied. Use --force to overwrite."
        )
    for name in wanted:
        target = target_root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(templates_dir() / "storefront" / name, target)
        click.echo(f"copied storefront/{name} -> {target}")
