"""ipoffice."""
