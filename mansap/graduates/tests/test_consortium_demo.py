"""seed_demo --consortium (#18): a second, small university and the ministry's login, whose page has two columns."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from mansap.core import demo as core_demo
from mansap.core.models import Consortium, Institution, User
from mansap.graduates import demo


@pytest.mark.django_db
def test_the_demo_consortium_shows_two_universities_and_flushes() -> None:
    call_command("seed_demo", graduates=40, seed=7, consortium=True, verbosity=0)
    assert Institution.objects.count() == 2
    ministry = User.objects.get(username=demo.CONSORTIUM_LOGIN)
    assert ministry.check_password(core_demo.DEMO_PASSWORD)
    client = Client()
    client.force_login(ministry)
    page = client.get(reverse("graduates:consortium"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count('data-column="') == 3  # two universities and their total
    assert 'data-column="demo-second"' in page
    assert client.get(reverse("graduates:journal")).status_code == 404
    call_command("seed_demo", "--flush", graduates=10, seed=7, verbosity=0)
    assert Institution.objects.count() == 1
    assert not Consortium.objects.exists() and not User.objects.filter(username=demo.CONSORTIUM_LOGIN).exists()
