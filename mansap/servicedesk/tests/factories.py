"""factory_boy factories of the servicedesk app's models."""
