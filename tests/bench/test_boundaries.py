"""Benchmarks and fakes stay outside the product: only the bench command loads them,
and the fake server's documented command still starts it."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import requests

from tests.support.processes import ROOT

TOOLS = ("gateway.bench", "gateway.testing")
# The one product import of the tools: `python -m gateway bench` loads them lazily.
ALLOWED = {("gateway.cli", "gateway.bench.command")}


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level \
                else []
            target = ".".join(base + ([node.module] if node.module else []))
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def test_no_product_module_imports_the_benchmarks_or_the_fakes() -> None:
    offending = set()
    for path in (ROOT / "gateway").rglob("*.py"):
        module = _module(path)
        if module.startswith(TOOLS):
            continue
        for name in _imports(path):
            allowed = any(module == m and (name + ".").startswith(t + ".") for m, t in ALLOWED)
            if name.startswith(TOOLS) and not allowed:
                offending.add((module, name))
    assert not offending


def test_the_documented_fake_provider_command_serves() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "gateway.testing.fake_providers", "--port", "0"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        started = json.loads(proc.stdout.readline())
        control = requests.get(started["url"] + "/_control", timeout=10).json()
        assert control["sendgrid_public_key"] == started["sendgrid_public_key"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
