"""The category sets of the source documents, seeded by migration 0002 (and by tests)."""

from typing import Any

# Document 000, Annex 1, 备注: the six categories and their notes, word for word.
DOC000_SET = "市生态环境局六类(文件000)"
DOC000_CATEGORIES: list[tuple[str, str]] = [
    (
        "议事决策类",
        "党委(党组)议事规则、“三重一大”事项决策、主要负责人“五不直接分管”和“末位表态”"
        "等方面存在的风险点",
    ),
    (
        "权力运行类",
        "人、财、物管理等重点岗位和行政审批、行政处罚、一线执法司法等关键环节方面存在的风险点",
    ),
    ("制度机制类", "制度设计、制度执行、内部管理、机制建设方面存在的风险点"),
    ("工作流程类", "工作程序、业务流程等方面存在的风险点"),
    ("岗位履职类", "行使岗位权力、履行工作职责过程中存在的风险点"),
    (
        "纪律作风类",
        "党员干部贯彻上级重大决策部署、执行中央八项规定精神、作风效能、与管理服务对象交往"
        "等方面存在的风险点",
    ),
]

# Document 001: the "五类风险" of a civil-affairs bureau (no notes in the source).
DOC001_SET = "五类风险(文件001)"
DOC001_CATEGORIES: list[tuple[str, str]] = [
    ("岗位职责", ""),
    ("业务流程", ""),
    ("制度机制", ""),
    ("工作效率", ""),
    ("外部环境", ""),
]

# Document 001's special register (专项廉能风险防控情况登记表, 附件5): the four "三重一大" matters,
# the categories of every MAJOR-level register whatever the campaign's set.
MAJOR_SET = "三重一大专项(文件001)"
MAJOR_CATEGORIES: list[tuple[str, str]] = [
    ("重大事项决策", ""),
    ("重要干部任免", ""),
    ("重要项目安排", ""),
    ("大额度资金的使用", ""),
]

SEEDED_SETS = [
    (DOC000_SET, "杭州市生态环境局实施方案附件1、2", True, DOC000_CATEGORIES),
    (DOC001_SET, "区民政局廉能风险防控实施方案", False, DOC001_CATEGORIES),
    (MAJOR_SET, "区民政局廉能风险防控实施方案附件5", False, MAJOR_CATEGORIES),
]


def seed_category_sets(category_set_model: Any, category_model: Any) -> None:
    """Create or update the seeded sets. Takes the model classes so that the data migration can
    pass its historical models and the tests the current ones."""
    for name, source, is_default, categories in SEEDED_SETS:
        category_set, _created = category_set_model.objects.get_or_create(
            name=name, defaults={"source": source, "is_default": is_default}
        )
        for order, (category, note) in enumerate(categories, start=1):
            category_model.objects.update_or_create(
                category_set=category_set, name=category, defaults={"note": note, "order": order}
            )
