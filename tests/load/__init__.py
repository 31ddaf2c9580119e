"""Load and fault tests over Reflex's websocket: ``python -m tests.load`` (``make load``) and
``python -m tests.load.faults``.

Not part of the pass/fail suite: they print figures (events/s, latency percentiles, errors,
reconnects, server memory per session) and check afterwards that no accepted certificate order
was lost or duplicated. Only ``test_*`` modules here (the pure parts) run under pytest.
"""
