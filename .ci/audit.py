"""Offline dependency audit: installed distributions against a stored advisory snapshot.

CI has no network, so pip-audit cannot ask PyPI or OSV.  Instead `.ci/advisories.json`
holds the facts (id, aliases, affected ranges) of every PyPA advisory for every package
the project's venv installs, and this script compares the versions installed in the
Python that runs it against them:

    .venv/bin/python .ci/audit.py            # exit 1 on any finding or unchecked package

A version is affected (OSV semantics) when it is listed in an advisory's `versions`, or
falls in one of its ECOSYSTEM ranges: [introduced, fixed) or [introduced, last_affected],
versions compared as PEP 440.  Withdrawn advisories are skipped.  A package installed but
missing from the snapshot's `packages_checked` fails the audit too: the snapshot must be
rebuilt when a dependency is added (see docs/audit.md).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import re
import sys
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SNAPSHOT = ROOT / ".ci" / "advisories.json"


def normalize(name: str) -> str:
    """PEP 503 name, as the advisory database names its package directories."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Finding:
    package: str
    version: str
    advisory: str
    aliases: tuple[str, ...]
    fixed: str | None  # the first fixed version above the installed one, if any

    def line(self) -> str:
        aliases = f" ({', '.join(self.aliases)})" if self.aliases else ""
        fixed = self.fixed if self.fixed is not None else "none known"
        return f"{self.package} {self.version}: {self.advisory}{aliases}, fixed in {fixed}"


@dataclass
class Report:
    checked: list[str] = field(default_factory=list)  # installed and covered by the snapshot
    findings: list[Finding] = field(default_factory=list)
    ignored: list[Finding] = field(default_factory=list)  # findings named by --ignore
    unchecked: list[str] = field(default_factory=list)  # installed, not in the snapshot
    unparsable: list[str] = field(default_factory=list)  # "name version" not PEP 440

    @property
    def ok(self) -> bool:
        return not (self.findings or self.unchecked or self.unparsable)


def _event_order(event: Mapping[str, str]) -> tuple[int, Version]:
    ((kind, value),) = event.items()
    if kind == "introduced" and value == "0":
        return (0, Version("0"))
    return (1, Version(value))


def range_verdict(version: Version, events: Sequence[Mapping[str, str]]) -> tuple[bool, str | None]:
    """Whether `version` is inside one ECOSYSTEM range, and the first fix above it.

    Events are walked in version order (OSV's evaluation): `introduced` opens an affected
    stretch, `fixed` closes it before that version, `last_affected` closes it after it.
    """
    affected = False
    fixed_above: str | None = None
    for event in sorted(events, key=_event_order):
        ((kind, value),) = event.items()
        if kind == "introduced":
            if value == "0" or version >= Version(value):
                affected = True
        elif kind == "fixed":
            if version >= Version(value):
                affected = False
            elif affected and fixed_above is None:
                fixed_above = value
        elif kind == "last_affected" and version > Version(value):
            affected = False
        # "limit" only concerns GIT ranges; ECOSYSTEM ranges have none
    return affected, (fixed_above if affected else None)


def _listed(version: Version, versions: Iterable[str]) -> bool:
    for listed in versions:
        try:
            if Version(listed) == version:
                return True
        except InvalidVersion:
            continue
    return False


def advisory_verdict(version: Version, advisory: Mapping[str, Any]) -> tuple[bool, str | None]:
    """Whether one advisory affects `version`, and the first fix above it if one is known."""
    if advisory.get("withdrawn"):
        return False, None
    hit = _listed(version, advisory.get("versions", []))
    fixed: str | None = None
    for rng in advisory.get("ranges", []):
        if rng.get("type") != "ECOSYSTEM":
            continue
        in_range, fix = range_verdict(version, rng["events"])
        if in_range:
            hit = True
            if fix is not None and (fixed is None or Version(fix) < Version(fixed)):
                fixed = fix
    return hit, fixed


