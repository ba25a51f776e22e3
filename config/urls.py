"""The site's address book: site-wide pages here, each app's pages under its prefix."""

from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from core.admin import stale_content_view
from core.views import CorrectionView

from . import views
from .feeds import ChangesFeed
from .sitemaps import SITEMAPS

admin.site.site_header = "Gradient editors"
admin.site.site_title = "Gradient admin"
admin.site.index_title = "Content"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("about/", views.AboutDataView.as_view(), name="about-data"),
    path("data/", views.DataView.as_view(), name="data"),
    path("changes.atom", ChangesFeed(), name="changes-feed"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path(".well-known/security.txt", views.security_txt, name="security-txt"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("corrections/", CorrectionView.as_view(), name="correction"),
    path("admin/stale/", admin.site.admin_view(stale_content_view), name="admin-stale-content"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("careers/", include("careers.urls")),
    path("faqs/", include("faqs.urls")),
    path("", include("programs.urls")),
]
