"""Background work run from Reflex lifespan tasks: outbound delivery and housekeeping."""
