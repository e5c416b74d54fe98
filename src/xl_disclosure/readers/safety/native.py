"""Keep what engines write to the process's stderr away from the user.

A Rust panic in python-calamine prints ``thread '<unnamed>' panicked at …`` and a backtrace
note straight to file descriptor 2 before Python sees the ``PanicException``; an allocation
failure prints ``memory allocation of … bytes failed`` and aborts. Neither goes through
``sys.stderr``, so :func:`native_stderr` points descriptor 2 at a temporary file for the
duration of a native call and hands the text back (it becomes
:attr:`~xl_disclosure.errors.InputError.detail`, shown by ``--debug`` only). If the engine
aborts the process, the text dies with the temporary file; the batch reports the file.

Python engines warn instead (openpyxl: ``UserWarning: Cell B12 is marked as a date but the
serial value -1e+300 is outside the limits…``): :func:`engine_warnings` silences those around
engine calls; what they warn about reaches the user as a finding (here: V-008 on ``#VALUE!``).
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

_LOCK = threading.RLock()
_DEPTH = [0]
#: At most this much of what an engine wrote is kept.
_KEEP_BYTES = 16 * 1024


@contextmanager
def native_stderr() -> Iterator[list[str]]:
    """Redirect descriptor 2 while the body runs; the yielded list receives what was written.

    Re-entrant and serialised across threads (descriptor 2 belongs to the whole process).
    Where descriptor 2 cannot be duplicated (closed, or a platform without ``dup2``) the body
    simply runs.
    """
    sink: list[str] = []
    with _LOCK:
        if _DEPTH[0]:
            _DEPTH[0] += 1
            try:
                yield sink
            finally:
                _DEPTH[0] -= 1
            return
        try:
            sys.stderr.flush()
            saved = os.dup(2)
        except (OSError, ValueError, AttributeError):
            yield sink
            return
        with tempfile.TemporaryFile() as tmp:
            os.dup2(tmp.fileno(), 2)
            _DEPTH[0] = 1
            try:
                yield sink
            finally:
                _DEPTH[0] = 0
                os.dup2(saved, 2)
                os.close(saved)
                tmp.seek(0)
                text = tmp.read(_KEEP_BYTES).decode("utf-8", errors="replace").strip()
                if text:
                    sink.append(text)


@contextmanager
def engine_warnings() -> Iterator[None]:
    """Silence Python warnings raised by an engine call (English, about engine internals)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


__all__ = ["engine_warnings", "native_stderr"]
