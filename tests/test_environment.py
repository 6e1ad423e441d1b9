"""The environment is pinned once: requirements.lock, used by the Makefile and environment.yml."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

import yaml

from tests.conftest import REPO


def _lock() -> dict[str, str]:
    pins = {}
    for line in (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"unpinned line in requirements.lock: {line}"
            pins[_normalise(name)] = version
    return pins


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_environment_yml_installs_exactly_the_lock():
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-r requirements.lock" in pip_section
    assert "python=3.11" in env["dependencies"]
    conda_packages = [d for d in env["dependencies"] if isinstance(d, str)]
    assert conda_packages == ["python=3.11", "pip"], "other conda packages would drift from the lock"


def test_every_declared_dependency_is_pinned_in_the_lock():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["dev"]
    pins = _lock()
    for requirement in declared:
        name = _normalise(re.split(r"[<>=\[; ]", requirement, maxsplit=1)[0])
        assert name in pins, f"{name} is declared in pyproject.toml but not pinned"


def test_installed_versions_match_the_lock():
    for name, version in _lock().items():
        assert metadata.version(name) == version, name


def test_makefile_and_setup_use_the_lock():
    assert "requirements.lock" in (REPO / "scripts" / "setup.sh").read_text(encoding="utf-8")
    assert "scripts/setup.sh" in (REPO / "Makefile").read_text(encoding="utf-8")


def _declared_python() -> str:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]


def _lowest_supported_python() -> str:
    declared = _declared_python()
    lowest = re.search(r">=\s*(\d+\.\d+(?:\.\d+)?)", declared).group(1)
    return lowest if lowest.count(".") == 2 else f"{lowest}.0"


def test_every_installed_distribution_admits_the_lowest_supported_python():
    from importlib.metadata import distributions

    from packaging.specifiers import SpecifierSet

    lowest = _lowest_supported_python()
    declared = {d.metadata["Name"]: d.metadata.get("Requires-Python") for d in distributions()}
    refusing = sorted(f"{name} ({spec})" for name, spec in declared.items()
                      if spec and lowest not in SpecifierSet(spec))
    assert lowest == "3.11.0" and refusing == []


def test_setup_and_readme_state_the_declared_python_range():
    assert _declared_python() == ">=3.11,<3.13"
    assert "requires-python" in (REPO / "scripts" / "setup.sh").read_text(encoding="utf-8")
    assert "Python 3.11 or 3.12" in (REPO / "README.md").read_text(encoding="utf-8")
