"""XLSForm fixtures (built by build.py; see CREDITS.md)."""
