from django.utils.translation import gettext as _


class ImportProblem(Exception):
    """The page cannot be imported; the message says what is wrong and, where there is
    one, on which line. Nothing has been written when this is raised."""

    def __init__(self, message: str, *, line: int | None = None):
        self.line = line
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        if self.line:
            return _("Line %(line)d: %(message)s") % {"line": self.line, "message": self.message}
        return self.message
