"""National and regional public holidays from the ``holidays`` package, as one-off holiday rules.

The package knows each year's actual dates (moved and observed days included), so an import yields
one ``OnDate`` rule per date for the years asked; re-import to extend the horizon.
"""

from __future__ import annotations

from collections.abc import Iterable

import holidays

from calendars.engine.holiday_dates import OnDate
from calendars.engine.spec import HolidayRule


def supported_countries() -> dict[str, tuple[str, ...]]:
    """ISO 3166-1 alpha-2 country codes mapped to their subdivision codes, for a form's choices."""
    return {
        code: tuple(subdivisions)
        for code, subdivisions in holidays.list_supported_countries(include_aliases=False).items()
    }


def _match(code: str, choices: Iterable[str]) -> str | None:
    wanted = code.strip().casefold()
    return next((choice for choice in choices if choice.casefold() == wanted), None)


def import_country_holidays(
    country: str,
    subdivision: str | None = None,
    *,
    years: int | Iterable[int],
    language: str | None = None,
    prompt: str = "",
) -> list[HolidayRule]:
    """Full-day rules for the public holidays of ``country`` (e.g. ``"DE"``) and optionally one of
    its subdivisions (``"BY"``) in ``years``, sorted by date; several holidays on one date share a
    rule named ``"A; B"``. Raises ``ValueError`` for an unknown country, subdivision or year."""
    countries = holidays.list_supported_countries(include_aliases=True)
    canonical = _match(country, countries) if isinstance(country, str) else None
    if canonical is None:
        raise ValueError(f"Unknown country {country!r}; use an ISO 3166-1 code such as 'US' or 'DE'.")
    region = None
    if subdivision:
        region = _match(subdivision, countries[canonical])
        if region is None:
            choices = ", ".join(countries[canonical]) or "none"
            raise ValueError(f"{canonical} has no subdivision {subdivision!r}; choose one of: {choices}.")
    year_list = [years] if isinstance(years, int) else list(years)
    if not year_list or not all(isinstance(y, int) and 1900 <= y <= 2200 for y in year_list):
        raise ValueError("Give one or more years from 1900 to 2200.")
    found = holidays.country_holidays(canonical, subdiv=region, years=year_list, language=language)
    return [HolidayRule(name=name, when=OnDate(day), prompt=prompt) for day, name in sorted(found.items())]
