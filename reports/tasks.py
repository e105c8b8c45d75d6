"""Celery tasks of the reports: thin wrappers around reports.committee_pdf, taking ids."""

import logging

from celery import shared_task

from reports import committee_pdf

logger = logging.getLogger(__name__)


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
        final = self.request.is_eager or self.request.retries >= self.max_retries
        # The class only: the message may quote a filter's value.
        logger.warning("reports: committee PDF %s failed (%s)%s", pdf_id, type(exc).__name__,
                       "" if final else ", tried again")
        committee_pdf.report_pdf_failed(pdf_id=pdf_id, final=final)
        if final:
            return None  # the page says it failed and offers to ask again
        raise self.retry(exc=exc, countdown=min(5 * 2 ** self.request.retries, 60)) from None
    return row.pk if row else None


@shared_task(soft_time_limit=60, time_limit=90)
def sweep_report_pdfs():
    return committee_pdf.report_pdfs_sweep()
