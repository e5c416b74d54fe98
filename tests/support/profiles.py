"""Reports in a format extended by a shipped profile: a consistent national report plus
profile values and fields that satisfy every profile rule (the ``correct`` report the profile
property tests break one rule at a time)."""

from __future__ import annotations

import random

from support.factories import consistent_report
from xl_disclosure.model import AnnualReport
from xl_disclosure.spec import load_format


def _zj(report: AnnualReport, rnd: random.Random) -> None:
    v = report.values
    for r in (3, 4, 5, 6, 7, 8, 14, 15, 16):
        v[f"ZJ.T1.R{r}"] = rnd.choice(("/", 0, rnd.randint(0, 3000)))
    for total, part in ((10, 11), (12, 13)):
        if rnd.random() < 0.3:
            v[f"ZJ.T1.R{total}"] = "/"
            v[f"ZJ.T1.R{part}"] = "/"
        else:
            v[f"ZJ.T1.R{total}"] = rnd.randint(0, 20)
            v[f"ZJ.T1.R{part}"] = rnd.randint(0, int(str(v[f"ZJ.T1.R{total}"])))
    published = int(str(v["T2.A.R1.C2"])) + int(str(v["T2.A.R2.C2"]))
    v["ZJ.T1.R1"] = published + rnd.randint(0, 500)


def _notice(report: AnnualReport, rnd: random.Random) -> None:
    v = report.values
    made = int(str(v["T2.A.R1.C1"])) + int(str(v["T2.A.R2.C1"]))
    channels = [made + rnd.randint(0, 300), *(rnd.randint(0, 900) for _ in range(5))]
    for i, n in enumerate(channels, start=1):
        v[f"TZ.T1.A.R{i}"] = n
    v["TZ.T1.A.total"] = sum(channels)
    interpretations = int(str(v["T2.A.R2.C1"])) + rnd.randint(0, 30)
    v["TZ.T1.B.R1"] = interpretations
    v["TZ.T1.B.R2"] = rnd.randint(0, interpretations)
    for r in (3, 4, 5, 6):
        v[f"TZ.T1.B.R{r}"] = rnd.randint(0, 40)
    year = report.meta.year or 2024
    report.meta.publish_date = f"{year + 1}-01-{rnd.randint(15, 25):02d}"
    report.fields = {
        "TZ.zone": "在政务服务中心设政务公开专区1个，提供政府信息查阅和申请服务。",
        "TZ.leader_signed": "是",
        "TZ.filed_date": f"{year + 1}-01-{rnd.randint(5, 14):02d}",
    }
    report.sections[1].text += "\n围绕重要政策文件开展政策解读。"


FILLERS = {"zj-2019": _zj, "notice-example": _notice}


def add_profile(report: AnnualReport, format_id: str, rnd: random.Random) -> AnnualReport:
    """``report`` (consistent, of the profile's national format) moved to ``format_id`` with
    profile values and fields that pass the profile's rules."""
    spec = load_format(format_id)
    assert spec.profile is not None
    report.format_id = format_id
    for cell in spec.cells:
        report.values.setdefault(cell.key, 0)
    FILLERS[spec.profile.id](report, rnd)
    return report


def profiled_report(format_id: str, rnd: random.Random, **kwargs: object) -> AnnualReport:
    """A report of ``format_id`` (``gb2019+zj-2019`` ...) that passes every rule, national and
    the profile's."""
    national = load_format(format_id).national_id
    return add_profile(consistent_report(national, rnd, **kwargs), format_id, rnd)  # type: ignore[arg-type]
