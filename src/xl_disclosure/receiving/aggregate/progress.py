"""A dependency-free progress bar on stderr for long batches."""

from __future__ import annotations

from typing import TextIO

_WIDTH = 30


class Progress:
    """``汇总 123/300 [#########.....] 41%`` redrawn in place; silent when disabled.

    Example:
        >>> import io
        >>> out = io.StringIO()
        >>> p = Progress(2, out, enabled=True, label="读取")
        >>> p.advance(); p.advance(); p.close()
        >>> out.getvalue().splitlines()[-1].strip().startswith("读取 2/2")
        True
    """

    def __init__(self, total: int, stream: TextIO, *, enabled: bool, label: str = "汇总") -> None:
        self.total = max(total, 0)
        self.done = 0
        self.stream = stream
        self.enabled = enabled and self.total > 0
        self.label = label
        self._last = -1

    def advance(self, n: int = 1) -> None:
        self.done = min(self.total, self.done + n)
        if not self.enabled:
            return
        percent = self.done * 100 // self.total
        if percent == self._last and self.done != self.total:
            return
        self._last = percent
        filled = self.done * _WIDTH // self.total
        bar = "#" * filled + "." * (_WIDTH - filled)
        self.stream.write(f"\r{self.label} {self.done}/{self.total} [{bar}] {percent}%")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def wants_progress(stream: TextIO, forced: bool) -> bool:
    """Show a bar when asked (``--progress``) or when ``stream`` is a terminal."""
    if forced:
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
