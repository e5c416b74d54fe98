"""Output of ``xl-disclosure validate`` on several files or a folder (see :mod:`xl_disclosure.receiving.batch`)."""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from xl_disclosure.errors import InputError
from xl_disclosure.receiving.batch import FileResult, collect, publications_in, validate_many
from xl_disclosure.validate.findings import Severity

_LABELS = {0: "通过", 1: "有问题", 2: "无法读取"}


def run_batch(
    args: argparse.Namespace, files: Sequence[Path], stdout: TextIO, stderr: TextIO
) -> int:
    """Validate every file; exit code of the worst one (2 > 1 > 0)."""
    paths = _batch_paths(args, files, stderr)
    started = time.perf_counter()
    results: list[FileResult] = []
    for result in validate_many(
        paths,
        jobs=args.jobs,
        engine=args.engine or "calamine",
        limit=args.limit,
        dask=getattr(args, "dask", None),
    ):
        results.append(result)
        if not args.json:
            _print_one(result, stdout, details=args.details)
    elapsed = time.perf_counter() - started
    counts = {code: sum(1 for r in results if r.exit_code == code) for code in (0, 1, 2)}
    if args.json:
        out = _json_report(results, counts, elapsed)
        stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    else:
        stdout.write(
            f"共 {len(results)} 个文件：通过 {counts[0]} 个，有问题 {counts[1]} 个，无法读取 {counts[2]} 个。\n"
        )
    stderr.write(f"用时 {elapsed:.1f} 秒（{len(results) / max(elapsed, 1e-9):.0f} 个/秒）。\n")
    return max((r.exit_code for r in results), default=0)


def _batch_paths(args: argparse.Namespace, files: Sequence[Path], stderr: TextIO) -> list[Path]:
    """The files to validate in ``files`` (folders opened), or :class:`InputError` saying why
    there are none; a note on ``stderr`` for each folder without one."""
    if args.previous:
        raise InputError(
            "批量校验时不能使用 --previous（上年度报告只能对应单个文件）。",
            hint="请逐个文件校验跨年度关系。",
        )
    # lexists: a broken link is not "missing", it is refused by name (see io.files)
    missing = [str(p) for p in files if not os.path.lexists(p)]
    if missing:
        raise InputError(f"找不到：{'、'.join(missing)}。", hint="请检查路径。")
    published = bool(getattr(args, "published", False))
    paths = collect(files, published=published)
    _note_empty_folders(files, paths, stderr, published=published)
    if not paths:
        found = 0 if published else publications_in(files)
        raise InputError(
            f"所给的文件夹中没有找到可校验的文件（{_kinds(published)}）。",
            where="、".join(map(str, files)),
            hint=f"文件夹中有 {found} 个已发布报告的原文，加 --published 可导入后一并校验。"
            if found
            else "请检查文件夹路径。",
        )
    return paths


def _json_report(
    results: list[FileResult], counts: dict[int, int], elapsed: float
) -> dict[str, object]:
    """What ``validate --json`` prints for a batch: each file, then the summary."""
    return {
        "files": [
            {
                "source": r.path,
                "exit_code": r.exit_code,
                "format": r.format_id,
                "engine": r.engine,
                "error": r.error,
                "counts": r.counts,
                "findings": list(r.findings),
            }
            for r in results
        ],
        "summary": {
            "files": len(results),
            "valid": counts[0],
            "findings": counts[1],
            "unreadable": counts[2],
            "seconds": round(elapsed, 3),
        },
    }


def _kinds(published: bool) -> str:
    return ".xlsx/.xlsm/.json" + ("，或已发布报告的原文" if published else "")


def _note_empty_folders(
    given: Sequence[Path], found: Sequence[Path], stderr: TextIO, *, published: bool
) -> None:
    """Say which given folders held nothing to check (when others did)."""
    for folder in (p for p in given if p.is_dir() and found):
        if not any(path.is_relative_to(folder) for path in found):
            stderr.write(f"说明：文件夹“{folder}”中没有可校验的文件（{_kinds(published)}）。\n")


def _print_one(result: FileResult, out: TextIO, *, details: bool) -> None:
    label = _LABELS[result.exit_code]
    if result.exit_code == 2:
        out.write(f"[{label}] {result.error}\n")
        return
    c = result.counts
    if result.exit_code == 0:
        note = f"（参考 {c['info']} 条）" if c.get("info") else ""
        out.write(f"[{label}] {result.path}{note}\n")
        return
    top = result.findings[0]
    out.write(
        f"[{label}] {result.path}：强制 {c['error']} 条，提示 {c['warning']} 条，参考 {c['info']} 条。"
        f"首条：[{top['rule']}] {top['message']}\n"
    )
    if details:
        for f in result.findings:
            place = f["places"][0] if f["places"] else "—"
            label = Severity(f["severity"]).label
            out.write(f"    {label}  {f['rule']}  {place}  {f['message']}\n")
