"""What ships as the portal and what stays a tool of the checkout: the demo
data and the benchmarks are neither packaged, nor installed under production
settings, nor among the production dependencies."""

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import get_commands
from setuptools import find_packages

from bench.management.commands.bench import BENCHMARKS

PROJECT = Path(settings.BASE_DIR)
PYPROJECT = tomllib.loads((PROJECT / "pyproject.toml").read_text())
PINNED = re.compile(r"^([A-Za-z0-9._-]+)==(\S+)((?:\s*\\\n\s+--hash=\S+)+)", re.M)


def pins(lock_file: str) -> dict[str, tuple[str, frozenset[str]]]:
    """Package → (version, hashes) of a lock file written by pip-compile."""
    text = (PROJECT / lock_file).read_text()
    return {
        name.lower(): (version, frozenset(re.findall(r"--hash=(\S+)", hashes)))
        for name, version, hashes in PINNED.findall(text)
    }


def requirement_name(requirement: str) -> str:
    return re.match(r"[A-Za-z0-9._-]+", requirement).group().lower()


def test_the_production_package_holds_the_apps_and_no_tools():
    include = PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = find_packages(where=PROJECT, include=include)
    assert {package.split(".")[0] for package in packages} == {
        "integration_portal",
        "partners",
        "measures",
        "counselling",
        "recommendations",
    }
    shipped = [
        path.relative_to(PROJECT)
        for package in packages
        for path in (PROJECT / package.replace(".", "/")).glob("*.py")
    ]
    assert not [path for path in shipped if path.stem in {"bench", "benchmarks", "demo", "load"}]


def test_production_settings_install_neither_demo_data_nor_benchmarks():
    assert not settings.DEBUG
    assert not apps.is_installed("demo")
    assert not apps.is_installed("bench")
    assert "seed_demo" not in get_commands()
    assert "bench" not in get_commands()


def test_debug_or_the_tools_switch_installs_seed_demo_and_bench():
    for switch in ({"DJANGO_DEBUG": "1"}, {"DJANGO_DEVELOPMENT_TOOLS": "1"}):
        commands = subprocess.run(
            [sys.executable, "manage.py", "help", "--commands"],
            cwd=PROJECT,
            env={**os.environ, **switch},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        assert {"seed_demo", "bench"} <= set(commands), switch


def test_the_production_lock_carries_no_development_tool():
    dev_extra = PYPROJECT["project"]["optional-dependencies"]["dev"]
    development = {requirement_name(requirement) for requirement in dev_extra}
    production = pins("requirements.lock")
    assert {"django", "psycopg", "gunicorn"} <= set(production)
    assert not development & set(production)
    assert not {"playwright", "ruff", "bandit", "hypothesis", "pytest"} & set(production)


def test_the_development_lock_pins_every_production_package_alike():
    production = pins("requirements.lock")
    development = pins("requirements-dev.lock")
    assert {name: development.get(name) for name in production} == production
    assert {"pytest", "playwright", "ruff", "bandit", "import-linter"} <= set(development)


def test_each_lock_file_says_how_it_was_compiled():
    production = (PROJECT / "requirements.lock").read_text()
    development = (PROJECT / "requirements-dev.lock").read_text()
    assert "#    pip-compile " in production and "--generate-hashes" in production
    assert "--extra=dev" not in production
    assert "--extra=dev" in development and "--constraint=requirements.lock" in development


def test_manage_py_bench_runs_the_benchmark_of_each_app_that_has_one():
    # Importing the command imports every benchmark: a change to an app that
    # breaks one shows here, not only in the next `make bench`.
    assert set(BENCHMARKS) == {"measures", "counselling", "relevance"}
