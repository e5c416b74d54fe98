"""The words reports use for the figures of the tables, and the words that make a sentence
about something else. All patterns match *normalised* text (:func:`.sentences.normalise`:
Simplified, ASCII ``,;:()``, years as ``本年``/``上年``/``他年``).

A keyword names a spec figure (by its name, e.g. ``received``); the spec decides whether the
format has it and which cells it sums. Words that come from the spec itself (the outcome rows
of table 三, the applicant groups) are added by :mod:`.extract` from the format.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Keyword:
    """A word that names what the number after it (or before it, if ``post``) counts."""

    kind: str
    """``figure`` (a spec figure), ``doc`` (规章/规范性文件: the field comes from the verb),
    ``outcome`` (a case result: the subject comes from 复议/诉讼 before it), ``applicant``."""
    pattern: str
    name: str
    """Figure name(s) joined by ``+``; document noun; outcome field; applicant group label."""
    family: str
    """Phrasing family (what the accuracy benchmark scores)."""
    weak: bool = False
    """A common verb (受理, 办结 ...): counts only in a sentence about applications."""
    post: bool = False
    """May follow its number: ``3件结转下年度办理``, ``其中20件予以公开``."""
    alternates: tuple[str, ...] = ()
    """Other readings that agree with the text (``received+carry_in`` for 受理)."""
    pieces: bool = False
    """Counted in 个/份/项 too (采购项目2个), as documents are."""

    @property
    def row_cell(self) -> str | None:
        """The cell of the one row of table 三 the keyword names (its 总计), if it names one."""
        return self.name[len(ROW_PREFIX) :] if self.name.startswith(ROW_PREFIX) else None


#: How the name of a keyword naming one row of table 三 starts (``cell:T3.deny.secret.C7``).
ROW_PREFIX = "cell:"


_NOT = r"(?<!不)(?<!未)(?<!没有)"
FIGURES: tuple[Keyword, ...] = (
    Keyword("figure", r"新(?:收|接收|受理|收到)(?:到)?", "received", "received.新收"),
    Keyword(
        "figure",
        _NOT + r"(?<!不予)受理",
        "received",
        "received.受理",
        True,
        alternates=("received+carry_in",),
    ),
    Keyword(
        "figure",
        _NOT + r"(?:收到|接到)",
        "received",
        "received.收到",
        True,
        alternates=("received+carry_in",),
    ),
    Keyword(
        "figure",
        _NOT + r"接收",
        "received",
        "received.接收",
        True,
        alternates=("received+carry_in",),
    ),
    Keyword(  # 新增政府信息公开申请58件, 登记申请…: only with 申请 right after
        "figure",
        r"(?:新增|登记)(?=[^,;:。]{0,12}申请)",
        "received",
        "received.新增",
        True,
        alternates=("received+carry_in",),
    ),
    Keyword(
        "figure",
        r"(?:(?:政府信息公开|依申请公开|信息公开)|(?<!复议)(?<!诉讼)(?<!公开))申请(?:的)?"
        r"(?:数量|总量|总数|量)",  # 政府信息公开申请数量, 申请量为58件 (not 行政复议申请数量)
        "received",
        "received.申请数量",
        alternates=("received+carry_in",),
    ),
    Keyword(
        "figure",
        r"上一?年度?(?:未办结)?(?:结转|转入|遗留)|结转上一?年度?",
        "carry_in",
        "carry_in",
    ),
    Keyword("figure", _NOT + r"(?<!尚未)办结", "completed", "completed.办结", True),
    Keyword(
        "figure",
        _NOT + r"(?<!尚未)(?<!延期)(?<!逾期)(?<!超期)(?:作出)?答复",
        "completed",
        "completed.答复",
        True,
    ),
    Keyword("figure", r"办理结果(?:总计|合计)|办理完毕", "completed", "completed.办结"),
    Keyword(
        "figure",
        r"(?<!继续)(?<!不再)(?<!转)(?<!结转)(?<!正在)(?<!仍在)(?<!尚在)(?<!在)"
        r"(?<!结转信息公开)(?<!结转政府信息公开)(?<!结转依申请公开)办理",  # 上年结转…办理数量3件
        "completed",
        "completed.办理",
        True,
        alternates=("received", "received+carry_in"),
    ),
    Keyword(
        "figure",
        r"结转(?:至|到|入)?下一?年度?(?:继续)?(?:办理)?|转入下一?年度?(?:办理)?|下一?年度继续办理"
        r"|结转下年|(?:顺延|延期|延续|推迟|延)(?:至|到)下一?年度?(?:继续)?(?:答复|办理)?",
        "carry_out",
        "carry_out",
        post=True,
    ),
    Keyword(  # 7件正在办理中 (at the year's end): carried over, said of applications only
        "figure",
        r"(?:仍在|正在|尚在|还在)办理(?:中|过程中)?|尚未办结",
        "carry_out",
        "carry_out",
        True,
        post=True,
    ),
    Keyword(  # 剩余6件在答复期限内 (not 52件在法定期限内答复: answered in time)
        "figure",
        r"(?:均|仍|尚|还|都)?(?:处于|在)(?:法定)?(?:的)?(?:答复|办理)(?:期限|期|时限)内"
        r"(?!答复|办结|作出|予以|完成|办理完)",
        "carry_out",
        "carry_out",
        True,
        post=True,
    ),
    Keyword(
        "figure",
        r"(?:予以|同意|全部)?公开(?:和|及|与|、|或者?|以及)部分公开|全部或部分(?:予以)?公开"
        r"|予以公开(?:和|及|与|、)部分公开|部分公开(?:和|及|与|、|以及)(?:予以|同意|全部)公开",
        "open+partial",
        "open_partial",
        post=True,
    ),
    Keyword("figure", r"(?<!不)(?<!不予)(?:予以公开|同意公开|全部公开)", "open", "open", post=True),
    Keyword("figure", r"部分公开|区分处理", "partial", "partial", post=True),
    Keyword("figure", r"不予(?:以)?公开|不同意公开", "deny", "deny", post=True),
    Keyword("figure", r"无法提供", "unable", "unable", post=True),
    Keyword("figure", r"不予处理", "reject", "reject", post=True),
    Keyword("figure", r"其他处理", "other", "other", post=True),
    Keyword(
        "figure",
        r"行政复议(?:申请|案件)?",
        "review_total",
        "review.total",
    ),
    Keyword(
        "figure",
        r"行政诉讼(?:案件)?",
        "litigation_total",
        "suit.total",
    ),
    Keyword(
        "figure",
        r"(?:未经(?:行政)?复议)?直接(?:向法院)?(?:提起行政诉讼|起诉)",
        "suit_direct_total",
        "suit.total",
    ),
    Keyword(
        "figure",
        r"(?:经|经过)?(?:行政)?复议后(?:提起行政诉讼|起诉)",
        "suit_after_total",
        "suit.total",
    ),
    # 行政处罚决定17件, or the row's own label right before its count (行政处罚17件)
    Keyword("figure", r"行政许可(?:(?:处理)?决定|(?=\d))", "permit_decisions", "decisions"),
    Keyword("figure", r"行政处罚(?:(?:处理)?决定|(?=\d))", "penalty_decisions", "decisions"),
    Keyword("figure", r"行政强制(?:(?:处理)?决定|(?=\d))", "enforcement_decisions", "decisions"),
    Keyword("figure", r"行政事业性收费(?:金额|总额|总金额)?", "fee_amount", "fees"),
    Keyword(
        "figure",
        r"(?:政府)?(?:集中)?采购项目(?:数量|数|个数)?(?!总?(?:金额|资金))",
        "purchase_count",
        "purchase",
        pieces=True,
    ),
    Keyword(
        "figure",
        r"(?:政府)?(?:集中)?采购(?:项目)?(?:总)?(?:金额|资金)",
        "purchase_amount",
        "purchase",
    ),
)

#: Case results; the subject (复议 or 诉讼) is the nearest one mentioned before.
#: Not after a negation: ``未被纠错的有3件`` does not count corrected cases.
_UNNEGATED = r"(?<!未)(?<!未被)(?<!没有)(?<!没有被)(?<!无)(?<!不)"
OUTCOMES: tuple[Keyword, ...] = (
    Keyword(
        "outcome",
        _UNNEGATED + r"(?:结果)?(?:被|予以|获)?维持(?:原(?:行政行为|决定|答复))?"
        r"|(?:判决)?驳回(?:原告)?(?:的)?诉讼请求|(?<!未)胜诉",  # (驳回起诉/复议申请: 其他结果)
        "upheld",
        "cases.outcome",
        post=True,
    ),
    Keyword(  # 纠正 in the format: 撤销, 变更, 确认违法, 责令履行 (not 撤销申请, the applicant's)
        "outcome",
        _UNNEGATED + r"(?:结果)?(?:被)?(?:纠正|纠错)|" + _UNNEGATED + r"(?:败诉|被撤销)"
        r"|"
        + _UNNEGATED
        + r"(?<!申请人)(?<!主动)(?:撤销(?!申请|复议|起诉|诉讼)|确认违法|责令(?:重新)?(?:履行|答复|作出))",
        "corrected",
        "cases.outcome",
        post=True,
    ),
    Keyword("outcome", r"其他结果", "other", "cases.outcome", post=True),
    Keyword(
        "outcome",
        r"(?:尚|仍)?未审结|正在审理|审理中|尚在审理|(?:尚|仍)?未(?:判决|作出(?:判决|决定))",
        "pending",
        "cases.outcome",
        post=True,
    ),
)

#: 规章 / 规范性文件: which column the number belongs to is said by the verb before.
DOCS: tuple[Keyword, ...] = (
    Keyword("doc", r"(?<!性)(?:政府)?规章(?!制度)", "规章", "documents"),
    Keyword("doc", r"(?:行政)?规范性文件", "规范性文件", "documents"),
)
#: Verb -> record field (the fields of the spec's ``documents``/``publications`` records).
DOC_VERBS: tuple[tuple[str, str], ...] = (
    (r"对外公开(?=.{0,12}总数)|累计(?:对外)?公开|公开总数", "published_total"),
    (r"现行有效", "in_force"),
    (r"废止|废除|宣布失效|失效", "repealed"),
    (r"新公开", "published"),
    (r"制发|制定|出台|印发|新制作|制作|新发布|发布", "made"),
)
#: Verbs that make a sentence about publishing or reviewing others' documents (a gazette,
#: filing, cleaning up): the count is not the agency's own.
DOC_GUARDS = (
    r"刊登|刊发|刊载|公报|汇编|转发|转载|收录|备案|审查|审核|清理|评估|解读|征求|报送|梳理|宣传"
    r"|培训|学习|起草|送审|报备|上报|查询|检索|整理|归集|标注|公布"
)
#: Qualifiers right before 规章/规范性文件 that name other bodies' documents.
DOC_QUALIFIERS = (
    r"(?:部门|本级|党内|上级|国家|省级?|市级|区级|县级|各级|地方|其他|各类|相关)(?:政府)?(?:行政)?$"
)

#: Short forms reports use for a row of table 三, by the row's own words (:func:`.keywords._row_words`).
ROW_SYNONYMS: dict[str, tuple[str, ...]] = {
    "无正当理由逾期不补正": ("逾期不补正", "逾期未补正"),
    "补正后申请内容仍不明确": ("申请内容不明确", "申请内容仍不明确"),
    "本机关不掌握相关政府信息": ("政府信息不存在", "信息不存在"),
    "没有现成信息需要另行制作": ("需要另行制作", "需另行制作"),
    "逾期未按收费通知要求缴纳费用": (
        "逾期未缴纳费用",
        "逾期未缴费",
        "逾期不缴费",
        "逾期未缴纳信息处理费",
        "逾期未缴纳处理费",
    ),
}

#: The legal formula for "anyone" (公民、法人或者其他组织): names no applicant group.
GENERIC_APPLICANTS = r"(?:公民|自然人|个人)(?:、|,|和|及|与|或者?)法人(?:或者?|和|及|与|、)其他组织(?:提出的|提交的|的)?"
#: Other words for an applicant group of the spec (by its label).
APPLICANT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "自然人": ("公民", "个人"),
    "商业企业": ("企业",),
    "法律服务机构": ("律师事务所", "律所"),
}
#: Every application from one group of applicants (均为自然人提交, 全部为公民申请); ``{who}``:
#: the spec's applicant groups and their other words (:attr:`.keywords.Lexicon.all_from`).
ALL_FROM = r"(?:均|全部|都|全)(?:为|是|系|来自|由)(?P<who>{who})(?:提交|提出|申请)?"
#: A sentence counting the applications by who made them (按申请主体分，自然人52件): its
#: applicant counts are of the applications received.
APPLICANT_FRAME = (
    r"(?:申请主体|申请人(?:类型|类别|构成|身份|主体)?)(?:来看|看|分|划分|分类|中|方面|上)"
)

#: 复议 / 诉讼 mentions that set the subject of case results.
SUBJECTS: tuple[tuple[str, str], ...] = (
    (r"复议后(?:提起)?(?:行政诉讼|起诉)|直接(?:提起|向法院)?(?:行政诉讼|起诉)", "litigation"),
    (r"行政诉讼|诉讼|起诉|应诉", "litigation"),
    (r"行政复议|复议", "review"),
)

#: Words showing a clause counts something else (complaints, consultations, permits ...).
DISTRACTORS = (
    r"投诉|咨询|信访|举报|求助|诉求|热线|12345|留言|来信|来电|来访|信件|工单|建议|提案|网民|问政"
    r"|舆情|许可|审批|(?<!申请公开)办件|(?<!公开)(?<!申请)事项|业务|政务服务|便民|人大|政协|依职权|主动公开|培训"
    r"|会议|检查|督查"
    r"|考核"
)
#: Qualifiers naming another scope than the reporting body's own.
SCOPES = (
    r"全(?:市|区|县|省|镇|乡|州|盟|旗|系统|局系统)|各(?:部门|单位|乡镇|街道|区县|县区|县市区|级|地|分局|社区|村)"
    r"|(?<!本)(?<!我)(?:部门|单位|街道|乡镇)(?=共|累计|合计|总计|受理|收到|办结|新收)|本级|下属|所属|系统内"
    r"|市级|区级|县级|市本级|区本级|县本级"
)
#: Words showing the agency speaks as the body deciding reviews or defending suits in general
#: (办理行政复议案件), not as the respondent in disclosure cases.
CASE_DISTRACTORS = r"办理|审理|受理|作为|应诉|代理"
#: The same said once for the whole sentence (我局作为复议机关，…维持15件): none of its figures
#: is the agency's own cases. (复议机关维持2件 is the body that decided the agency's case.)
CASE_FRAMES = r"作为(?:行政)?复议(?:机关|机构)|复议(?:机关|机构)(?:共|全年)?(?:受理|办理|审理)"
#: A sentence sorting the documents the agency made by their 公开属性 (制发公文130件，其中主动公开
#: 18件、依申请公开2件、不予公开110件): its 予以公开/不予公开 are attributes, not answers.
PUBLICATION_ATTRIBUTES = (
    r"(?:公开属性|制发|印发|发文|公文|制作)[^。]{0,40}?主动公开[^,;:。]{0,6}?\d"
)
#: The figures such a sentence names as attributes.
ATTRIBUTE_FIGURES = frozenset({"open", "partial", "deny", "open+partial"})
#: Another year (the report year itself is ``本年``); ``以来`` spans years unless it counts from
#: the report year's start (2024年以来 in the 2024 report, 今年以来).
OTHER_YEARS = (
    r"上一?年|去年|前年|往年|历年|以往|同期|他年|(?<!本年)(?<!今年)(?<!本年度)以来|近[三五十]年"
)
#: How applications reached the agency: a clause naming a channel counts a subset.
CHANNELS = r"通过|经由|网上|在线|当面|现场|信函|邮寄|传真|电子邮件|邮件|电话|窗口|名义"
#: When or how promptly they were answered (在法定期限内答复52件, 当场答复10件): a subset.
TIMINGS = r"期限内|时限内|按时|按期|如期|当场|当即|及时|提前|限期"
#: How many characters a keyword before its number (or after it, ``post``) may stand away.
GAP_MAX, POST_GAP_MAX = 14, 8
#: Between a keyword and its number: comparisons, approximations, subsets.
GAP_STOPS = (
    r"较|比|同比|环比|增加|减少|增长|下降|上升|提高|降低|增|减|多于|少于|超过|不足|约|近|逾|余|多"
    r"|涉及|关于|有关|(?<!各)类|方面|领域|内容|主要|为主|平均|每|等|以上|以下|以内|之内|超|占"
    r"|维持|纠正|纠错|撤销|败诉|胜诉|审结|审理"
)
