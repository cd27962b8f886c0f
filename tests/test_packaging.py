"""The wheel carries templates and catalogs, and an installed copy renders a plugin page."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

RENDER = """
from flask import Flask
from storefront_plugin import StorefrontCompliance
import storefront_plugin, sys
app = Flask("installed")
app.config["SECRET_KEY"] = "x"
StorefrontCompliance(app)
page = app.test_client().get("/storefront/?lang=de")
assert page.status_code == 200, page.status_code
assert "site-packages" in storefront_plugin.__file__, storefront_plugin.__file__
sys.stdout.write(page.get_data(as_text=True))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        cwd=out,
    )
    (found,) = out.glob("storefront_plugin-*.whl")
    return found


@pytest.mark.slow
def test_wheel_contains_templates_and_catalogs(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "storefront_plugin/templates/storefront/base.html" in names
    assert "storefront_plugin/py.typed" in names
    for lang in ("es", "fr", "de"):
        assert f"storefront_plugin/translations/{lang}/LC_MESSAGES/storefront.mo" in names
        assert f"storefront_plugin/translations/{lang}/LC_MESSAGES/storefront.po" in names
    assert not any(n.startswith(("tests/", "examples/")) for n in names)


@pytest.mark.slow
def test_installed_wheel_renders_a_plugin_page(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, cwd=tmp_path)
    result = subprocess.run([str(python), "-c", RENDER], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert '<html lang="de">' in result.stdout
    assert "<main" in result.stdout
