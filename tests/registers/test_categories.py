"""The category sets: document 000's six categories seeded word for word, with their notes."""

from registers.categories import DOC000_CATEGORIES
from registers.models import Category


def test_doc000_categories_are_seeded_word_for_word(db: None) -> None:
    names = list(
        Category.objects.filter(category_set__is_default=True)
        .order_by("order")
        .values_list("name", "note")
    )
    assert names == DOC000_CATEGORIES
    assert [n for n, _ in names] == [
        "议事决策类",
        "权力运行类",
        "制度机制类",
        "工作流程类",
        "岗位履职类",
        "纪律作风类",
    ]
