"""Placeholder: being written (network map)."""
from pages import ui

ui.require_actor()
