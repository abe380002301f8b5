"""The parts of shared runs: ``python -m crawler.parts DIR...`` lists, for each shared run
whose manifests are in the folders given (each machine's output folder, or copies of them
in one place), its processes with their finish reason, records and files.

A process's manifest names the shared run it was one of (``shared_run``: the run's id and
the process's name, its machine and its files' prefix); a run made whole after a kill has
a manifest without it, and is listed under "not shared, or killed".
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from crawler.manifest import MANIFEST

UNSHARED = "not shared, or killed"


def run_parts(folders: Iterable[Path]) -> dict[str, list[tuple[Path, dict[str, Any]]]]:
    """Manifests by shared run id, each run's parts in the order of their paths."""
    runs: dict[str, list[tuple[Path, dict[str, Any]]]] = defaultdict(list)
    for folder in folders:
        for path in sorted(folder.glob(f"*{MANIFEST}")):
            manifest = json.loads(path.read_text(encoding="utf-8"))
            shared = manifest.get("shared_run") or {}
            runs[str(shared.get("id", UNSHARED))].append((path, manifest))
    return dict(sorted(runs.items()))


def describe(path: Path, manifest: dict[str, Any]) -> str:
    """One part: its prefix, how it ended, its records and its files."""
    files = [entry["path"] for entries in manifest["files"].values() for entry in entries]
    prefix = path.name.removesuffix(MANIFEST)
    return (
        f"  {prefix}: {manifest['finish_reason']}, {manifest['counts']['records']} records;"
        f" {', '.join(Path(file).name for file in files)}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.parts", description=__doc__)
    parser.add_argument("folders", nargs="+", type=Path, metavar="DIR")
    args = parser.parse_args(argv)
    missing = [str(folder) for folder in args.folders if not folder.is_dir()]
    if missing:
        parser.error(f"not a folder: {', '.join(missing)}")
    for run, parts in run_parts(args.folders).items():
        records = sum(manifest["counts"]["records"] for _, manifest in parts)
        print(f"{run}: {len(parts)} parts, {records} records")
        for path, manifest in parts:
            print(describe(path, manifest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
