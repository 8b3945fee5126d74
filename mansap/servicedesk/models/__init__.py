"""The servicedesk app's models, one module per sub-domain (catalogue, requests, documents, calendar, enquiries)."""
