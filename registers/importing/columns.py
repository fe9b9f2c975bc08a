"""Header recognition and lenient matching of cell values (categories, grades, likelihood,
impact). Everything is compared in one normal form: NFKC (full-width → half-width), no spaces,
upper case for Latin letters."""

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from django.utils.translation import gettext_lazy as _

from registers.models import Category

IGNORE = ""

# The entry fields a column can feed, in the order of the mapping step's select.
FIELD_LABELS: dict[str, str] = {
    "category": str(_("排查类别")),
    "risk": str(_("主要廉政风险")),
    "manifestations": str(_("表现形式")),
    "grade": str(_("风险等级")),
    "likelihood": str(_("发生可能性")),
    "impact": str(_("危害程度")),
    "grade_override_reason": str(_("调整等级理由")),
    "prevention_measures": str(_("防控措施")),
    "responsible_department": str(_("责任部门")),
    "responsible_leader_name": str(_("责任领导")),
}

# Header synonyms seen in real registers. Document 000's Annex 2 calls the grade 风险类别 (its
# text: "按照高、中、低三个类别评定廉政风险类别"), so 风险类别 is the grade, not the category.
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "category": (
        "排查类别",
        "类别",
        "风险分类",
        "风险类型",
        "类型",
        "所属类别",
        "分类",
        "排查类型",
    ),
    "risk": (
        "主要廉政风险",
        "廉政风险",
        "风险点",
        "廉政风险点",
        "主要风险点",
        "主要风险",
        "风险点名称",
        "风险名称",
        "风险事项",
        "风险描述",
        "主要风险点描述",
    ),
    "manifestations": (
        "表现形式",
        "风险内容及表现形式",
        "风险表现形式",
        "主要表现形式",
        "风险内容",
        "具体表现",
        "风险表现",
        "风险点表现形式",
    ),
    "grade": ("风险等级", "风险类别", "等级", "风险级别", "级别", "风险程度", "评定等级"),
    "likelihood": ("可能性", "发生可能性", "发生概率", "概率", "风险可能性", "发生几率"),
    "impact": ("危害程度", "影响程度", "后果", "危害性", "后果严重程度", "危害后果", "严重程度"),
    "grade_override_reason": ("调整理由", "调整等级理由", "等级调整理由"),
    "prevention_measures": (
        "防控措施",
        "防范措施",
        "风险防控措施",
        "主要防控措施",
        "防控办法",
        "措施",
        "廉政风险防控措施",
    ),
    "responsible_department": (
        "责任部门",
        "责任科室",
        "责任处室",
        "责任单位",
        "科室",
        "处室",
        "部门",
        "科室/岗位",
        "部门/岗位",
        "处室/岗位",
        "所在科室",
    ),
    "responsible_leader_name": (
        "责任领导",
        "责任人",
        "分管领导",
        "责任领导姓名",
        "第一责任人",
        "责任领导人",
    ),
}
# Columns every list has and no entry field takes: ignored without asking the user.
KNOWN_IGNORED = ("序号", "编号", "序", "备注", "NO", "NO.")

_SPACES = re.compile(r"\s+")
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】")
_PUNCT_EDGES = ":;,.、*"


def normalize(text: object) -> str:
    """NFKC, no whitespace, Latin letters upper-cased: the form every comparison uses."""
    if text is None:
        return ""
    return _SPACES.sub("", unicodedata.normalize("NFKC", str(text))).upper()


def header_key(text: object) -> str:
    """A header without notes in brackets and edge punctuation: 风险等级(高/中/低): → 风险等级."""
    return _BRACKETED.sub("", normalize(text)).strip(_PUNCT_EDGES)


_HEADER_INDEX: dict[str, str] = {
    normalize(synonym): field for field, synonyms in HEADER_SYNONYMS.items() for synonym in synonyms
}
_IGNORED_INDEX = {normalize(name) for name in KNOWN_IGNORED}


def field_for_header(header: object) -> str | None:
    """The entry field a header names; IGNORE for known columns no field takes; None if unknown."""
    key = header_key(header)
    if not key:
        return IGNORE
    if key in _HEADER_INDEX:
        return _HEADER_INDEX[key]
    # Keep the brackets when they are the name itself, e.g. 科室(岗位) → 科室/岗位.
    full = normalize(header).strip(_PUNCT_EDGES).replace("(", "/").rstrip(")")
    if full in _HEADER_INDEX:
        return _HEADER_INDEX[full]
    if key in _IGNORED_INDEX:
        return IGNORE
    return None


