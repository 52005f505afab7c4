"""``corridors extract`` and ``corridors map`` (filled in by the extraction and maps stages)."""


def add_parsers(sub) -> None:
    return None
