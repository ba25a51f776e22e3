from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("programs/", views.ProgramListView.as_view(), name="list"),
    path("programs/compare/", views.ProgramCompareView.as_view(), name="compare"),
    path("programs/<slug:slug>/", views.ProgramDetailView.as_view(), name="detail"),
    path("universities/", views.UniversityListView.as_view(), name="university-list"),
    path(
        "universities/<slug:slug>/",
        views.UniversityDetailView.as_view(),
        name="university-detail",
    ),
    path("rankings/", views.RankingListView.as_view(), name="ranking-list"),
    path("rankings/<slug:slug>/", views.RankingDetailView.as_view(), name="ranking-detail"),
]
