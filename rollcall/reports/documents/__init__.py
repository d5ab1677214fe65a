"""Documents made from the records: case dossiers, UN Working Group submissions, petition letters.

Rendered from Django templates (staff may override them in <data folder>/templates/reports/)
to HTML, then to PDF by headless Chromium.
"""
