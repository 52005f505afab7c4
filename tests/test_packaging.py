"""The project installs as promised: pyproject and environment.yml agree, the wheel ships
its data, the console script works."""

from __future__ import annotations

import re
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent

# conda-forge names of packages whose PyPI name differs.
CONDA_NAMES = {"pyahocorasick": "pyahocorasick"}


def _name(req: str) -> str:
    return re.split(r"[<>=!~ \[;]", req, maxsplit=1)[0].strip().lower()


def test_environment_yml_agrees_with_pyproject():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r): r for r in pyproject["dependencies"] + pyproject["optional-dependencies"]["dev"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    listed = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for p in dep.get("pip", []):
                if not p.startswith("-"):
                    listed[_name(p)] = p
        else:
            listed[_name(dep)] = dep
    missing = sorted(set(wanted) - set(listed))
    extra = sorted(set(listed) - set(wanted) - {"python", "pip"})
    assert not missing, f"in pyproject but not environment.yml: {missing}"
    assert not extra, f"in environment.yml but not pyproject: {extra}"
    for name, req in wanted.items():
        lo = re.search(r">=\s*([\w.]+)", req)
        if lo:
            assert f">={lo.group(1)}" in listed[name].replace(" ", ""), (name, req, listed[name])


def test_console_script_and_module_report_version():
    import geo

    out = subprocess.run([sys.executable, "-m", "geo", "--version"], capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == f"corridors {geo.__version__}"
    script = Path(sysconfig.get_path("scripts")) / "corridors"
    out = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=True).stdout
    assert geo.__version__ in out


@pytest.mark.slow
def test_wheel_ships_data_and_works_from_a_clean_venv(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                    str(dist), str(ROOT)], check=True, capture_output=True)
    wheel = next(dist.glob("corridor_atlas-*.whl"))
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "geo/data/places.csv" in names and "geo/data/rail/links.csv" in names
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)],
                   check=True, capture_output=True)
    # The dependencies come from the test environment's site-packages (read-only, no
    # editable finder), so that no download is needed; geo itself only from the wheel.
    site = sysconfig.get_paths()["purelib"]
    new_site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                              capture_output=True, text=True, check=True).stdout.strip()
    Path(new_site, "_test_deps.pth").write_text(site + "\n")
    work = tmp_path / "elsewhere"
    work.mkdir()
    code = ("import geo, pathlib; p = geo.geocode('Bandar Abbas'); "
            "print(geo.__file__); print(p.country, round(p.lat, 2), round(p.lon, 2))")
    res = subprocess.run([str(py), "-I", "-c", code], cwd=work, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    geo_file, answer = res.stdout.strip().splitlines()
    assert Path(geo_file).resolve().is_relative_to(venv.resolve())
    assert answer == "IR 27.19 56.28"
