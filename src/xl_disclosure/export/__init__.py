"""Export: canonical JSON (and, in :mod:`xl_disclosure.draft`, the narrative draft)."""

from xl_disclosure.export.json_export import export_json, export_payload

__all__ = ["export_json", "export_payload"]
