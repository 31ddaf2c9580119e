"""Level 1: clinics, specialties and doctors."""
