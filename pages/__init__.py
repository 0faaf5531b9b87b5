"""Streamlit screens, one file each, registered explicitly in streamlit_app.py."""
