"""Russian: Django's own formats, with Monday as the first day of the week."""

from django.conf.locale.ru.formats import *  # noqa: F403

FIRST_DAY_OF_WEEK = 1
