"""Level 5: social protection (СЗН): payments, benefits, allowances."""
