from django.urls import path

from . import views

app_name = "faqs"

urlpatterns = [
    path("", views.FAQListView.as_view(), name="list"),
    # Fixed paths before the slug pattern; question slugs can't take these names.
    path("requirements/", views.RequirementsView.as_view(), name="requirements"),
    path("glossary/", views.GlossaryView.as_view(), name="glossary"),
    path(
        "glossary/export.<export:format>",
        views.GlossaryExportView.as_view(),
        name="glossary-export",
    ),
    path("<slug:slug>/", views.FAQDetailView.as_view(), name="detail"),
]
