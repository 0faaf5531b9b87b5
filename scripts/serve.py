"""Start Streamlit for Cercle: ``python scripts/serve.py run streamlit_app.py [options]``.

Why not plain ``streamlit run``: Streamlit still auto-discovers a ``pages/`` folder until
the first ``st.navigation`` call of the process, so on a freshly (re)started server a deep
link such as ``/orientation?c=7`` would run the page file outside the frame and show
nothing. Cercle registers its pages explicitly; this switches the legacy discovery off
before the server starts (see docs/decisions/0005-pages-folder-and-navigation.md).
"""
import sys

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

PagesManager.uses_pages_directory = False

if __name__ == "__main__":
    sys.exit(cli.main())
