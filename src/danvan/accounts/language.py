"""The language a person reads: the one she last chose in the header's switch, saved on her
account (``User.language``), Vietnamese until she chooses. Emails and SMS to officials are
rendered in it (``speaking(user)``); so are the notices citizens receive about their dossiers and
petitions (``speaking_to_citizen(...)``: her account found by her national ID, Vietnamese for a
citizen without an account). Signing in restores it (``restore_on_login``: the page language
becomes hers; ``accounts.middleware.SavedLanguageMiddleware`` writes the cookie).
"""

from contextlib import AbstractContextManager

from django.conf import settings
from django.utils import translation


def supported(code: str | None) -> bool:
    return code in {lang for lang, _ in settings.LANGUAGES}


def language_of(user) -> str:
    """Her saved language, or the platform's (Vietnamese) when none or not a supported one."""
    code = getattr(user, "language", "") or ""
    return code if supported(code) else settings.LANGUAGE_CODE


def speaking(user) -> AbstractContextManager:
    """``with speaking(user): …`` renders gettext and formatting in her language."""
    return translation.override(language_of(user))


def citizen_account(*, national_id: str = "", email: str = "", phone: str = ""):
    """The account of the citizen a notice is for, or None. A dossier's applicant and a petitioner
    are linked to an account by national ID (the store's activation binds the account to it);
    only a notice without one (a petition sent with a phone or an email only) looks for the one
    active account with that email or phone — never a guess between two."""
    from danvan.accounts.models import User

    if national_id:
        rows = User.objects.filter(national_id=national_id, is_active=True)
    elif email or phone:
        rows = User.objects.filter(is_active=True).exclude(national_id="")
        rows = rows.filter(email__iexact=email) if email else rows.filter(phone=phone)
    else:
        return None
    found = list(rows.order_by("pk")[:2])
    return found[0] if len(found) == 1 else None


def citizen_language(*, national_id: str = "", email: str = "", phone: str = "") -> str:
    """The language of the citizen's notices: her account's saved one, else Vietnamese."""
    account = citizen_account(national_id=national_id, email=email, phone=phone)
    return language_of(account) if account is not None else settings.LANGUAGE_CODE


def speaking_to_citizen(
    *, national_id: str = "", email: str = "", phone: str = ""
) -> AbstractContextManager:
    """``with speaking_to_citizen(national_id=…): …`` renders her notice in her language."""
    return translation.override(citizen_language(national_id=national_id, email=email, phone=phone))


def remember(user, code: str) -> bool:
    """Save the language she chose (signed-in people only); True when saved."""
    if not getattr(user, "is_authenticated", False) or not supported(code):
        return False
    if user.language != code:
        user.language = code
        user.save(update_fields=["language"])
    return True


RESTORED = "_danvan_saved_language"  # request attribute: the language to put in the cookie


def restore_on_login(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver (any login: staff, citizen, activation, admin): the response
    carries her saved language in the language cookie (``SavedLanguageMiddleware`` writes it), so
    the pages after signing in are in the language she chose. An account that never chose keeps
    the language the browser was on (she picked English on the sign-in page: English it stays)
    and saves it. Nothing is activated here: the thread's language is the middleware's to set."""
    if request is None:
        return
    browser = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if not getattr(user, "language", "") and supported(browser):
        remember(user, browser)
    setattr(request, RESTORED, language_of(user))
