"""The one place where what a workbook engine raised becomes words for the person who sent
the file: what is wrong, where (the part of the package), and what to do.

Engines speak English and name their own internals (``IndexError: list index out of range``,
``ValueError: month must be in 1..12``, ``could not read strings from /path``). None of that
text reaches the message: it is matched here against known causes and kept only as
:attr:`~xl_disclosure.errors.InputError.detail`, which ``xl-disclosure --debug`` shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: openpyxl's "Unable to read workbook: could not <action> from <file>" -> the part concerned.
_OPENPYXL_ACTION = re.compile(r"could not (read [a-z ]+|assign names) from")
_ACTION_PART = {
    "read manifest": "部件清单（[Content_Types].xml）",
    "read strings": "共享字符串表（xl/sharedStrings.xml）",
    "read workbook": "工作簿结构（xl/workbook.xml）",
    "read properties": "文档属性（docProps/core.xml）",
    "read custom properties": "自定义属性（docProps/custom.xml）",
    "read theme": "主题（xl/theme）",
    "read stylesheet": "样式表（xl/styles.xml）",
    "read worksheets": "工作表",
    "assign names": "名称定义（xl/workbook.xml）",
}
_CRC = re.compile(r"Bad CRC-32 for file '([^']+)'")


@dataclass(frozen=True)
class Explanation:
    """What is wrong (a Chinese clause) and the raw engine text (for ``--debug`` only)."""

    problem: str
    part: str
    detail: str

    def sentence(self, what: str = "工作簿") -> str:
        """``工作簿的共享字符串表（xl/sharedStrings.xml）含有……，无法读取。`` (``what``: the
        kind of file, e.g. ``Word 文档``)."""
        where = f"的{self.part}" if self.part else ""
        end = "。" if self.problem.endswith("拒绝读取") else "，无法读取。"
        return f"{what}{where}{self.problem}{end}"


def _chain(exc: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    node: BaseException | None = exc
    while node is not None and node not in out and len(out) < 8:
        out.append(node)
        node = node.__cause__ or node.__context__
    return out


def _names(exc: BaseException) -> set[str]:
    return {cls.__name__ for cls in type(exc).__mro__}


def _problem(chain: list[BaseException]) -> str:
    """The cause, from the most specific exception in the chain to the least."""
    texts = " | ".join(f"{type(e).__name__}: {e}" for e in chain)
    names = set().union(*(_names(e) for e in chain))
    if names & {"DTDForbidden", "EntitiesForbidden", "ExternalReferenceForbidden"} or re.search(
        r"entity|DOCTYPE|DTD", texts, re.IGNORECASE
    ):
        return "含有 XML 实体声明或外部引用（常见于恶意构造的文件），为安全起见拒绝读取"
    rules: tuple[tuple[bool, str], ...] = (
        (
            bool(
                re.search(
                    r"month must be|day is out of range|year \S* ?is out of range|"
                    r"hour must be|minute must be|second must be|ISO datetime|date value out of",
                    texts,
                )
            ),
            "有一个日期或时间的值不存在（如 13 月、2 月 30 日）或格式不对",
        ),
        (
            "Bad CRC" in texts or bool(names & {"BadZipFile", "BadZipfile"}),
            "的压缩数据校验失败，文件在传输或保存时已损坏",
        ),
        (
            "EOFError" in names or any(type(e).__module__ == "zlib" for e in chain),
            "的压缩数据不完整或已损坏",
        ),
        ("MemoryError" in names, "内容过大，超出了可用内存"),
        ("RecursionError" in names, "的 XML 嵌套层次过深"),
        ("PanicException" in names, "含有读取引擎无法处理的内容"),
        ("Unsupported cell error value" in texts, "含有读取引擎不支持的错误值（如 #SPILL!）"),
        (
            bool(names & {"ParseError", "XMLSyntaxError", "ExpatError", "XmlError"})
            or bool(re.search(r"not well-formed|mismatched tag|invalid XML|syntax error", texts)),
            "的 XML 格式有误（文件已损坏或被其他程序改写过）",
        ),
        (
            bool(names & {"IndexError", "KeyError"})
            or bool(re.search(r"index not found|out of range|no item named", texts)),
            "引用了文件中不存在的内容（如共享字符串、样式或部件的编号超出范围），文件内部不一致",
        ),
        (
            bool(re.search(r"could not convert|invalid literal|not a valid", texts)),
            "中有按数字保存的单元格，内容却不是数字，文件内部不一致",
        ),
    )
    for matched, problem in rules:
        if matched:
            return problem
    return "的内部结构有误（文件已损坏，或由不兼容的程序生成）"


def explain(exc: BaseException) -> Explanation:
    """What went wrong in an engine, for a refusal message (never the engine's own words).

    Example:
        >>> explain(ValueError("month must be in 1..12")).sentence()
        '工作簿有一个日期或时间的值不存在（如 13 月、2 月 30 日）或格式不对，无法读取。'
    """
    chain = _chain(exc)
    part = ""
    for e in chain:
        m = _OPENPYXL_ACTION.search(str(e))
        crc = _CRC.search(str(e))
        if m:
            part = _ACTION_PART.get(m.group(1), "")
        elif crc:
            part = f"部件 {crc.group(1)}"
        if part:
            break
    detail = " ← ".join(f"{type(e).__name__}: {' '.join(str(e).split())[:300]}" for e in chain)
    return Explanation(_problem(chain), part, detail)


__all__ = ["Explanation", "explain"]
