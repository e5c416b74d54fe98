"""For the receiving office (政务公开办) and the levels above: batch validation, prefill from last
year, year-over-year comparison, aggregation, import of published reports, the national archive
and the per-file cluster map."""
