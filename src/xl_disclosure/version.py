"""Version numbers: the tool, the canonical JSON schema and the workbook template layout."""

__version__ = "0.1.0"
#: Version of the canonical JSON layout; part of every schema ``$id``.
SCHEMA_VERSION = "1.0.0"
#: Version of the workbook template layout; recorded in every built template.
TEMPLATE_VERSION = "1.1.0"


def version_key(version: str) -> tuple[int, ...] | None:
    """``"1.10.0"`` as ``(1, 10, 0)`` with trailing zeros dropped (``"1.0"`` = ``"1"``), to order
    versions as numbers; None when ``version`` is not dotted digits.

    Example:
        >>> version_key("1.10.0") > version_key("1.9") and version_key("1.0") == version_key("1")
        True
    """
    parts = version.split(".")
    if not all(p.isascii() and p.isdigit() for p in parts):
        return None
    key = [int(p) for p in parts]
    while key and key[-1] == 0:
        key.pop()
    return tuple(key)


def is_newer(version: str, than: str) -> bool:
    """Whether ``version`` is a later version than ``than`` (False when either cannot be read)."""
    a, b = version_key(version), version_key(than)
    return a is not None and b is not None and a > b


def same_version(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` name one version (``"1.1"`` and ``"1.1.0"`` do)."""
    key = version_key(a)
    return a == b or (key is not None and key == version_key(b))
