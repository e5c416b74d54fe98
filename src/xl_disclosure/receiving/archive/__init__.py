"""A national archive of annual reports: Parquet datasets (pyarrow) queried with DuckDB.

Example:
    >>> import tempfile, pathlib
    >>> from xl_disclosure.receiving.archive import Archive, run_named
    >>> archive = Archive(pathlib.Path(tempfile.mkdtemp()))
    >>> archive.add([pathlib.Path("src/xl_disclosure/samples/zhenhai-2019.json")],
    ...             region="浙江省/宁波市/镇海区").added  # doctest: +SKIP
    1
    >>> list(run_named(archive, "rollup").columns)[:3]
    ['地区', '年度', '报告数']
"""

from xl_disclosure.receiving.archive.queries import NAMED, named_sql, run_named, run_sql
from xl_disclosure.receiving.archive.records import ArchiveRecord, archive_record
from xl_disclosure.receiving.archive.store import AddResult, Archive, region_path, report_files

__all__ = [
    "NAMED",
    "AddResult",
    "Archive",
    "ArchiveRecord",
    "archive_record",
    "named_sql",
    "region_path",
    "report_files",
    "run_named",
    "run_sql",
]
