"""Level 5: doctors' schedules, slots and booking."""
