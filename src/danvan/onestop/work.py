"""What waits at the one-stop section, counted for the home page's "Việc tiếp theo" (core.nav)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.accounts import scope
from danvan.accounts.models import Role as R
from danvan.core.nav import register_work
from danvan.onestop.models import Dossier
from danvan.onestop.states import OPEN, Status, SubStatus


def _in_scope(user, roles):
    return scope.scoped(Dossier.objects.all(), user, roles=roles)


def online_waiting(user) -> int:
    return _in_scope(user, [R.COUNTER_CLERK]).filter(status=Status.REGISTERED_ONLINE).count()


def results_to_hand_over(user) -> int:
    qs = _in_scope(user, [R.COUNTER_CLERK])
    return qs.filter(status=Status.PROCESSED, sub_status=SubStatus.RESULT_AVAILABLE).count()


def mine_to_handle(user) -> int:
    return Dossier.objects.filter(handler=user, status__in=[s.value for s in OPEN]).count()


def _mine_at(user, sub_status) -> int:
    return Dossier.objects.filter(handler=user, sub_status=sub_status).count()


def overdue_dossiers(user):
    """The open dossiers past their due time in the units the user works for (the home page's
    count and the find page's "quá hạn" list: one definition)."""
    qs = _in_scope(user, [R.COUNTER_CLERK, R.SPECIALIST, R.SIGNER])
    open_states = [s.value for s in OPEN if s != Status.REGISTERED_ONLINE]
    return qs.filter(status__in=open_states, due_at__lt=timezone.now())


def overdue(user) -> int:
    return overdue_dossiers(user).count()


def register() -> None:
    register_work(
        "onestop.online",
        _("Hồ sơ trực tuyến chờ tiếp nhận"),
        "onestop:counter",
        online_waiting,
        (R.COUNTER_CLERK,),
        order=100,
    )
    register_work(
        "onestop.hand_over",
        _("Kết quả chờ trả cho công dân"),
        "onestop:counter",
        results_to_hand_over,
        (R.COUNTER_CLERK,),
        order=110,
    )
    register_work(
        "onestop.mine",
        _("Hồ sơ đang chờ tôi xử lý"),
        "onestop:my_dossiers",
        mine_to_handle,
        (R.SPECIALIST, R.SIGNER, R.OFFICE_CLERK),
        order=120,
    )
    register_work(
        "onestop.to_sign",
        _("Kết quả chờ tôi ký duyệt"),
        "signing:queue",
        lambda user: _mine_at(user, SubStatus.AWAITING_SIGNATURE),
        (R.SIGNER,),
        order=130,
    )
    register_work(
        "onestop.to_seal",
        _("Kết quả chờ đóng dấu"),
        "signing:queue",
        lambda user: _mine_at(user, SubStatus.SIGNED_AWAITING_SEAL),
        (R.OFFICE_CLERK,),
        order=140,
    )
    register_work(
        "onestop.overdue",
        _("Hồ sơ quá hạn trong đơn vị"),
        "onestop:find?qua_han=1",
        overdue,
        (R.COUNTER_CLERK, R.SPECIALIST, R.SIGNER),
        order=150,
    )
