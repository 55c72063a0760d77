"""Pieces the public finders (measures catalogue, partner directory) share."""

from dataclasses import dataclass, field


@dataclass
class FacetChoice:
    """One choice of a filter, with the number of results picking it gives."""

    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    """A filter's choices as the finder shows them beside the results."""

    name: str
    label: str
    choices: list[FacetChoice] = field(default_factory=list)
    # Shown unfolded, and the choices' form fields as HTML where a finder builds them.
    open: bool = False
    checkboxes: str = ""
