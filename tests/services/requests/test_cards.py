"""The applicant's request cards: typed flags that follow the status, and the links a request
type adds itself (a certificate's PDF and verification page), nothing for other types."""

from sqlmodel import select

from gosapp.models.requests import Certificate
from gosapp.services.medical import certificates
from gosapp.services.requests import cards
from tests.services.requests.steps import act, create

TICKET = {"category": "technical", "subject": "Не грузится карта", "text": "Белый экран"}


def card_of(session, persona, request):
    found = cards.cards(session=session, user=persona.user, type_codes=[request.type_code])
    return next(card for card in found if card.id == str(request.id))


def test_flags_are_real_bools_that_follow_the_status(session, alice, registrar):
    request = create(session, alice, "cert_pool", {"purpose": "Для бассейна"})
    card = card_of(session, alice, request)
    assert (card.needs_answer, card.can_withdraw, card.can_write) == (False, True, True)
    assert (card.title, card.status, card.status_label) == (
        "Справка для бассейна",
        "submitted",
        "Подано",
    )
    act(session, registrar, request, ("claim", ""), ("ask_info", "Приложите направление"))
    card = card_of(session, alice, request)
    assert card.needs_answer is True and card.question == "Приложите направление"
    act(session, alice, request, ("withdraw", ""))
    card = card_of(session, alice, request)
    assert (card.needs_answer, card.can_withdraw, card.can_write) == (False, False, False)


def test_an_issued_certificate_adds_its_pdf_and_verification_links(session, alice, registrar):
    request = create(session, alice, "cert_pool", {"purpose": "Для бассейна"})
    assert card_of(session, alice, request).links == []
    act(session, registrar, request, ("claim", ""), ("approve", ""))
    issued = session.exec(select(Certificate).where(Certificate.request_id == request.id)).one()
    slug = certificates.verification_slug(issued.number)
    assert [(link.name, link.href) for link in card_of(session, alice, request).links] == [
        ("certificate-download", f"/api/documents/{issued.document_id}"),
        ("certificate-verify-link", f"/verify/{slug}"),
    ]


def test_other_types_add_no_links(session, alice, registrar):
    ticket = create(session, alice, "support", TICKET)
    act(session, registrar, ticket, ("claim", ""), ("approve", ""))
    assert card_of(session, alice, ticket).links == []
