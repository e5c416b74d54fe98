"""Atomic file writes and backups: a crash mid-write never leaves a half-written file."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def current_umask() -> int:
    """The process umask, read without changing it where the system allows (Linux ``/proc``).

    ``os.umask`` can only be read by setting it, which races with other threads creating
    files, so that is the fallback only.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _final_mode(path: Path) -> int:
    """A replaced file keeps its permissions; a new one gets what ``open()`` would give it."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~current_umask()


def write_atomic(path: Path, data: bytes | Callable[[Path], None]) -> Path:
    """Write ``data`` (bytes, or a callable that writes to a given temp path) to ``path``.

    The content goes to a temporary file in the same directory, is flushed to disk, then
    renamed over ``path`` in one step, so readers see the old file or the new one, never a part.
    The file ends with the permissions a plain ``open(path, "w")`` would give it (the user's
    umask, or the replaced file's mode), not the private mode of the temporary file.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.json"
        >>> write_atomic(p, b"{}").read_bytes()
        b'{}'
    """
    path = _regular_target(Path(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        if callable(data):
            os.close(fd)
            data(tmp)
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        if os.name == "posix":
            tmp.chmod(_final_mode(path))
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _regular_target(path: Path) -> Path:
    """The file to replace: ``path``, or the target of a symlink to a regular file (the link
    is kept). A folder, pipe, socket, device or broken link is never replaced, whoever asks:
    renaming over ``/dev/null`` as root would replace the device.

    Raises:
        InputError: ``path`` exists and is not a regular file (or a link to one).
    """
    if not os.path.lexists(path):
        return path
    from xl_disclosure.io.files import check_output_file

    return check_output_file(path, force=True)


def backup(path: Path) -> Path | None:
    """Copy ``path`` to ``path.bak`` (``.bak1``, ``.bak2`` ... if taken) before it is changed."""
    path = Path(path)
    if not path.exists():
        return None
    target = path.with_name(path.name + ".bak")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.name}.bak{n}")
        n += 1
    shutil.copy2(path, target)
    return target


def free_path(path: Path) -> Path:
    """``path`` if it does not exist, else ``name (2).ext``, ``name (3).ext`` ... (never overwrite)."""
    path = Path(path)
    n = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        n += 1
    return candidate
