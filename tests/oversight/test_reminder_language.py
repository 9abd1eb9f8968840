"""The overdue reminder reaches each Front officer in the language she chose in the header (saved
on her account), Vietnamese when she never chose."""

import pytest

from danvan.accounts.models import Role, RoleGrant, User
from danvan.core.formatting import short_date
from danvan.core.models import Notification
from danvan.oversight import jobs
from tests.oversight.conftest import recommend, reported_supervision


@pytest.mark.django_db
def test_each_officer_gets_the_reminder_in_her_language(commune, officer):
    officer.email, officer.language = "front.test@example.vn", "en"
    officer.save()
    other = User.objects.create_user("front.vi", password="x", email="front.vi@example.vn")
    RoleGrant.objects.create(user=other, role=Role.FRONT_OFFICER, unit=commune)
    assert other.language == ""  # read as Vietnamese until she chooses
    sup = reported_supervision(commune, officer, ago=40)
    rec = recommend(sup, officer, sent_ago=35, due_ago=20, addressee="UBND phường")
    assert jobs.send_reminders() >= 1
    notes = Notification.objects.filter(kind="oversight.overdue", object_id=str(rec.pk))
    english = notes.get(to="front.test@example.vn")
    assert english.subject == "Recommendations overdue for an answer"
    assert english.body == (
        f"The recommendation to UBND phường (answer due {short_date(rec.due_on)}) is overdue "
        "and has not been answered."
    )
    vietnamese = notes.get(to="front.vi@example.vn")
    assert vietnamese.subject == "Kiến nghị quá hạn trả lời"
    assert vietnamese.body == (
        f"Kiến nghị gửi UBND phường (hạn trả lời {short_date(rec.due_on)}) đã quá hạn mà chưa "
        "có trả lời."
    )
