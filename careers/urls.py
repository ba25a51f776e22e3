from django.urls import path

from . import views

app_name = "careers"

urlpatterns = [
    path("", views.CareerListView.as_view(), name="list"),
    # Before the slug pattern, which would otherwise swallow it.
    path("phd-vs-masters/", views.PhdVsMastersView.as_view(), name="phd-vs-masters"),
    path("figures/export.<export:format>", views.FigureExportView.as_view(), name="figures-export"),
    path("<slug:slug>/", views.CareerDetailView.as_view(), name="detail"),
]
