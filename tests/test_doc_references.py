"""Every file or folder the docs name exists (a newcomer follows them; issue 11 found one that did not)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# uccx-adminapi.md cites files of other repositories (its sources), not of this one.
DOCS = sorted({ROOT / "README.md", *(ROOT / "docs").glob("*.md")} - {ROOT / "docs" / "uccx-adminapi.md"})
ELSEWHERE = {"callers/Blocked.xml", "callers/VIP_customers.xml"}  # in UCCX's document repository
# `folder/file.ext` or `folder/` in backticks: a path in this repository (URLs and API paths start with /).
PATH = re.compile(r"`([a-z_][\w.-]*(?:/[\w.-]+)+(?:\.(?:py|md|html|js|css|txt|toml|xml|json|cfg)|/))`")
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]


def _exists(path: str, doc: Path) -> bool:
    candidates = [ROOT / path, doc.parent / path, *(folder / path for folder in TEMPLATE_DIRS)]
    return any(candidate.exists() for candidate in candidates)


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: doc.name)
def test_every_path_a_doc_names_exists(doc: Path) -> None:
    missing = sorted(
        {path for path in PATH.findall(doc.read_text()) if path not in ELSEWHERE and not _exists(path, doc)}
    )
    assert missing == []
