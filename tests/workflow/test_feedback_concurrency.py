"""Public supervision opinions posted at the same moment from one address on PostgreSQL: the
per-address advisory lock makes the database count exact, so no more than the limit get in."""

import threading

import pytest
from django.db import connection, connections

from registers.exceptions import DomainError
from tests.factories import TEST_PASSWORD
from workflow import services
from workflow.models import Feedback

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL advisory locks")


def test_concurrent_opinions_from_one_address_respect_the_limit(register, people, settings) -> None:
    settings.PUBLIC_FEEDBACK_PER_HOUR = 1
    services.register_submit(register=register, actor=people["filler"])
    services.register_sign(register=register, actor=people["leader"], password=TEST_PASSWORD)
    services.register_approve(register=register, actor=people["committee"])
    services.register_deliberate(register=register, actor=people["party"])
    publication = services.register_publish(register=register, actor=people["committee"])
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def post() -> None:
        try:
            barrier.wait()
            services.feedback_create(publication=publication, text="同时提交", ip="10.0.0.7")
            outcomes.append("saved")
        except DomainError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "refused", "refused", "saved"]
    assert Feedback.objects.filter(ip="10.0.0.7").count() == 1
