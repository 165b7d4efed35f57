"""The search index that lunr.js queries in the browser, built to the same numbers as lunr.py would."""
