from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth.models import Group

from ipoffice.accounts.models import User
from ipoffice.offices.models import Office

TEST_PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="zh_CN")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    office = factory.LazyFunction(lambda: Office.objects.get(code="320100"))
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.groups.set([Group.objects.get(name=name) for name in extracted])
