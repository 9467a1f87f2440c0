"""Shared fixtures: the repository root and the seed sources as the pipeline reads them."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory):
    """The Site model of the real seeds (cache in a temporary folder)."""
    from generator.core.config import Settings
    from generator.site.pipeline import load_site

    cache = tmp_path_factory.mktemp("cache")
    return load_site(Settings(root=ROOT, cache=str(cache)))
