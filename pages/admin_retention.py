"""Administration screen (written with the retention and audit services)."""
from pages import ui

ui.require_actor()
