"""Django's own messages that Mansap's pages show, marked here so that core's catalog translates them.

Django's Kazakh catalog lacks the password validators' rules and errors (AUTH_PASSWORD_VALIDATORS: shown on the
set-password and change-password pages) and the names of the User fields they cite. Mansap's apps come first in
INSTALLED_APPS, so for the same msgid their translation wins over Django's (settings.py says why). This module is
never imported: `make messages` reads it. Each msgid must stay exactly Django's (apostrophes included).
"""

from django.utils.translation import gettext_noop, ngettext_lazy

PASSWORD_VALIDATION = (
    # django.contrib.auth.password_validation.MinimumLengthValidator
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    # UserAttributeSimilarityValidator, with the verbose names of the fields it compares
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("username"),
    gettext_noop("email address"),
    # CommonPasswordValidator
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be a commonly used password."),
)
