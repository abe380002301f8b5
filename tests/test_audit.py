"""The offline dependency audit (.ci/audit.py) and its advisory snapshot (.ci/advisories.json)."""

from __future__ import annotations

import importlib.metadata
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from packaging.version import Version

CI = Path(__file__).resolve().parents[1] / ".ci"
sys.path.insert(0, str(CI))
import audit  # noqa: E402

SNAPSHOT: dict[str, Any] = json.loads((CI / "advisories.json").read_text(encoding="utf-8"))


def snapshot_of(*advisories: dict[str, Any], checked: tuple[str, ...] = ()) -> dict[str, Any]:
    packages = {a["package"] for a in advisories} | set(checked)
    return {
        "source": "test",
        "built": "2026-01-01",
        "packages_checked": sorted(packages),
        "advisories": list(advisories),
    }


def advisory(ident: str, package: str, *events: dict[str, str], **extra: Any) -> dict[str, Any]:
    ranges = [{"type": "ECOSYSTEM", "events": list(events)}] if events else []
    return {"id": ident, "package": package, "aliases": [], "ranges": ranges, **extra}


def ids(report: audit.Report) -> list[tuple[str, str, str | None]]:
    return [(f.package, f.advisory, f.fixed) for f in report.findings]


def test_flags_scrapy_1_4_with_the_real_snapshot() -> None:
    report = audit.audit({"Scrapy": "1.4.0"}, SNAPSHOT)
    assert ids(report) == [
        ("scrapy", "PYSEC-2017-83", None),  # open range: no fixed version known
        ("scrapy", "PYSEC-2021-363", "1.8.1"),
        ("scrapy", "PYSEC-2022-159", "2.6.1"),
    ]
    assert report.findings[0].aliases == ("CVE-2017-14158",)
    assert not report.ok


def test_a_fixed_version_passes_and_the_one_before_does_not() -> None:
    snap = snapshot_of(advisory("X-1", "demo", {"introduced": "0"}, {"fixed": "2.0"}))
    assert audit.audit({"demo": "2.0"}, snap).ok
    assert audit.audit({"demo": "2.0.1"}, snap).ok
    assert ids(audit.audit({"demo": "1.9.9"}, snap)) == [("demo", "X-1", "2.0")]
    assert ids(audit.audit({"demo": "2.0rc1"}, snap)) == [("demo", "X-1", "2.0")]


def test_introduced_bounds_the_range_from_below() -> None:
    snap = snapshot_of(advisory("X-2", "demo", {"introduced": "1.5"}, {"fixed": "1.8"}))
    assert audit.audit({"demo": "1.4"}, snap).ok
    assert not audit.audit({"demo": "1.5"}, snap).ok
    assert audit.audit({"demo": "1.8"}, snap).ok


def test_last_affected_includes_that_version_only() -> None:
    snap = snapshot_of(advisory("X-3", "demo", {"introduced": "1.0"}, {"last_affected": "1.5"}))
    assert ids(audit.audit({"demo": "1.5"}, snap)) == [("demo", "X-3", None)]
    assert not audit.audit({"demo": "1.0"}, snap).ok
    assert audit.audit({"demo": "1.5.1"}, snap).ok
    assert audit.audit({"demo": "0.9"}, snap).ok


def test_events_are_evaluated_in_version_order() -> None:
    # urllib3's PYSEC-2023-192 lists its 2.x stretch before its 1.x one
    snap = SNAPSHOT
    assert ids(audit.audit({"urllib3": "2.0.5"}, snap)) == [
        ("urllib3", "PYSEC-2023-192", "2.0.6"),
        ("urllib3", "PYSEC-2023-212", "2.0.7"),
    ]
    assert [f.fixed for f in audit.audit({"urllib3": "1.26.16"}, snap).findings] == [
        "1.26.17",
        "1.26.18",
    ]
    assert audit.audit({"urllib3": "1.26.18"}, snap).ok
    assert audit.audit({"urllib3": "2.0.7"}, snap).ok


def test_listed_versions_count_without_any_range() -> None:
    snap = snapshot_of(advisory("X-4", "demo", versions=["1.2.3", "1.4"]))
    assert ids(audit.audit({"demo": "1.2.3"}, snap)) == [("demo", "X-4", None)]
    assert not audit.audit({"demo": "1.4.0"}, snap).ok  # PEP 440: 1.4 == 1.4.0
    assert audit.audit({"demo": "1.3"}, snap).ok


