"""One exception tree for the package; each class also subclasses the builtin it refines."""


class GeoError(Exception):
    """Base class of every error raised on purpose by Corridor Atlas."""


class PlaceNotFoundError(GeoError, LookupError):
    """A place name is not in the gazetteer.

    Parameters
    ----------
    query : str
        The name that was looked up.
    suggestions : list of str
        Close names that do exist, best first.
    """

    def __init__(self, query, suggestions=()):
        self.query = query
        self.suggestions = list(suggestions)
        msg = f"No place named {query!r} in the offline gazetteer."
        if self.suggestions:
            msg += " Did you mean: " + ", ".join(self.suggestions) + "?"
        msg += " You can add it with a CSV of your own (extra_places= or --places FILE)."
        super().__init__(msg)


class ProviderError(GeoError, RuntimeError):
    """An online geocoding provider failed (timeout, bad answer, unreachable)."""


class DataError(GeoError, ValueError):
    """A data file (ours or a user's) is malformed."""


class RoutingError(GeoError, RuntimeError):
    """A route could not be drawn for its mode."""


class BrowserNotFoundError(GeoError, FileNotFoundError):
    """No headless Chromium was found for screenshots."""
