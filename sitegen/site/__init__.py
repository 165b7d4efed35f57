"""The site stage: which pages exist (plan), what each page shows, and Jinja rendering through the theme chain."""
