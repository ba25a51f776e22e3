from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("programs/", views.ProgramListView.as_view(), name="list"),
    path("programs/compare/", views.ProgramCompareView.as_view(), name="compare"),
    path("programs/export.<export:format>", views.ProgramExportView.as_view(), name="export"),
    path("programs/<slug:slug>/", views.ProgramDetailView.as_view(), name="detail"),
    path("shortlist/", views.ShortlistView.as_view(), name="shortlist"),
    path("shortlist/shared/", views.ShortlistView.as_view(shared=True), name="shortlist-shared"),
    path("shortlist/change/", views.ShortlistChangeView.as_view(), name="shortlist-change"),
    path(
        "shortlist/export.<export:format>",
        views.ShortlistExportView.as_view(),
        name="shortlist-export",
    ),
    path("universities/", views.UniversityListView.as_view(), name="university-list"),
    path(
        "universities/<slug:slug>/",
        views.UniversityDetailView.as_view(),
        name="university-detail",
    ),
    path("rankings/", views.RankingListView.as_view(), name="ranking-list"),
    path("rankings/<slug:slug>/", views.RankingDetailView.as_view(), name="ranking-detail"),
    path(
        "rankings/<slug:slug>/export.<export:format>",
        views.RankingExportView.as_view(),
        name="ranking-export",
    ),
]
