"""The in-memory annual report."""

from xl_disclosure.model.report import AnnualReport, LocalTable, Meta, ReportSource

__all__ = ["AnnualReport", "LocalTable", "Meta", "ReportSource"]
