"""Kazakh: the Kazakhstan dates and times of en/formats.py, with a decimal comma and spaced thousands."""

from mansap.formats.en.formats import *  # noqa: F403

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
