"""СЗН certificates go through the certificates machinery (number, PDF, /verify) and say only
what the portal's data supports: the benefits in force, the recipient status by them."""

from __future__ import annotations

from gosapp.models.requests import Document
from gosapp.services.documents import storage
from gosapp.services.medical import certificates
from gosapp.services.requests import workflow
from gosapp.services.social import szn_certificates
from tests.services.social.benefit_setup import ACTOR, NOW, add, decide, make_citizen


def _order(session, citizen, code: str, staff):
    request = workflow.create(
        session=session,
        applicant=citizen,
        type_code=code,
        data={"purpose": "для предоставления по месту работы"},
        actor=ACTOR,
        now=NOW,
    )
    session.commit()
    decide(session, staff, request.id)
    return certificates.certificate_for(session, request.id)


def test_benefit_right_certificate_lists_the_benefits_in_force(session, registrar, monkeypatch):
    citizen = make_citizen(session)
    row = add(session, citizen)
    decide(session, registrar.user, row.request_id)
    add(
        session, citizen, {"kind": "disability", "basis": "Справка МСЭ", "valid_from": "01.01.2026"}
    )
    seen: list[list[str]] = []
    original = certificates.pdf.certificate_pdf
    monkeypatch.setattr(
        certificates.pdf,
        "certificate_pdf",
        lambda **kw: seen.append(kw["body_lines"]) or original(**kw),
    )
    cert = _order(session, citizen, "szn_cert_benefit_right", registrar.user)
    assert cert is not None and cert.issuer == szn_certificates.ISSUER
    text = "\n".join(seen[0])
    assert "Многодетная семья" in text and "Удостоверение многодетной семьи" in text
    assert "Инвалидность" not in text  # still on check: not in force
    document = session.get_one(Document, cert.document_id)
    assert storage.read(document)[:4] == b"%PDF"
    slug = certificates.verification_slug(cert.number)
    verified = certificates.verify(session=session, slug=slug)
    assert verified is not None and verified.title == "Справка о праве на льготу"


def test_recipient_status_without_benefits_says_so(session, registrar, monkeypatch):
    citizen = make_citizen(session)
    seen: list[list[str]] = []
    original = certificates.pdf.certificate_pdf
    monkeypatch.setattr(
        certificates.pdf,
        "certificate_pdf",
        lambda **kw: seen.append(kw["body_lines"]) or original(**kw),
    )
    _order(session, citizen, "szn_cert_recipient", registrar.user)
    assert seen[0][0] == "Получателем мер социальной поддержки не является."


def test_payments_certificate_lists_what_was_transferred(session):
    from datetime import date

    from gosapp.models.social import Payment, PaymentStatus

    user = make_citizen(session)
    assert szn_certificates.payment_lines(session, user, NOW) == [
        "Перечисленных выплат за последние 12 месяцев нет."
    ]
    for month, status in ((9, PaymentStatus.PAID), (10, PaymentStatus.PAID), (11, "refused")):
        session.add(
            Payment(
                user_id=user.id,
                kind="child_care",
                period_from=date(2026, month, 1),
                period_to=date(2026, month, 28),
                amount=1_234_500,
                status=PaymentStatus(status),
            )
        )
    session.commit()
    lines = szn_certificates.payment_lines(session, user, NOW)
    assert len(lines) == 4 and "01.09.2026–28.09.2026" in lines[1]
    assert lines[-1] == "Итого: 24\u00a0690,00\u00a0₽"
