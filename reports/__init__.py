"""Pipeline reports for coordinators and the steering committee (issue 9).

selectors.py  the figures, each one aggregate query (sql.py: PercentileCont; Epoch for the log-based check)
filters.py    the filter form and ReportFilters
tables.py     the figures as tables: the one source of the page, exports, PDF and JSON
charts.py     server-side SVG charts
exports.py    CSV and XLSX; pdf.py the committee's PDF (WeasyPrint, static files only)
committee_pdf.py  the committee PDF asked for, made by a worker (tasks.py), followed, downloaded, swept
views.py      thin views; services.py the yearly target
"""
