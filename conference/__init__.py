"""Cercle: facilitation toolkit for family group conferences (conférences familiales)."""
