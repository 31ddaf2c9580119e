"""GET /api/exports/frmr-payments.csv and .pdf: the signed-in medical worker's payments of the
page's months (``?from=2026-01&to=2026-12``). The user comes from the session cookie only;
without a live session the answer is a redirect to the login page; anyone who is not a medical
worker gets a 404, and no data."""

from starlette.requests import Request
from starlette.responses import Response

from gosapp.api.exports import signed_in_export
from gosapp.models.accounts import utcnow
from gosapp.services.common.workdays import local_date
from gosapp.services.frmr import payments, payments_export

FORMATS = {
    "csv": ("text/csv; charset=utf-8", payments_export.export_csv),
    "pdf": ("application/pdf", payments_export.export_pdf),
}


async def frmr_payments_export(request: Request) -> Response:
    """The months' payments as a CSV or PDF attachment."""
    return await signed_in_export(
        request,
        formats=FORMATS,
        parse=lambda query: {"period": payments.parse_period(query, local_date(utcnow()))},
        filename="vyplaty-medrabotnika",
    )