def audit(
    installed: Mapping[str, str],
    snapshot: Mapping[str, Any],
    ignore: Iterable[str] = (),
) -> Report:
    """Check `installed` ({name: version}) against a snapshot shaped like advisories.json."""
    covered = {normalize(name) for name in snapshot["packages_checked"]}
    excluded = {normalize(name) for name in snapshot.get("excluded", {})}
    by_package: dict[str, list[Mapping[str, Any]]] = {}
    for advisory in snapshot["advisories"]:
        by_package.setdefault(normalize(advisory["package"]), []).append(advisory)
    ignored_ids = set(ignore)

    report = Report()
    for raw_name, raw_version in sorted(installed.items(), key=lambda kv: normalize(kv[0])):
        name = normalize(raw_name)
        if name in excluded:
            continue
        if name not in covered:
            report.unchecked.append(f"{name} {raw_version}")
            continue
        report.checked.append(name)
        try:
            version = Version(raw_version)
        except InvalidVersion:
            report.unparsable.append(f"{name} {raw_version}")
            continue
        for advisory in by_package.get(name, []):
            hit, fixed = advisory_verdict(version, advisory)
            if not hit:
                continue
            finding = Finding(
                name, raw_version, advisory["id"], tuple(advisory.get("aliases", [])), fixed
            )
            names = {advisory["id"], *finding.aliases}
            (report.ignored if names & ignored_ids else report.findings).append(finding)
    return report


def installed_distributions() -> dict[str, str]:
    """{name: version} of the distributions importable by the running Python."""
    found: dict[str, str] = {}
    seen: set[str] = set()
    for dist in importlib.metadata.distributions():
        name = dist.metadata["Name"]
        if name and normalize(name) not in seen:  # the first on sys.path is the one imported
            seen.add(normalize(name))
            found[name] = dist.version
    return found


def project_name() -> str:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        return str(tomllib.load(fh)["project"]["name"])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--snapshot", type=Path, default=DEFAULT_SNAPSHOT)
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="ID",
        help="advisory id or alias to report but not fail on (repeatable)",
    )
    parser.add_argument(
        "--list-packages",
        action="store_true",
        help="print the installed packages a snapshot must cover, then exit",
    )
    args = parser.parse_args(argv)

    installed = installed_distributions()
    own = normalize(project_name())
    if args.list_packages:
        for name in sorted({normalize(n) for n in installed} - {own}):
            print(name)
        return 0

    snapshot = json.loads(args.snapshot.read_text(encoding="utf-8"))
    deps = {name: version for name, version in installed.items() if normalize(name) != own}
    report = audit(deps, snapshot, args.ignore)

    print(
        f"audit: snapshot of {snapshot['source']} built {snapshot['built']} "
        f"(newest advisory modified {snapshot.get('newest_advisory_modified', '?')}), "
        f"{len(snapshot['advisories'])} advisories"
    )
    print(f"audit: {len(report.checked)} installed packages checked: {' '.join(report.checked)}")
    for finding in report.ignored:
        print(f"IGNORED (--ignore): {finding.line()}")
    used = {name for f in report.ignored for name in (f.advisory, *f.aliases)}
    for unused in sorted(set(args.ignore) - used):
        print(f"audit: --ignore {unused} matched no finding")
    for finding in report.findings:
        print(f"VULNERABLE: {finding.line()}")
    for entry in report.unchecked:
        print(f"UNCHECKED: {entry} is installed but not covered by the snapshot; rebuild it")
    for entry in report.unparsable:
        print(f"UNPARSABLE: {entry} is not a PEP 440 version; cannot compare")
    if report.ok:
        print("audit: no known vulnerability")
        return 0
    print(
        f"audit: FAILED: {len(report.findings)} finding(s), "
        f"{len(report.unchecked)} unchecked, {len(report.unparsable)} unparsable"
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
