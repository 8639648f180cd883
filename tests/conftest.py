"""Shared fixtures, paths and Hypothesis profiles for the newsclean test suite.

Hypothesis profiles: "default" (about 100 examples, no deadline) for CI, and "long"
(5000 examples) for a thorough local run:

    HYPOTHESIS_PROFILE=long pytest tests/test_properties.py tests/test_factor.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from newsclean import Cleaner

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = REPO_ROOT / "fixtures" / "articles"
# Shared samples live next to the repository, not in it; tests that use them skip when absent.
SHARED_SAMPLES = REPO_ROOT.parent / "shared" / "samples"

settings.register_profile(
    "default",
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "long",
    max_examples=5000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    """One Cleaner per test module: compiling the packs is the expensive part."""
    return Cleaner()


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES
