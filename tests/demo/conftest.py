import pytest
from django.core import mail
from django.utils import timezone

from paddock.core.models import AuditEntry
from paddock.demo.builder import delete_demo
from tests.demo.building import DemoBuild, run_demo


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    """Build the demo once for the tests of tests/demo and commit it, as `python -m paddock
    demo` does (the services' mails go out at the commit); each test runs in a savepoint inside
    it. At the end the demo is deleted, and so is the audit log it wrote, which outlives it on
    purpose but must not reach later tests."""
    with django_db_blocker.unblock():
        mail.outbox = []
        logged_before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
        started = timezone.now()
        output = run_demo()
        yield DemoBuild(
            output=output, mails=[message.to for message in mail.outbox], started=started
        )
        delete_demo()
        AuditEntry.objects.filter(pk__gt=logged_before or 0).delete()


@pytest.fixture
def demo_output(demo):
    return demo.output
