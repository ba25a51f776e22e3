"""Response headers Django's SecurityMiddleware does not set."""

from django.conf import settings


def permissions_policy_header(policy):
    """{"camera": [], "fullscreen": ["self"]} → 'camera=(), fullscreen=(self)'."""
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in policy.items())


class SecurityHeadersMiddleware:
    """Permissions-Policy (PERMISSIONS_POLICY) and Cross-Origin-Resource-Policy
    (CROSS_ORIGIN_RESOURCE_POLICY) on every response, static files included."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {}
        if policy := getattr(settings, "PERMISSIONS_POLICY", None):
            self.headers["Permissions-Policy"] = permissions_policy_header(policy)
        if corp := getattr(settings, "CROSS_ORIGIN_RESOURCE_POLICY", ""):
            self.headers["Cross-Origin-Resource-Policy"] = corp

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in self.headers.items():
            response.headers.setdefault(name, value)
        return response
