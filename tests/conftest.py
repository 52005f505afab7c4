"""Shared fixtures. In CI (CI=true) a missing browser or seed file fails instead of skipping."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() == "true"


def need(condition: bool, why: str):
    """Skip (locally) or fail (in CI) when a resource is missing."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {why}")
    pytest.skip(why)


@pytest.fixture(scope="session")
def seed_path() -> Path:
    files = sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []
    need(bool(files), f"the seed story is not at {SHARED / 'seeds'} (it always is in CI)")
    return files[0]


@pytest.fixture(scope="session")
def seed_retelling() -> str:
    return (ROOT / "data" / "articles" / "iran-kyrgyzstan.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    need(path is not None, "Debian's chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture(scope="module")
def browser(chromium):
    """A headless Chromium for the browser tests (one per test module)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium,
                              args=["--no-sandbox", "--disable-background-networking",
                                    "--disable-component-update"])
        yield b
        b.close()
