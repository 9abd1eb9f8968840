"""Where the outside systems are and how we authenticate: everything from settings (or the
environment), nothing hard-coded. Without a gateway address (and outside the demo) nothing is
sent: messages wait in the outbox, visibly."""

from dataclasses import dataclass

from django.conf import settings

from danvan.envconf import env_int, env_str

FAKE_PORT = 8109  # `danvan fakegateway` serves here by default (the demo)


def env_float(name: str, default: float) -> float:
    raw = env_str(name)
    return float(raw) if raw not in (None, "") else default


@dataclass(frozen=True)
class Conf:
    gateway_url: (
        str  # the LGSP base URL: /DongBoHoSoMC, /CapNhatTienDoHoSoMC, /ChiaSeThongTinCongDan
    )
    token: str  # the LGSP access token (Authorization: Bearer)
    portal_unit: str  # madonvi: the province's code at the portal
    payment_url: str  # the national payment platform: /INIT, /QUERY, /GET_BILL
    payment_secret: str
    sms_url: str  # brand-name SMS HTTP API (POST JSON)
    sms_brandname: str
    zalo_url: str  # Zalo OA template-message API (POST JSON)
    zalo_token: str
    timeout: float
    max_attempts: int
    backoff_seconds: float
    backoff_cap_seconds: float
    portal_sync: bool  # write portal messages for dossier changes
    population_second_factor: bool  # the province asks for the officer's PIN before a look-up


def _get(name: str, default):
    custom = getattr(settings, "CONNECTIONS", {}) or {}
    if name in custom:
        return custom[name]
    return default


def conf() -> Conf:
    demo = bool(getattr(settings, "ALLOW_DEMO", False))
    base = _get("GATEWAY_URL", env_str("CONNECTIONS_GATEWAY_URL") or "").rstrip("/")
    return Conf(
        gateway_url=base,
        token=_get("TOKEN", env_str("CONNECTIONS_TOKEN") or ""),
        portal_unit=_get("PORTAL_UNIT", env_str("CONNECTIONS_PORTAL_UNIT") or "01"),
        payment_url=_get("PAYMENT_URL", env_str("PAYMENT_NATIONAL_URL") or base).rstrip("/"),
        payment_secret=_get(
            "PAYMENT_SECRET",
            env_str("PAYMENT_NATIONAL_SECRET") or ("fake-secret" if demo and base else ""),
        ),
        sms_url=_get(
            "SMS_URL", env_str("SMS_BRANDNAME_URL") or (f"{base}/sms" if demo and base else "")
        ),
        sms_brandname=_get("SMS_BRANDNAME", env_str("SMS_BRANDNAME") or "DANVANSO"),
        zalo_url=_get(
            "ZALO_URL", env_str("ZALO_OA_URL") or (f"{base}/zalo" if demo and base else "")
        ),
        zalo_token=_get("ZALO_TOKEN", env_str("ZALO_OA_TOKEN") or ""),
        timeout=float(_get("TIMEOUT", env_float("CONNECTIONS_TIMEOUT", 10.0))),
        max_attempts=int(_get("MAX_ATTEMPTS", env_int("OUTBOX_MAX_ATTEMPTS", 8))),
        backoff_seconds=float(_get("BACKOFF_SECONDS", env_float("OUTBOX_BACKOFF_SECONDS", 15.0))),
        backoff_cap_seconds=float(_get("BACKOFF_CAP_SECONDS", 3600.0)),
        portal_sync=bool(_get("PORTAL_SYNC", bool(base))),
        population_second_factor=bool(_get("POPULATION_SECOND_FACTOR", False)),
    )
