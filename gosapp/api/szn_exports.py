"""GET /api/exports/szn-payments.csv and .pdf: the signed-in citizen's payments statement for
the page's filters. The user comes from the session cookie only; without a live session the
answer is a redirect to the login page, before connecting the cabinet a 403, and no data."""

from starlette.requests import Request
from starlette.responses import Response

from gosapp.api.exports import signed_in_export
from gosapp.services.social import payments, statement

FORMATS = {
    "csv": ("text/csv; charset=utf-8", statement.export_csv),
    "pdf": ("application/pdf", statement.export_pdf),
}


async def szn_payments_export(request: Request) -> Response:
    """The filtered payments as a CSV or PDF attachment."""
    return await signed_in_export(
        request,
        formats=FORMATS,
        parse=lambda query: {"filters": payments.parse_filter(query)},
        filename="vyplaty",
    )
