from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Gradient editors"
admin.site.site_title = "Gradient admin"
admin.site.index_title = "Content"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("careers/", include("careers.urls")),
    path("faqs/", include("faqs.urls")),
    path("", include("programs.urls")),
]
