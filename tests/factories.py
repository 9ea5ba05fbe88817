"""Factories for the test suite (factory_boy and wagtail-factories)."""

import factory
import wagtail_factories
from django.contrib.auth import get_user_model

from cms.models import StandardPage
from forms_ext.models import OrganisationUnit


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")
    is_staff = True


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Side {n}")
    intro = "En side til testene."


class OrganisationUnitFactory(factory.django.DjangoModelFactory):
    """Create a unit under ``parent`` (a root unit when parent is None)."""

    class Meta:
        model = OrganisationUnit

    name = factory.Sequence(lambda n: f"Enhet {n}")
    code = factory.Sequence(lambda n: f"enhet-{n}")
    kind = OrganisationUnit.Kind.PROVIDER

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        unit = model_class(**kwargs)
        return parent.add_child(instance=unit) if parent else model_class.add_root(instance=unit)
