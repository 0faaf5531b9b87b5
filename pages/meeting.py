"""Placeholder: being written."""
from pages import ui

ui.require_actor()
