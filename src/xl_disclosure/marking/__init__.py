"""What a validation run leaves on a workbook, computed in plain Python for any engine.

* :mod:`~xl_disclosure.marking.findings_sheet`: the rows of the findings sheet (校验结果) and
  which cells get which mark level;
* :mod:`~xl_disclosure.marking.marks`: the rows of the hidden mark list the conditional formats
  read;
* :mod:`~xl_disclosure.marking.plan`: one run decided once (rows, mark list, first error);
* :mod:`~xl_disclosure.marking.copy` (with :mod:`~.package` and :mod:`~.sheet_xml`): the
  marked copy, the same plan written into a copy of the file, for suites without macros.

The xlwings buttons (:mod:`xl_disclosure.excel`) write the plan through one gateway; the
marked copy writes it into the package part by part.
"""
