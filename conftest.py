"""Plugins for the whole suite (pytest accepts ``pytest_plugins`` only here, at the root):
the outbox's real SMTP server and HTTP receiver fixtures, for any app's tests."""

pytest_plugins = ["ipoffice.outbox.tests.fixtures"]