def header_score(cells: Sequence[object]) -> int:
    """How many distinct entry fields a row's cells name: the header row names the most."""
    fields = {field_for_header(cell) for cell in cells if normalize(cell)}
    fields.discard(None)
    fields.discard(IGNORE)
    return len(fields)


def mapping_propose(headers: Sequence[str]) -> dict[int, str | None]:
    """Column index → field, IGNORE, or None (unknown: the user decides). A field taken by an
    earlier column is not proposed again: the later column is left to the user."""
    proposed: dict[int, str | None] = {}
    taken: set[str] = set()
    for index, header in enumerate(headers):
        field = field_for_header(header)
        if field and field in taken:
            field = None
        if field:
            taken.add(field)
        proposed[index] = field
    return proposed


# Numbering at the start of a cell: "1、", "1.", "1)", "(1)", "①", "一、".
_NUMBERING = re.compile(
    r"^\s*(?:[\(（]\s*\d{1,3}\s*[\)）]|\d{1,3}\s*[、.．)）]|[①-⑳]|[一二三四五六七八九十]{1,3}\s*、)\s*"
)
# Template rows of the Annex hold only an ellipsis or numbering: "… …", "1、".
_PLACEHOLDER = re.compile(r"^[\s.…。·、,，-]*$")


def clean_text(value: str) -> str:
    """A text cell without its numbering; placeholders become empty."""
    text = _NUMBERING.sub("", value.strip(), count=1).strip()
    return "" if _PLACEHOLDER.match(text) else text


def category_match(value: str, categories: Iterable[Category]) -> Category | None:
    """The category a cell names, leniently: width, spaces, numbering and the 类/类型 suffix do
    not matter (权力运行 → 权力运行类; the Annex's own typo 纪律作风类型 → 纪律作风类)."""
    wanted = _category_key(clean_text(value))
    if not wanted:
        return None
    for category in categories:
        if _category_key(category.name) == wanted:
            return category
    return None


def _category_key(name: str) -> str:
    key = normalize(name).strip(_PUNCT_EDGES)
    for suffix in ("类型", "类", "风险"):
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
    return key


_GRADES: dict[str, int] = {}
for _grade, _names in {
    1: ("1", "一", "I", "高", "A", "HIGH", "H", "较高", "重大"),
    2: ("2", "二", "II", "中", "B", "MEDIUM", "MIDDLE", "M", "中等", "一般", "较大"),
    3: ("3", "三", "III", "低", "C", "LOW", "L", "较低", "较小"),
}.items():
    for _name in _names:
        _GRADES[_name] = _grade


def grade_match(value: str) -> int | None:
    """1 for 一级/1级/高/A/high (any scheme), 2 for 二级/中/B, 3 for 三级/低/C; None otherwise."""
    key = normalize(value).strip(_PUNCT_EDGES)
    for prefix in ("风险等级", "风险"):
        if key.startswith(prefix) and len(key) > len(prefix):
            key = key[len(prefix) :]
    for suffix in ("风险", "级", "等", "档"):
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
    if key.endswith(".0"):  # a number cell read as 1.0
        key = key[:-2]
    return _GRADES.get(key)


# Likelihood and impact store 3 as the gravest (registers.choices), the reverse of the grade.
_LIKELIHOOD: dict[int, tuple[str, ...]] = {
    3: ("3", "可能性较大", "较大", "大", "高", "很可能", "经常", "HIGH"),
    2: ("2", "有一定可能", "一定可能", "有可能", "可能", "一般", "中", "MEDIUM"),
    1: ("1", "可能性较小", "较小", "小", "低", "不太可能", "偶尔", "LOW"),
}
_IMPACT: dict[int, tuple[str, ...]] = {
    3: ("3", "后果严重", "严重", "大", "高", "很大", "HIGH"),
    2: ("2", "后果较严重", "较严重", "较大", "一般", "中", "MEDIUM"),
    1: ("1", "后果较轻微", "较轻微", "轻微", "较轻", "较小", "小", "低", "LOW"),
}


def _scale_match(value: str, table: Mapping[int, tuple[str, ...]]) -> int | None:
    key = normalize(value).strip(_PUNCT_EDGES)
    if key.endswith(".0"):
        key = key[:-2]
    for level, names in table.items():
        if key in {normalize(name) for name in names}:
            return level
    return None


def likelihood_match(value: str) -> int | None:
    return _scale_match(value, _LIKELIHOOD)


def impact_match(value: str) -> int | None:
    return _scale_match(value, _IMPACT)
