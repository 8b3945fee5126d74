"""The production samples under deploy/ agree with the settings (#18); the stack test (make test-stack) runs them."""

from __future__ import annotations

import re
from pathlib import Path

from django.test import SimpleTestCase, override_settings

from mansap.common.middleware import max_upload_bytes

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"


class NginxSiteTests(SimpleTestCase):
    site = (DEPLOY / "nginx" / "mansap.conf").read_text()

    @override_settings(IMPORT_MAX_BYTES=20 * 1024 * 1024, MANSAP_MAX_UPLOAD_BYTES=0)
    def test_the_body_limit_is_the_applications(self) -> None:
        match = re.search(r"^\s*client_max_body_size (\d+)m;", self.site, re.MULTILINE)
        assert match is not None
        self.assertEqual(int(match.group(1)) * 1024 * 1024, max_upload_bytes())

    def test_media_files_are_never_served_from_disk(self) -> None:
        media = re.search(r"location /media/ \{([^}]*)\}", self.site)
        assert media is not None
        self.assertEqual(media.group(1).split(), ["return", "404;"])
        self.assertNotIn("media", "".join(re.findall(r"(?:alias|root) [^;]+;", self.site)))

    def test_the_proxy_overwrites_the_forwarded_headers(self) -> None:
        self.assertIn("proxy_set_header X-Forwarded-For $remote_addr;", self.site)
        self.assertIn("proxy_set_header X-Forwarded-Proto $scheme;", self.site)
