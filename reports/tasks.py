"""Celery tasks of the reports: thin wrappers around reports.committee_pdf, taking ids."""

from celery import shared_task

from crm.file_jobs import file_job_retry_or_fail
from reports import committee_pdf


# The time limit stays under the row's lease (committee_pdf.LEASE): a live
# worker is never taken back by the sweep.
@shared_task(bind=True, soft_time_limit=300, time_limit=360, acks_late=True,
             max_retries=committee_pdf.MAX_ATTEMPTS - 1)
def build_report_pdf(self, pdf_id):
    try:
        row = committee_pdf.report_pdf_build(pdf_id=pdf_id)
    except committee_pdf.ReportPdfRefused as refused:
        committee_pdf.report_pdf_failed(pdf_id=pdf_id, final=True, message=str(refused))
        return None
    except Exception as exc:
        return file_job_retry_or_fail(
            self, exc, what=f"reports: committee PDF {pdf_id}",
            failed=lambda final: committee_pdf.report_pdf_failed(pdf_id=pdf_id, final=final),
        )
    return row.pk if row else None


@shared_task(soft_time_limit=60, time_limit=90)
def sweep_report_pdfs():
    return committee_pdf.report_pdfs_sweep()
