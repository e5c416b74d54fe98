"""Load the format specs and the local profiles, checking them on the way (the rule catalogue
is :mod:`~xl_disclosure.spec.catalogue`).

Formats are found as data, never listed in code: every ``*.json`` in the package's
``spec/formats/`` folder, in each folder named by the ``XL_DISCLOSURE_FORMATS`` environment
variable (``os.pathsep``-separated) or registered with :func:`register_format_dir`, and in each
folder an installed package announces under the entry-point group ``xl_disclosure.formats``. A
new official format, or a test format, is one more JSON file.

Local profiles (:mod:`~xl_disclosure.spec.profile`) are found the same way: ``*.json`` and
``*.toml`` in ``spec/profiles/``, in the folders of ``XL_DISCLOSURE_PROFILES``, registered with
:func:`register_profile_dir`, announced under ``xl_disclosure.profiles``, or given as one file
(:func:`register_profile_file`, the CLI's ``--profile``). ``load_format("gb2019+zj-2019")`` is
the format extended by the profile.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from xl_disclosure.errors import SpecError
from xl_disclosure.spec.build import build_format
from xl_disclosure.spec.catalogue import load_rules, rule
from xl_disclosure.spec.derived import forget_derived
from xl_disclosure.spec.model import FormatSpec
from xl_disclosure.spec.profile import (
    MAX_FORMAT_BYTES,
    SEPARATOR,
    build_profile,
    read_profile_file,
    read_spec_file,
)

#: Environment variable naming extra folders of format files.
FORMATS_ENV = "XL_DISCLOSURE_FORMATS"
#: Entry-point group whose entries name a folder (or a package) holding format files.
FORMATS_ENTRY_POINTS = "xl_disclosure.formats"
#: The same for local profiles.
PROFILES_ENV = "XL_DISCLOSURE_PROFILES"
PROFILES_ENTRY_POINTS = "xl_disclosure.profiles"
_registered: list[Path] = []
_registered_profile_dirs: list[Path] = []
#: Profiles given as data (one file, or carried by a workbook): id -> (data, where, fallback).
_given_profiles: dict[str, tuple[dict[str, Any], str, bool]] = {}
#: How many holders (running servers) keep the first carried version of each profile
#: (:func:`first_carried_profiles`); while there is none, a carried profile replaces one an
#: earlier workbook carried.
_holders = [0]
_holders_lock = threading.Lock()


@contextmanager
def first_carried_profiles() -> Iterator[None]:
    """While inside, a workbook's carried profile never replaces one an earlier workbook
    carried: the first carried version stays (a server reading books in several threads at
    once; a version must not change under a reader, and R-003 or R-004 names the mismatch).
    Outside any such block (a command, a batch worker: files read one after another) each
    workbook is read with the version it carries. Re-entrant: the mode lasts until the last
    holder leaves, so two servers in one process do not end each other's."""
    with _holders_lock:
        _holders[0] += 1
    try:
        yield
    finally:
        with _holders_lock:
            _holders[0] -= 1


def _package_dir(name: str = "formats") -> Path:
    return Path(str(resources.files("xl_disclosure.spec").joinpath(name)))


def _entry_point_dirs(group: str = FORMATS_ENTRY_POINTS) -> list[Path]:
    out: list[Path] = []
    for ep in entry_points(group=group):
        target = ep.load()
        where = getattr(target, "__path__", None)
        out.extend(Path(p) for p in where) if where else out.append(Path(str(target)))
    return out


def format_dirs() -> list[Path]:
    """Where formats are looked for, the package's own folder first."""
    extra = [Path(p) for p in os.environ.get(FORMATS_ENV, "").split(os.pathsep) if p.strip()]
    return [_package_dir(), *extra, *_registered, *_entry_point_dirs()]


def register_format_dir(path: Path | str) -> None:
    """Add a folder of format files for this process (and forget what was loaded before)."""
    _registered.append(Path(path))
    clear_caches()


def clear_caches() -> None:
    """Forget every loaded format and profile (after the set of folders changed)."""
    _format_files.cache_clear()
    load_format.cache_clear()
    format_ids.cache_clear()
    _profile_files.cache_clear()
    forget_derived()


def profile_dirs() -> list[Path]:
    """Where profiles are looked for, the package's own folder first."""
    extra = [Path(p) for p in os.environ.get(PROFILES_ENV, "").split(os.pathsep) if p.strip()]
    return [
        _package_dir("profiles"),
        *extra,
        *_registered_profile_dirs,
        *_entry_point_dirs(PROFILES_ENTRY_POINTS),
    ]


def register_profile_dir(path: Path | str) -> None:
    """Add a folder of profile files for this process."""
    _registered_profile_dirs.append(Path(path))
    clear_caches()


