"""What a validation run leaves on a workbook, computed in plain Python for any engine.

* :mod:`~xl_disclosure.marking.findings_sheet`: the rows of the findings sheet (校验结果) and
  which cells get which mark level;
* :mod:`~xl_disclosure.marking.marks`: the rows of the hidden mark list the conditional formats
  read.

The xlwings buttons (:mod:`xl_disclosure.excel`) write these through one gateway; an openpyxl
writer can write the same rows into a copy.
"""
