"""The one-window service desk (issue #16): the service catalogue, requests with working-day SLAs, issued
documents with a public verification page, requests for information to units, and public enquiries."""
