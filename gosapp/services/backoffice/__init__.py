"""Level 6: staff queues, request processing, users and the audit log."""
