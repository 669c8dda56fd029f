"""Problems found in catalogue input: each names its place, its field and a German message."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an entry or a file.

    `where` is the file and entry (or row) it was found in, `field` the
    field's name as in the YAML format and the editor form ("" for the file as
    a whole), `item` the position in a list field (1-based: the third opening
    range), `code` a stable key for callers that word a problem their own way
    ("missing", "same_times", "bad_date", "end_before_start", "min_over_max").
    """

    where: str
    field: str
    message: str
    item: int | None = None
    code: str = ""

    def __str__(self) -> str:
        text = f"Eintrag {self.item}: {self.message}" if self.item else self.message
        if not self.field:
            return f"{self.where}: {text}" if self.where else text
        return f"{self.where}, Feld „{self.field}“: {text}" if self.where else f"Feld „{self.field}“: {text}"


class CatalogueFormatError(ValueError):
    """The input contains errors; nothing was written. `problems` lists them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def file_problem(name: str, message: str) -> CatalogueFormatError:
    """Return the error for a file that cannot be read as a whole."""
    return CatalogueFormatError([Problem(name, "", message)])


class Checker:
    """Collects the problems of one entry."""

    def __init__(self, problems: list[Problem], where: str):
        self.problems = problems
        self.where = where

    def add(self, field_name: str, message: str, *, item: int | None = None, code: str = "") -> None:
        """Record a problem with a field."""
        self.problems.append(Problem(self.where, field_name, message, item, code))
