"""The demo caller lists are valid and seeding twice changes nothing."""

import pytest

from callers.demo import seed
from callers.models import CallerEntry, CallerList


@pytest.mark.django_db
def test_demo_lists_seed_once() -> None:
    seed()
    seed()
    assert list(CallerList.objects.values_list("name", flat=True)) == ["Blocked", "VIP customers", "Berlin"]
    assert CallerEntry.objects.count() == 5
    assert CallerEntry.objects.filter(number="anonymous").exists()