def register_profile(data: dict[str, Any], where: str, *, fallback: bool = False) -> str:
    """Make a profile given as data known for this process; returns its effective format id.

    Args:
        fallback: a profile carried by a workbook: it never replaces one installed or given
            as a file, and replaces one carried by an earlier workbook (each workbook is read
            with the version it carries, whatever was read before it) except inside
            :func:`first_carried_profiles`.

    Raises:
        SpecError: the data names no profile id or national format.
    """
    pid, base = data.get("profile"), data.get("extends")
    if not isinstance(pid, str) or not isinstance(base, str):
        raise SpecError("地方配置缺少“profile”或“extends”", where)
    given = _given_profiles.get(pid)
    kept = given is not None and (not given[2] or _holders[0] > 0)
    known = kept or pid in _profile_files()
    if not (fallback and known) and (given is None or given[0] != data):
        _given_profiles[pid] = (data, where, fallback)
        load_format.cache_clear()
        forget_derived()
    return f"{base}{SEPARATOR}{pid}"


def forget_carried_profiles() -> None:
    """Forget the profiles that workbooks carried (registered with ``fallback``): a file that
    names such a profile without carrying it (a JSON) is then read as in a fresh process,
    whatever workbooks came before it; profiles installed or given as files stay."""
    carried = [pid for pid, (_, _, fallback) in _given_profiles.items() if fallback]
    for pid in carried:
        del _given_profiles[pid]
    if carried:
        load_format.cache_clear()
        forget_derived()


def register_profile_file(path: Path | str) -> str:
    """Read one profile file and make it known; returns its effective format id."""
    path = Path(path)
    return register_profile(read_profile_file(path), str(path))


@cache
def _profile_files() -> dict[str, tuple[dict[str, Any], str]]:
    """Profile id -> (its data, its file), over every profile folder."""
    out: dict[str, tuple[dict[str, Any], str]] = {}
    for folder in profile_dirs():
        if not folder.is_dir():
            continue
        for path in sorted([*folder.glob("*.json"), *folder.glob("*.toml")]):
            data = read_profile_file(path)
            pid = data.get("profile")
            if not isinstance(pid, str):
                raise SpecError("地方配置缺少“profile”（配置标识）", str(path))
            if pid in out:
                raise SpecError(f"两个地方配置使用同一标识“{pid}”", f"{out[pid][1]} / {path}")
            out[pid] = (data, str(path))
    return out


def _profile_data(pid: str) -> tuple[dict[str, Any], str] | None:
    given = _given_profiles.get(pid)
    if given is not None and not (given[2] and pid in _profile_files()):
        return given[0], given[1]
    return _profile_files().get(pid)


def profile_ids() -> tuple[str, ...]:
    """Every known profile id."""
    return tuple(sorted({*_profile_files(), *_given_profiles}))


def profile_formats(format_id: str | None = None) -> tuple[str, ...]:
    """Effective format ids of the known profiles (of one national format, if given)."""
    out = []
    for pid in profile_ids():
        found = _profile_data(pid)
        base = found[0].get("extends") if found else None
        if isinstance(base, str) and format_id in (None, base):
            out.append(f"{base}{SEPARATOR}{pid}")
    return tuple(out)


def shipped_profile_formats() -> tuple[str, ...]:
    """Effective format ids of the profiles that ship with the package."""
    package = str(_package_dir("profiles"))
    return tuple(
        f"{data['extends']}{SEPARATOR}{pid}"
        for pid, (data, where) in sorted(_profile_files().items())
        if str(Path(where).parent) == package and pid not in _given_profiles
    )


def _load_effective(format_id: str) -> FormatSpec:
    base_id, _, pid = format_id.partition(SEPARATOR)
    found = _profile_data(pid)
    if found is None:
        raise SpecError(
            f"未知的地方配置“{pid}”；请用 --profile 指定配置文件，"
            f"或把它放入 {PROFILES_ENV} 所列的文件夹"
        )
    data, where = found
    if data.get("extends") != base_id:
        raise SpecError(f"地方配置“{pid}”依据的是“{data.get('extends')}”，不是“{base_id}”", where)
    base = load_format(base_id)
    return build_profile(base, data, where=where, rule_ids={r.id for r in load_rules()})


@cache
def _format_files() -> dict[str, tuple[Path, bool]]:
    """Format id -> (its file, whether it ships with the package)."""
    files: dict[str, tuple[Path, bool]] = {}
    for i, folder in enumerate(format_dirs()):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.json")):
            fid = path.stem
            if fid in files:
                raise SpecError(f"两个格式文件使用同一标识“{fid}”", f"{files[fid][0]} / {path}")
            files[fid] = (path, i == 0)
    return files


