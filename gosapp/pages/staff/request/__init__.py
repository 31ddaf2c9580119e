"""`/staff/requests/[staff_request_id]`: one request as staff see it, and the staff actions."""

from gosapp.pages.staff.request.state import StaffRequestState
from gosapp.pages.staff.request.view import request_page

__all__ = ["StaffRequestState", "request_page"]
