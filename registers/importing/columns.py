"""Header recognition and lenient matching of cell values (categories, grades, likelihood,
impact). Everything is compared in one normal form: NFKC (full-width → half-width), no spaces,
upper case for Latin letters."""

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from registers.importing.headers import (
    HEADER_JOINERS,
    HEADER_QUALIFIERS,
    HEADER_SYNONYMS,
    KNOWN_IGNORED,
    SHARED_NAMES,
)
from registers.models import Category

IGNORE = ""
# A column no field takes, kept with each entry under its header (RiskEntry.extra_fields).
EXTRA = "extra"

# The entry fields a column can feed, in the order of the mapping step's select.
FIELD_LABELS: dict[str, str] = {
    "category": str(_("排查类别")),
    "risk": str(_("主要廉政风险")),
    "manifestations": str(_("表现形式")),
    "cause": str(_("形成原因")),
    "grade": str(_("风险等级")),
    "likelihood": str(_("发生可能性")),
    "impact": str(_("危害程度")),
    "grade_override_reason": str(_("调整等级理由")),
    "prevention_measures": str(_("防控措施")),
    "monitoring_indicator": str(_("监测指标")),
    "responsible_department": str(_("责任部门")),
    "responsible_post": str(_("责任岗位")),
    "responsible_leader_name": str(_("责任领导")),
    "authority_item": str(_("关联权责事项")),
}
EXTRA_LABEL = str(_("其他字段(随风险点保留)"))

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


# Name → field; a name two fields share (SHARED_NAMES) gives its first field here.
_HEADER_INDEX: dict[str, str] = {
    normalize(synonym): field for field, synonyms in HEADER_SYNONYMS.items() for synonym in synonyms
} | {normalize(name): fields[0] for name, fields in SHARED_NAMES.items()}
# The product's own labels, which its full export writes as headers (关联权责事项 …).
_HEADER_INDEX |= {
    normalize(label): field
    for field, label in FIELD_LABELS.items()
    if normalize(label) not in _HEADER_INDEX
}
_SHARED_INDEX: dict[str, tuple[str, str]] = {
    normalize(name): fields for name, fields in SHARED_NAMES.items()
}
_IGNORED_INDEX = {normalize(name) for name in KNOWN_IGNORED}
_QUALIFIERS = tuple(normalize(word) for word in HEADER_QUALIFIERS)
# 及 in 涉及 (风险点涉及的岗位) joins nothing.
_JOINERS = re.compile("|".join(f"(?<!涉){re.escape(normalize(word))}" for word in HEADER_JOINERS))


def _unqualified(key: str) -> list[str]:
    """The key, then the key without each qualifier in front: 主要廉洁风险点 → 廉洁风险点 →
    风险点. A qualifier alone is a name of its own, not an empty one."""
    names = [key]
    while True:
        word = next((q for q in _QUALIFIERS if key.startswith(q) and len(key) > len(q)), None)
        if word is None:
            return names
        key = key[len(word) :]
        names.append(key)


def _lookup(key: str) -> tuple[str, ...]:
    """The fields a name gives by itself: none, one, or the two of a shared name."""
    for name in _unqualified(key):
        if name in _SHARED_INDEX:
            return _SHARED_INDEX[name]
        if name in _HEADER_INDEX:
            return (_HEADER_INDEX[name],)
    return ()


def _readings(key: str) -> tuple[str, ...]:
    """The fields a header key can name, the likelier first. A combined header "X及Y" reads as
    its parts in order: 风险点及表现形式 → risk, manifestations; 风险内容及表现形式 →
    manifestations; 防控要点及防控措施 → prevention_measures (防控要点 names nothing)."""
    fields = _lookup(key)
    parts = _JOINERS.split(key)
    if fields or len(parts) < 2:
        return fields
    found: list[str] = []
    for part in parts:
        for field in _lookup(part)[:1]:
            if field not in found:
                found.append(field)
    return tuple(found[:2])


def _named_outright(row: Sequence[object]) -> set[str]:
    """The fields the headers of a row name with no doubt: one reading each."""
    named: set[str] = set()
    for cell in row:
        key = header_key(cell)
        readings = _readings(key) if key else ()
        if len(readings) == 1:
            named.add(readings[0])
    return named


def field_for_header(header: object, *, row: Sequence[object] = ()) -> str | None:
    """The entry field a header names; IGNORE for known columns no field takes; None if unknown.

    `row` is the whole header row. A name two fields share takes its second field when another
    column names its first and none names its second: 风险类别 is the grade in document 000's
    Annex (beside 排查类别) but the category beside 风险等级; 风险点及表现形式 is the risk, or the
    manifestations beside a 风险点 column. Without `row` it takes its first."""
    key = header_key(header)
    if not key:
        return IGNORE
    readings = _readings(key)
    if not readings:
        # Keep the brackets when they are the name itself, e.g. 科室(岗位) → 科室/岗位.
        full = normalize(header).strip(_PUNCT_EDGES).replace("(", "/").rstrip(")")
        readings = _readings(full)
    if not readings:
        return IGNORE if key in _IGNORED_INDEX else None
    if len(readings) == 1 or not row:
        return readings[0]
    first, second = readings
    named = _named_outright(row)
    return second if first in named and second not in named else first


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
        field = field_for_header(header, row=headers)
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
    1: ("高", "A", "HIGH", "H", "较高", "重大"),
    2: ("中", "B", "MEDIUM", "MIDDLE", "M", "中等", "一般", "较大"),
    3: ("低", "C", "LOW", "L", "较低", "较小"),
}.items():
    for _name in _names:
        _GRADES[_name] = _grade
# Numbers say an order, not which end is grave: 1 is the highest grade in most lists (一级风险),
# the lowest in some. The preview shows how they were read, and the user may flip it.
_NUMERIC_GRADES: dict[str, int] = {
    "1": 1, "一": 1, "I": 1, "2": 2, "二": 2, "II": 2, "3": 3, "三": 3, "III": 3,
}  # fmt: skip


@dataclass(frozen=True)
class GradeReading:
    grade: int
    numeric: bool


def grade_read(value: str, *, reversed_numbers: bool = False) -> GradeReading | None:
    """The grade a cell gives: 高/中/低, A/B/C, high/medium/low, or a number (1/2/3, 一/二/三,
    Ⅰ/Ⅱ/Ⅲ, with or without 级) read as 1 = 高 unless `reversed_numbers`."""
    key = normalize(value).strip(_PUNCT_EDGES)
    for prefix in ("风险等级", "风险"):
        if key.startswith(prefix) and len(key) > len(prefix):
            key = key[len(prefix) :]
    for suffix in ("风险", "级", "等", "档"):
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
    if key.endswith(".0"):  # a number cell read as 1.0
        key = key[:-2]
    if key in _GRADES:
        return GradeReading(_GRADES[key], numeric=False)
    if key in _NUMERIC_GRADES:
        grade = _NUMERIC_GRADES[key]
        return GradeReading(4 - grade if reversed_numbers else grade, numeric=True)
    return None


def grade_match(value: str) -> int | None:
    """1 for 一级/1级/高/A/high (any scheme), 2 for 二级/中/B, 3 for 三级/低/C; None otherwise."""
    reading = grade_read(value)
    return reading.grade if reading is not None else None


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
