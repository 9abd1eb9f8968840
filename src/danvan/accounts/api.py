"""GET /api/v1/me: who am I and which units my roles cover."""

from ninja import Router, Schema

from danvan.accounts import scope

router = Router()


class GrantOut(Schema):
    role: str
    role_label: str
    unit_code: str
    unit_name: str


class MeOut(Schema):
    username: str
    full_name: str
    roles: list[str]
    grants: list[GrantOut]


@router.get("", response=MeOut, summary="Tài khoản đang dùng")
def me(request):
    user = request.auth
    grants = user.grants.active().select_related("unit").order_by("unit__path")
    return {
        "username": user.username,
        "full_name": user.full_name,
        "roles": sorted(scope.roles_of(user)),
        "grants": [
            {
                "role": g.role,
                "role_label": g.get_role_display(),
                "unit_code": g.unit.code,
                "unit_name": g.unit.name,
            }
            for g in grants
        ],
    }
