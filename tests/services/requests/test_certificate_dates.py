"""A certificate request's period is read by the portal's one date parser (ДД.ММ.ГГГГ or ISO):
its messages beside the period fields are those of every other date field."""

from datetime import date

import pytest
from pydantic import ValidationError

from gosapp.services.common.validation import DATE_MESSAGE, DATE_MISSING_MESSAGE
from gosapp.services.medical.certificates import CertificatePayload
from gosapp.services.requests.types import form_errors


def errors_of(**data: str) -> dict[str, str]:
    try:
        CertificatePayload.model_validate({"purpose": "По месту работы", **data})
    except ValidationError as exc:
        return form_errors(exc)
    return {}


@pytest.mark.parametrize("raw", ["05.03.2026", "5.3.2026", "2026-03-05", " 05.03.2026 "])
def test_a_period_date_is_read_like_every_date_field(raw):
    payload = CertificatePayload.model_validate({"purpose": "Для работы", "period_from": raw})
    assert payload.period_from == date(2026, 3, 5)


def test_an_empty_period_date_means_no_date():
    assert (
        CertificatePayload.model_validate({"purpose": "Для работы", "period_to": " "}).period_to
        is None
    )


def test_a_date_that_does_not_exist_gets_the_shared_message_beside_its_field():
    assert errors_of(period_from="31.02.2026") == {"period_from": DATE_MISSING_MESSAGE}


def test_a_date_in_another_format_gets_the_shared_message_beside_its_field():
    assert errors_of(period_to="03/05/2026") == {"period_to": DATE_MESSAGE}
