"""Checks of the built site with the tools readers use; see conftest.py."""
