"""Content-Security-Policy (issue #11): scripts from this site or nonce-marked blocks only."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import reverse

from mansap.common.testing import BaseTestCase, make_student

TEMPLATES = Path(__file__).resolve().parents[2]


class ContentSecurityPolicyTests(BaseTestCase):
    def test_pages_forbid_inline_scripts_without_the_nonce(self) -> None:
        make_student(self.program_a, graduation_date="2025-06-30")  # the page draws its chart
        self.client.force_login(self.cc)
        response = self.client.get(reverse("graduates:analytics"))
        policy = response["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        nonce = re.search(r"'nonce-([^']+)'", directives["script-src"]).group(1)  # type: ignore[union-attr]
        self.assertEqual(directives["script-src"], f"'self' 'nonce-{nonce}'")
        self.assertEqual(directives["default-src"], "'self'")
        self.assertEqual(directives["frame-ancestors"], "'none'")
        self.assertEqual(directives["object-src"], "'none'")
        # The page's inline chart script carries exactly that nonce; no other inline script runs.
        inline = [
            attrs
            for attrs in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.content.decode())
            if "application/json" not in attrs  # data, never run
        ]
        self.assertTrue(inline)
        self.assertEqual(set(inline), {f' nonce="{nonce}"'})

    def test_the_login_page_has_the_policy_too(self) -> None:
        self.assertIn("script-src 'self'", self.client.get(reverse("login"))["Content-Security-Policy"])

    def test_no_template_has_an_inline_event_handler_or_an_unmarked_inline_script(self) -> None:
        offenders = []
        for path in TEMPLATES.glob("*/templates/**/*.html"):
            text = path.read_text()
            if re.search(r"\son[a-z]+\s*=\s*[\"']", text) or "javascript:" in text:
                offenders.append(f"{path}: inline handler")
            for attrs in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", text):
                if "nonce=" not in attrs and "application/json" not in attrs:
                    offenders.append(f"{path}: inline script without the nonce")
        self.assertEqual(offenders, [])
