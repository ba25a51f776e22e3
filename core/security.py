"""Response headers Django's SecurityMiddleware does not set, and CSRF protection for the
forms on public pages."""

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CSPMiddleware as LibraryCSPMiddleware
from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from modern_csrf.decorators import csrf_protect as fetch_metadata_csrf_protect


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


class CSPMiddleware(LibraryCSPMiddleware):
    """django-csp's middleware, building each policy header once instead of per response.

    Our policy has no nonces (see CONTENT_SECURITY_POLICY) and no view changes it, so the
    headers are the same on every response; building them anew was a fifth of the time
    of serving a cached page. What the library decides per request (the debug pages'
    exemption, excluded path prefixes) is part of the memo's key, and a response a
    csp_* decorator marked, or a request that used a nonce, goes the library's way."""

    def __init__(self, get_response):
        super().__init__(get_response)
        self.built = {}

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            name.startswith("_csp_") for name in vars(response)
        ):
            return super().process_response(request, response)
        key = (response.status_code, self.excluded(request, "CONTENT_SECURITY_POLICY"))
        key += (self.excluded(request, "CONTENT_SECURITY_POLICY_REPORT_ONLY"),)
        if key not in self.built:
            blank = super().process_response(request, HttpResponse(status=response.status_code))
            self.built[key] = [
                (name, blank[name]) for name in (HEADER, HEADER_REPORT_ONLY) if name in blank
            ]
        for name, value in self.built[key]:
            response.headers.setdefault(name, value)
        return response

    @staticmethod
    def excluded(request, setting):
        prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
        return request.path_info.startswith(tuple(prefixes))


def same_origin_posts_only(view):
    """CSRF protection for a form on the public pages, without a token in the page.

    A public page is the same for every visitor without a session, so the page cache
    keeps one copy of it (compressed once); a per-visitor CSRF token in it would make
    every copy different. The browser says where a request comes from instead:
    django-modern-csrf refuses a POST whose Sec-Fetch-Site is cross-site or same-site
    unless its Origin is ours or in CSRF_TRUSTED_ORIGINS, and, without that header, one
    whose Origin is someone else's (Go's net/http CrossOriginProtection does the same).
    The admin, where editors are signed in, keeps Django's token check."""
    return csrf_exempt(fetch_metadata_csrf_protect(view))
