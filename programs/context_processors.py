from .shortlist import Shortlist


def shortlist(request):
    """The visitor's shortlist, for the tray every page shows (empty without a session)."""
    return {"shortlist": Shortlist(getattr(request, "session", {}))}
