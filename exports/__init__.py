"""Document and data builders: domain objects in, bytes out (no database, no Streamlit).

The calling service decides what each audience may see; builders also refuse, on their
own, to print anyone flagged "not safe" or "not to be invited".
"""
