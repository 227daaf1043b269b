"""Flashcards: a self-test page set per subject (pages, Quiz markup, browser behaviour)."""
