"""The validator: every rule of the catalogue over one report (and last year's, if given).

Example:
    >>> from xl_disclosure.model import AnnualReport
    >>> from xl_disclosure.validate import validate
    >>> r = AnnualReport.blank("gb2021", agency="某局", year=2024)
    >>> result = validate(r)
    >>> result.valid, result.findings[0].rule
    (False, 'V-001')
"""

from xl_disclosure.validate.engine import validate
from xl_disclosure.validate.findings import Finding, Severity, make
from xl_disclosure.validate.result import ValidationResult

__all__ = ["Finding", "Severity", "ValidationResult", "make", "validate"]
