"""Building result rows from the catalogue: the one way a lab result is written.

Ingestion, a doctor's entry and the demo data all call ``build_result``, so every row carries
the reference range for the patient's sex and age on the day the sample was taken, the flag it
gives, the catalogue's LOINC code and UCUM unit, and the text free-text search looks in.
"""

from __future__ import annotations

from datetime import UTC, datetime

from gosapp.models.accounts import User
from gosapp.models.labs import LabResult, LabStatus
from gosapp.services.common.errors import Invalid
from gosapp.services.common.validation import age_on
from gosapp.services.medical.analytes import analyte, flag_for, search_text


def build_result(
    patient: User,
    analyte_code: str,
    value: float,
    taken_at: datetime,
    *,
    laboratory: str = "",
    status: LabStatus = LabStatus.FINAL,
    comment: str = "",
    equipment: str = "",
    **extra,
) -> LabResult:
    """An unsaved row for ``patient``; Invalid for a value that is not a finite number."""
    item = analyte(analyte_code)
    number = float(value)
    if number != number or number in (float("inf"), float("-inf")):
        raise Invalid("value", "Значение должно быть числом")
    taken = taken_at if taken_at.tzinfo else taken_at.replace(tzinfo=UTC)
    ref = item.range_for(patient.sex, age_on(patient.birth_date, taken.date()))
    low, high = (ref.low, ref.high) if ref else (None, None)
    return LabResult(
        patient_id=patient.id,
        analyte_code=item.code,
        analyte_name=item.name,
        panel_code=item.panel,
        loinc=item.loinc,
        taken_at=taken.astimezone(UTC),
        value=number,
        units=item.ucum,
        ref_low=low,
        ref_high=high,
        flag=flag_for(number, low, high),
        status=status,
        laboratory=laboratory,
        method=item.method,
        equipment=equipment,
        comment=comment,
        search_text=search_text(item, laboratory, comment),
        **extra,
    )