def test_withdrawn_advisories_are_skipped() -> None:
    # aiohttp's PYSEC-2022-43059 (withdrawn) has an open range from 0
    assert audit.audit({"aiohttp": "3.14.5"}, SNAPSHOT).ok
    snap = snapshot_of(advisory("X-5", "demo", {"introduced": "0"}, withdrawn="2023-11-08"))
    assert audit.audit({"demo": "1.0"}, snap).ok


def test_an_installed_package_missing_from_the_snapshot_fails() -> None:
    snap = snapshot_of(checked=("demo",))
    report = audit.audit({"demo": "1.0", "Brand_New.pkg": "0.1"}, snap)
    assert report.unchecked == ["brand-new-pkg 0.1"]
    assert report.checked == ["demo"]
    assert not report.ok


def test_excluded_packages_are_not_required() -> None:
    snap = snapshot_of(checked=("demo",)) | {"excluded": {"our-project": "ourselves"}}
    assert audit.audit({"demo": "1.0", "Our_Project": "0.1"}, snap).ok


def test_a_version_that_is_not_pep_440_fails() -> None:
    report = audit.audit({"demo": "not a version"}, snapshot_of(checked=("demo",)))
    assert report.unparsable == ["demo not a version"]
    assert not report.ok


def test_ignore_reports_but_does_not_fail() -> None:
    snap = snapshot_of(
        advisory("X-6", "demo", {"introduced": "0"}) | {"aliases": ["CVE-2000-1"]},
        advisory("X-7", "demo", {"introduced": "0"}),
    )
    report = audit.audit({"demo": "1.0"}, snap, ignore=["CVE-2000-1"])
    assert [f.advisory for f in report.ignored] == ["X-6"]
    assert ids(report) == [("demo", "X-7", None)]
    assert audit.audit({"demo": "1.0"}, snap, ignore=["X-6", "X-7"]).ok


def write(tmp_path: Path, snap: dict[str, Any]) -> Path:
    path = tmp_path / "snapshot.json"
    path.write_text(json.dumps(snap), encoding="utf-8")
    return path


def test_main_reads_this_python_and_exits_by_the_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = [audit.normalize(n) for n in audit.installed_distributions()]
    clean = snapshot_of(checked=tuple(names)) | {"excluded": {}}
    assert audit.main(["--snapshot", str(write(tmp_path, clean))]) == 0
    out = capsys.readouterr().out
    assert "built 2026-01-01" in out
    assert " pytest " in out and "no known vulnerability" in out

    version = importlib.metadata.version("pytest")
    bad = clean | {"advisories": [advisory("X-8", "pytest", {"introduced": version})]}
    assert audit.main(["--snapshot", str(write(tmp_path, bad))]) == 1
    out = capsys.readouterr().out
    assert f"VULNERABLE: pytest {version}: X-8, fixed in none known" in out
    assert audit.main(["--snapshot", str(write(tmp_path, bad)), "--ignore", "X-8"]) == 0

    short = clean | {"packages_checked": [n for n in names if n != "pytest"]}
    assert audit.main(["--snapshot", str(write(tmp_path, short))]) == 1
    assert f"UNCHECKED: pytest {version}" in capsys.readouterr().out


def test_the_snapshot_records_where_each_fact_came_from() -> None:
    assert SNAPSHOT["source"] == "https://github.com/pypa/advisory-database"
    checked = set(SNAPSHOT["packages_checked"])
    assert checked == {audit.normalize(n) for n in checked}
    assert "diplomacy-crawler" not in checked
    seen = set()
    for adv in SNAPSHOT["advisories"]:
        assert adv["id"] not in seen
        seen.add(adv["id"])
        assert adv["package"] in checked
        assert adv["file"] == f"vulns/{adv['package']}/{adv['id']}.yaml"
        assert re.fullmatch(r"[0-9a-f]{40}", adv["commit"])
        assert "details" not in adv and "summary" not in adv
        for rng in adv["ranges"]:
            for event in rng["events"]:
                ((kind, value),) = event.items()
                assert kind in {"introduced", "fixed", "last_affected"}
                Version(value)
    for skipped in SNAPSHOT["superseded_files_skipped"]:
        assert skipped["superseded_by"] in seen
