"""Report year, agency and publication date from wherever the page states them.

Year: the title, else the 统计期限 sentence, else the preamble's naming of the report, else the
first ``20xx年`` of section 一, else the year before the publication date (reports are published
in the first months of the next year).
Agency: the title, split over several lines or not, before the year or between the year and
政府信息公开; where the title names none (pages often print it apart from the text), the
signature above the closing date, the preamble's naming of the report (``现公布某局2023年政府
信息公开工作年度报告``), or the page's ``来源：`` line. Publication date: a
``发布日期：``/``发布时间：`` line (also one of site furniture), else the date under the
signature at the end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_PERIOD = re.compile(r"统计(?:期限|时限|时间|区间|周期)[^。；]{0,30}?((?:19|20)\d{2})\s*年")
_DATE = r"((?:19|20)\d{2})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})"
_PUBLISHED = re.compile(r"(?:发布|公开|成文|印发|发文|生成)(?:日期|时间)\s*[:：]?\s*" + _DATE)
_SIGNED = re.compile(r"^" + _DATE + r"\s*日?$")
_LEAD_WORDS = re.compile(r"(关于|的|之)$")
#: ``关于印发《…》的通知``, ``《…》`` around a title.
_TITLE_WRAPPER = re.compile(r"^(关于(印发|发布|公布|公开)?)?《|》.*$")
_AGENCY_END = re.compile(
    r"(局|委|委员会|办|办公室|院|府|政府|会|中心|所|室|厅|处|部|站|队|馆|署|行|社|公司|集团|学校|大学|街道|镇|乡|区|县|市)$"
)


_CN_DIGITS = str.maketrans("〇零○一二三四五六七八九", "00012345678 9".replace(" ", ""))
_CN_YEAR = re.compile(r"([二][〇零○][〇零○一二三四五六七八九]{2})\s*年")


def arabic_years(text: str) -> str:
    """``二〇二〇年`` -> ``2020年`` (titles sometimes spell the year in Chinese numerals).

    Example:
        >>> arabic_years("二〇二〇年度政府信息公开工作年度报告")
        '2020年度政府信息公开工作年度报告'
    """
    return _CN_YEAR.sub(lambda m: m.group(1).translate(_CN_DIGITS) + "年", text)


_STATED_PERIOD = re.compile(
    r"统计(?:期限|时限|时间|区间|周期|期间)[^。；\d]{0,20}?"
    r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*(?:起|开始)?\s*"
    r"(?:至|到|—+|－|-|~|～)\s*(?:((?:19|20)\d{2})\s*年)?\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?"
)


def stated_period(lines: Iterable[str]) -> tuple[str, str] | None:
    """The statistics period the report states (``本报告所列数据统计期限为2024年1月1日至12月31日``)
    as ISO dates, or None when it states none (the report year's then stands, D-004).

    Example:
        >>> stated_period(["所列数据的统计期限自2024年1月1日起至2024年12月31日止。"])
        ('2024-01-01', '2024-12-31')
        >>> stated_period(["本报告中所列数据统计期限为2023年1月1日至12月31日。"])
        ('2023-01-01', '2023-12-31')
        >>> stated_period(["统计期限为本年度。"]) is None
        True
    """
    for line in lines:
        m = _STATED_PERIOD.search(arabic_years(line))
        if m:
            y1, m1, d1, y2, m2, d2 = m.groups()
            start, end = _iso(y1, m1, d1), _iso(y2 or y1, m2, d2)
            if start and end:
                return start, end
    return None


def year_in(text: str) -> int | None:
    m = _YEAR.search(arabic_years(text))
    return int(m.group(1)) if m else None


def find_year(
    title: str,
    lines: Iterable[str],
    section_one: str,
    publish_date: str,
    preamble: Iterable[str] = (),
) -> tuple[int | None, str]:
    """(year, where it was found) — see the module docstring for the order."""
    year = year_in(title)
    if year:
        return year, "标题"
    for line in lines:
        m = _PERIOD.search(line)
        if m:
            return int(m.group(1)), "统计期限"
    year = next((y for span in _named_reports(preamble) if (y := year_in(span))), None)
    if year:
        return year, "开头对本报告的说明"
    year = year_in(section_one)
    if year:
        return year, "第一部分"
    if publish_date:
        return int(publish_date[:4]) - 1, "发布日期"
    return None, ""


#: The report's subject written before its year (某局政府信息公开工作2023年度报告).
_SUBJECT_TAIL = re.compile(r"(?:关于)?(?:政府信息公开|政务公开|信息公开)(?:工作)?$")


def agency_from(title: str) -> str:
    """The agency named in the title: before the year, or between the year and 政府信息公开.

    Example:
        >>> agency_from("镇海区新闻中心2019年度政府信息公开工作年度报告")
        '镇海区新闻中心'
        >>> agency_from("2019年上海市人民政府办公厅政府信息公开工作年度报告")
        '上海市人民政府办公厅'
        >>> agency_from("某市交通运输局关于2020年政府信息公开工作年度报告")
        '某市交通运输局'
        >>> agency_from("某市教育局政府信息公开工作2023年度报告")
        '某市教育局'
        >>> agency_from("2020年政府信息公开工作年度报告")
        ''
    """
    title = _TITLE_WRAPPER.sub("", arabic_years(title.strip()))
    m = _YEAR.search(title)
    if m:
        before = _LEAD_WORDS.sub("", title[: m.start()].strip()).strip()
        before = _SUBJECT_TAIL.sub("", before)  # 某局政府信息公开工作2023年度报告
        if before:
            return before
        title = re.sub(r"^度", "", title[m.end() :])
    for word in ("政府信息公开", "政务公开", "信息公开"):
        if word in title:
            return _LEAD_WORDS.sub("", title[: title.index(word)]).strip()
    return ""


_SOURCE = re.compile(
    r"(?:发布机构|发文机关|发布单位|信息来源|文章来源|来源)\s*[:：]\s*([^\s:：，。]{2,30})"
)


#: The preamble naming the report it opens: ``现公布``/``特编制``/``现将``/``现公开`` … ``年度报告``
#: (or ``年报``, or ``…政府信息公开情况``).
_NAMED_REPORT = re.compile(
    r"(?:公布|发布|编制|编写|形成|制定|现将|特将|(?:现|特|予以|向社会)公开)了?《?"
    r"([^，。；：:、《》“”（）()\s]{0,40}?(?:政府信息公开|政务公开|信息公开)(?:工作)?"
    r"(?:(?:年度)?报告|年报|情况))"
)
#: Words that stand for the agency without naming it (我局, 本单位, 该中心 ...).
_SELF = re.compile(r"^(我|本|该)")


def agency_in_preamble(preamble: Iterable[str]) -> str:
    """The agency the preamble names as the report's author, or "".

    Example:
        >>> agency_in_preamble(["根据《条例》规定，现公布区统计局2023年政府信息公开工作年度报告。"])
        '区统计局'
        >>> agency_in_preamble(["特编制湛江市人民政府地方志办公室2023年政府信息公开工作年度报告"])
        '湛江市人民政府地方志办公室'
        >>> agency_in_preamble(["现公布我中心2023年政府信息公开工作年度报告。"])
        ''
        >>> agency_in_preamble(["特向社会公布广元市统计局2024年政府信息公开情况。"])
        '广元市统计局'
    """
    for span in _named_reports(preamble):
        name = agency_from(span)
        if _is_name(name) and not _SELF.match(name):
            return name
    return ""


def _named_reports(preamble: Iterable[str]) -> Iterable[str]:
    """The report names the preamble states (``区统计局2023年政府信息公开工作年度报告``)."""
    for line in preamble:
        for m in _NAMED_REPORT.finditer(arabic_years(line)):
            yield m.group(1)


def agency_elsewhere(
    lines: list[str], furniture: list[str], preamble: Iterable[str] = ()
) -> tuple[str, str]:
    """(agency, where) when the title names none: the signature above the closing date, else
    the preamble's naming of the report (:func:`agency_in_preamble`), else a
    ``来源：``/``发布机构：`` line of the page."""
    return next(agency_candidates(lines, furniture, preamble), ("", ""))


def agency_candidates(
    lines: list[str], furniture: list[str], preamble: Iterable[str] = ()
) -> Iterator[tuple[str, str]]:
    """Every (agency, where) the report names outside its title, in the order
    :func:`agency_elsewhere` trusts them."""
    tail = lines[-8:]
    for i in range(len(tail) - 1, 0, -1):
        if _SIGNED.match(tail[i].replace(" ", "")) and _is_name(tail[i - 1]):
            yield tail[i - 1].strip(), "落款"
            break
    named = agency_in_preamble(preamble)
    if named:
        yield named, "开头对本报告的说明"
    for line in furniture:
        m = _SOURCE.search(line)
        if m and _is_name(m.group(1)):
            yield m.group(1), "网页来源栏"
            break


def fuller_agency(
    agency: str, lines: list[str], furniture: list[str], preamble: Iterable[str] = ()
) -> tuple[str, str]:
    """(name, where) of a fuller form of the title's ``agency`` the report gives elsewhere, or
    ("", "").

    A title often drops the region the text names (title "市人民政府办公室", preamble "现公开
    天门市人民政府办公室2025年…报告"); an archive keyed by agency needs the full name. Only a
    name that ends with the title's and is longer counts, so a different agency (a signature
    of the office that published the page) never replaces the title's.

    Example:
        >>> fuller_agency("区统计局", [], [], ["现公布西山区统计局2025年政府信息公开工作年度报告。"])
        ('西山区统计局', '开头对本报告的说明')
        >>> fuller_agency("区统计局", [], [], ["现公布区统计局2025年政府信息公开工作年度报告。"])
        ('', '')
    """
    for name, where in agency_candidates(lines, furniture, preamble):
        if len(name) > len(agency) and name.endswith(agency):
            return name, where
    return "", ""


def _is_name(text: str) -> bool:
    text = text.strip()
    return (
        2 < len(text) <= 30
        and not re.search(r"[。，；：:,]", text)
        and bool(_AGENCY_END.search(text))
    )


def looks_like_agency_line(text: str) -> bool:
    """A title line before the one saying 政府信息公开: an agency name and/or a year."""
    if len(text) > 40 or "：" in text or ":" in text:
        return False
    return bool(_YEAR.search(text)) or bool(_AGENCY_END.search(text))


def _iso(y: str, mo: str, d: str) -> str | None:
    month, day = int(mo), int(d)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{int(y):04d}-{month:02d}-{day:02d}"


def published_on(line: str) -> str | None:
    """The ISO date of a ``发布日期：…`` / ``发布时间：…`` line, or None."""
    m = _PUBLISHED.search(line.replace(" ", ""))
    return _iso(*m.groups()) if m else None


def signature_date(lines: list[str]) -> str | None:
    """The date under the signature (``2021年1月20日``) among the last lines, or None."""
    for line in reversed(lines[-6:]):
        m = _SIGNED.match(line.replace(" ", ""))
        if m:
            return _iso(*m.groups())
    return None


def publish_date(lines: list[str]) -> tuple[str, list[str]]:
    """A publication-date line taken out of the preamble: (date, remaining lines)."""
    for i, line in enumerate(lines):
        if len(line) <= 40:
            date = published_on(line)
            if date:
                return date, lines[:i] + lines[i + 1 :]
    return "", lines
