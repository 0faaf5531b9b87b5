"""Evaluation for pilots: pure functions over plain tables.

The codebook, the indicators with their definitions, the masking of small numbers,
pseudonyms and the demo generator live here, so that the dashboard, every export and
``cercle stats merge`` share one computation. Nothing in this package reads a database,
imports Streamlit or reads the clock: the store's queries and the services feed it the
plain rows of :mod:`conference.evaluation.types`.
"""
