"""What a request's notifications say: what happened to what, e.g. «Справка 086/у
ОБР-2026-000048: готова» — the type's short name, the number and a phrase for the news.

A type may word a status its own way (``RequestType.status_phrases``): a certificate is
«готова», a support ticket «решено»; the rest read the same for every type.
"""

from __future__ import annotations

from sqlmodel import Session

from gosapp import routes
from gosapp.models.accounts import User
from gosapp.models.requests import Request, RequestStatus
from gosapp.services.notifications.inbox import notify
from gosapp.services.requests import catalog

S = RequestStatus
# Phrases that read right after any type's name («Справка …», «Обращение …»).
STATUS_PHRASES = {
    S.SUBMITTED: "заявление подано",
    S.IN_PROGRESS: "взято в работу",
    S.NEEDS_INFO: "нужно уточнение",
    S.APPROVED: "одобрено",
    S.REJECTED: "отказ",
    S.COMPLETED: "заявление закрыто",
    S.WITHDRAWN: "заявление отозвано",
}
NEW_MESSAGE = "новое сообщение"
BODY_LIMIT = 500


def subject(request: Request) -> str:
    """«Справка 086/у ОБР-2026-000048»: what the news is about."""
    return f"{catalog.get(request.type_code).short_name} {request.number}"


def status_title(request: Request, status: RequestStatus | None) -> str:
    """The title of the applicant's notification: the subject and what happened
    (``None``: staff wrote a message)."""
    if status is None:
        return f"{subject(request)}: {NEW_MESSAGE}"
    phrase = catalog.get(request.type_code).status_phrases.get(status.value)
    return f"{subject(request)}: {phrase or STATUS_PHRASES[status]}"


def notify_applicant(
    session: Session, request: Request, status: RequestStatus | None, text: str
) -> None:
    """Tell the applicant what happened, linking to the page where they follow the request."""
    applicant = session.get_one(User, request.applicant_id)
    link = routes.open_on(catalog.get(request.type_code).page, request.number)
    title = status_title(request, status)
    notify(session=session, user=applicant, title=title, body=text[:BODY_LIMIT], link=link)


def notify_assignee(session: Session, request: Request, news: str) -> None:
    """Tell the staff member working on the request that the applicant wrote (the text stays
    in the portal: e-mail is no place for what a citizen writes about their health)."""
    if request.assignee_id is None:
        return
    assignee = session.get_one(User, request.assignee_id)
    notify(
        session=session,
        user=assignee,
        title=f"{subject(request)}: {news}",
        link=routes.staff_request(request.id),
    )
