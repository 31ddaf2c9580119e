"""Typed domain errors that handlers turn into messages beside the right field."""


class DomainError(Exception):
    """Base class: ``message`` is Russian and safe to show to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotAllowed(DomainError):
    """The current user may not do this."""

    def __init__(self, message: str = "Недостаточно прав для этого действия"):
        super().__init__(message)


class NotFound(DomainError):
    """The object does not exist (or is not visible to the user)."""

    def __init__(self, message: str = "Не найдено"):
        super().__init__(message)


class Invalid(DomainError):
    """A field has a bad value; ``field`` names the form field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class Throttled(Invalid):
    """Too many codes sent or guessed; ``wait`` is how long until one more is allowed."""

    def __init__(self, field: str, message: str, wait):
        super().__init__(field, message)
        self.wait = wait