def sources_digest() -> str:
    """A digest of everything the formats of this process are read from: every format file
    and every known profile (installed, given as a file, or carried by a workbook). Two
    processes with the same digest (and the same package) read every report alike."""
    import hashlib
    import json

    h = hashlib.sha256()
    for fid, (path, _) in sorted(_format_files().items()):
        body = path.read_bytes()
        h.update(f"format {fid} {len(body)}\n".encode())
        h.update(body)
    profiles = {pid: data for pid, (data, _) in _profile_files().items()}
    profiles.update({pid: data for pid, (data, _, _) in _given_profiles.items()})
    h.update(json.dumps(profiles, sort_keys=True, ensure_ascii=False, default=str).encode())
    return h.hexdigest()


@cache
def format_ids() -> tuple[str, ...]:
    """Every known format id, oldest first.

    Example:
        >>> format_ids()[:2]
        ('gb2019', 'gb2021')
    """
    specs = [load_format(fid) for fid in _format_files()]
    return tuple(s.id for s in sorted(specs, key=lambda s: (s.year_from, s.id)))


def shipped_format_ids() -> tuple[str, ...]:
    """The formats that ship with the package (their schemas and templates are committed)."""
    files = _format_files()
    return tuple(fid for fid in format_ids() if files[fid][1])


def national_format_ids() -> tuple[str, ...]:
    """The national formats: shipped and official (a table printed in one of them is kept as a
    local table with its id, which the committed schemas list).

    Example:
        >>> national_format_ids()
        ('gb2019', 'gb2021')
    """
    return tuple(f for f in shipped_format_ids() if load_format(f).official)


def is_format(format_id: object) -> bool:
    """Whether ``format_id`` names a known format, or a format + a known profile of it (any
    value, safely)."""
    if not isinstance(format_id, str):
        return False
    base, sep, pid = format_id.partition(SEPARATOR)
    if not sep:
        return format_id in _format_files()
    found = _profile_data(pid) if base in _format_files() else None
    return found is not None and found[0].get("extends") == base


def is_carried_only(format_id: str) -> bool:
    """Whether ``format_id`` is known here only through a profile some workbook carried (not
    installed, not given as a file): a workbook carrying that profile is read with its own."""
    _, sep, pid = format_id.partition(SEPARATOR)
    given = _given_profiles.get(pid) if sep else None
    return given is not None and given[2] and _holders[0] == 0 and pid not in _profile_files()


@cache
def load_format(format_id: str) -> FormatSpec:
    """Return the spec of one format.

    Example:
        >>> spec = load_format("gb2019")
        >>> spec.cell("T3.other.C1").row.label
        '（六）其他处理'
        >>> len(spec.cells), len(load_format("gb2021").cells)
        (198, 200)
    """
    if SEPARATOR in format_id:
        return _load_effective(format_id)
    files = _format_files()
    if format_id not in files:
        raise SpecError(f"未知的报告格式“{format_id}”，可选：{'、'.join(sorted(files))}")
    path, shipped = files[format_id]
    try:
        data = json.loads(read_spec_file(path, "格式文件", MAX_FORMAT_BYTES).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SpecError(f"格式文件无法读取：{exc}", str(path)) from exc
    if not isinstance(data, dict) or data.get("id") != format_id:
        raise SpecError(f"格式文件的 id 应为“{format_id}”（与文件名相同）", str(path))
    return build_format(
        data, shipped=shipped, where=str(path), rule_ids={r.id for r in load_rules()}
    )


def rule_formats(rule_id: str) -> tuple[str, ...]:
    """The known formats a rule applies to (for the README and the rules sheet)."""
    r = rule(rule_id)
    return tuple(fid for fid in format_ids() if load_format(fid).applies(r))


def format_for_year(year: int) -> str:
    """The official format a report year must use (D-003): the newest that applies.

    Example:
        >>> format_for_year(2020), format_for_year(2024)
        ('gb2019', 'gb2021')
    """
    fitting = [s for fid in format_ids() if (s := load_format(fid)).official and s.applies_to(year)]
    if not fitting:
        first = min(load_format(f).year_from for f in format_ids())
        raise SpecError(f"{year}年度不在支持范围内（支持{first}年度及以后）")
    return max(fitting, key=lambda s: s.year_from).id


def latest_format() -> str:
    """The newest official format (the default where no year decides)."""
    official = [load_format(f) for f in format_ids() if load_format(f).official]
    return max(official, key=lambda s: s.year_from).id


def first_year() -> int:
    """The first report year any known format covers."""
    return min(load_format(f).year_from for f in format_ids())
