"""Version numbers: the tool, the canonical JSON schema and the workbook template layout."""

__version__ = "0.1.0"
#: Version of the canonical JSON layout; part of every schema ``$id``.
SCHEMA_VERSION = "1.0.0"
#: Version of the workbook template layout; recorded in every built template.
TEMPLATE_VERSION = "1.1.0"
