"""factory_boy factories for the models of every app."""

from typing import TYPE_CHECKING, Any, TypeVar

import factory
from django.contrib.auth.hashers import make_password
from django.db import models

from orgs.choices import UnitKind
from orgs.models import Post, Unit, User
from registers.models import Campaign, CategorySet, Register, RiskEntry

TEST_PASSWORD = "Test-Passw0rd!"

ModelT = TypeVar("ModelT", bound=models.Model)


class ModelFactory(factory.django.DjangoModelFactory[ModelT]):
    """factory_boy's Django factory, typed: calling a factory gives its model's instance.
    factory_boy's metaclass makes the call return the instance it creates, which mypy cannot
    see: without this `__new__`, mypy takes `UnitFactory()` for a UnitFactory."""

    class Meta:
        abstract = True

    if TYPE_CHECKING:

        def __new__(cls, *args: Any, **kwargs: Any) -> ModelT:  # type: ignore[misc]
            ...


class UnitFactory(ModelFactory[Unit]):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"测试处室{n}")
    kind = UnitKind.DEPARTMENT
    code = factory.Sequence(lambda n: f"T{n:04d}")
    order = factory.Sequence(lambda n: n)


class PostFactory(ModelFactory[Post]):
    class Meta:
        model = Post

    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"岗位{n}")
    is_key = False


class UserFactory(ModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"张{n}")
    # Hashed when the user is made, with the suite's fast hasher (tests/conftest.py): checking
    # it at each sign-in costs nothing, where the production hashers took about a second.
    password = factory.LazyFunction(lambda: make_password(TEST_PASSWORD))
    unit = factory.SubFactory(UnitFactory)


class CampaignFactory(ModelFactory[Campaign]):
    class Meta:
        model = Campaign

    year = 2026
    title = factory.Sequence(lambda n: f"2026年度廉政风险排查{n}")
    category_set = factory.LazyFunction(lambda: CategorySet.objects.get(is_default=True))


class RegisterFactory(ModelFactory[Register]):
    class Meta:
        model = Register

    campaign = factory.SubFactory(CampaignFactory)
    unit = factory.SubFactory(UnitFactory)
    level = "department"


class RiskEntryFactory(ModelFactory[RiskEntry]):
    class Meta:
        model = RiskEntry

    register = factory.SubFactory(RegisterFactory)
    category = factory.LazyAttribute(lambda o: o.register.campaign.category_set.categories.first())
    order = factory.Sequence(lambda n: n)
    risk = factory.Sequence(lambda n: f"审批过程中违规收受好处费{n}")
    grade = 2
