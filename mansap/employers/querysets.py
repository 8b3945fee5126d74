"""Querysets of the employers app."""

from __future__ import annotations

from mansap.core.querysets import ScopedQuerySet


class OrganizationQuerySet(ScopedQuerySet):
    """Organizations are shared by the whole institution: every member may see them."""

    institution_wide_view = True
