"""Russian bank details: the BIK and a settlement account checked with the Bank of Russia's
control key (Положение ЦБ РФ № 579-П, приложение: «порядок расчёта контрольного ключа»).

The key covers 23 digits — the BIK's last three and the 20-digit account — weighted
7, 1, 3, 7, 1, 3, …; the sum of the last digits of the products ends in 0 for a valid account.
A correspondent account (301…) is checked against «0» and the BIK's 5th–6th digits instead.
python-stdnum has no BIK or account module, hence this one.
"""

from __future__ import annotations

import re

from gosapp.services.common.errors import Invalid

WEIGHTS = ((7, 1, 3) * 8)[:23]
BIK_PATTERN = re.compile(r"^04\d{7}$")
ACCOUNT_PATTERN = re.compile(r"^\d{20}$")


def digits(value: object) -> str:
    """The value without spaces, dashes and dots (people copy details with them)."""
    return re.sub(r"[\s.\-]", "", str(value or ""))


def control_sum(prefix: str, account: str) -> int:
    """Σ (digit × weight mod 10) over ``prefix + account`` (23 digits), mod 10."""
    text = prefix + account
    return sum(int(d) * w % 10 for d, w in zip(text, WEIGHTS, strict=True)) % 10


def account_prefix(bik: str, account: str) -> str:
    """The three digits the key is computed with: the BIK's last three for a client account,
    «0» + the BIK's 5th–6th digits for a bank's correspondent account (30101…)."""
    return "0" + bik[4:6] if account.startswith("30101") else bik[-3:]


def check_bik(value: object) -> str:
    """The BIK as 9 digits starting with 04, or Invalid with a Russian message."""
    bik = digits(value)
    if not bik:
        raise Invalid("bik", "Укажите БИК банка")
    if not BIK_PATTERN.match(bik):
        raise Invalid("bik", "БИК — 9 цифр, начинается с 04")
    return bik


def check_account(bik: str, value: object) -> str:
    """The 20-digit account valid for ``bik``, or Invalid with a Russian message."""
    account = digits(value)
    if not account:
        raise Invalid("account", "Укажите номер счёта")
    if not ACCOUNT_PATTERN.match(account):
        raise Invalid("account", "Номер счёта — 20 цифр")
    if control_sum(account_prefix(bik, account), account) != 0:
        raise Invalid("account", "Номер счёта не сходится с БИК: проверьте цифры счёта и БИК банка")
    return account


def with_check_digit(bik: str, account: str) -> str:
    """``account`` with its 9th digit (the control key) set so it is valid for ``bik``."""
    for key in "0123456789":
        candidate = account[:8] + key + account[9:]
        if control_sum(account_prefix(bik, candidate), candidate) == 0:
            return candidate
    raise AssertionError("unreachable: weight 3 at the key position covers every residue")
