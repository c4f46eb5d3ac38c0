"""What can go wrong reading plants, each a failure the caller can act on."""

from __future__ import annotations

from collections.abc import Iterable


class NoData(LookupError):
    """Nothing has been loaded yet."""

    def __init__(self) -> None:
        super().__init__(
            "No eGRID data is loaded yet. Load a generator sheet with "
            "`gridlens ingest <file.csv>` (for example gen23.csv), then try again."
        )


class YearNotLoaded(LookupError):
    """The year asked for is not loaded; the message names the years that are."""

    def __init__(self, year: int, loaded: Iterable[int]) -> None:
        years = ", ".join(str(y) for y in loaded)
        super().__init__(
            f"No data is loaded for {year}. Loaded years: {years}. Ask for one of those, "
            f"or load the {year} generator sheet with `gridlens ingest`."
        )
        self.year = year


class PlantNotFound(LookupError):
    """No plant with that ORISPL code in that year."""

    def __init__(self, plant_id: int, year: int, other_years: Iterable[int]) -> None:
        years = ", ".join(str(y) for y in other_years)
        hint = (
            f"It is in {years}: ask with ?year=."
            if years
            else "Check the plant ID (the ORISPL code): GET /api/v1/plants/top lists plants."
        )
        super().__init__(f"Plant {plant_id} is not in the {year} data. {hint}")
        self.plant_id = plant_id
        self.year = year


class UnknownState(ValueError):
    """Not one of the 52 places eGRID reports; a ValueError so validators report it as such."""

    def __init__(self, value: object, codes: Iterable[str]) -> None:
        super().__init__(
            f"Unknown state {value!r}. Use a two-letter code, any case, or omit it for all "
            f"states: {', '.join(codes)}."
        )


class PlantNotInAnyYear(LookupError):
    """No plant with that ORISPL code in any loaded year."""

    def __init__(self, plant_id: int) -> None:
        super().__init__(
            f"Plant {plant_id} is in no loaded year. Check the plant ID (the ORISPL code): "
            "GET /api/v1/plants?q= finds plants by name."
        )
        self.plant_id = plant_id
