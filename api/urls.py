from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("", views.Index.as_view(), name="index"),
    path("schema/", views.Schema.as_view(), name="schema"),
    path("programs/", views.ProgramList.as_view(), name="programs"),
    path("programs/<slug:slug>/", views.ProgramDetail.as_view(), name="program-detail"),
    path("universities/", views.UniversityList.as_view(), name="universities"),
    path("universities/<slug:slug>/", views.UniversityDetail.as_view(), name="university-detail"),
    path("rankings/", views.RankingList.as_view(), name="rankings"),
    path("rankings/<slug:slug>/", views.RankingDetail.as_view(), name="ranking-detail"),
    path("careers/", views.CareerList.as_view(), name="careers"),
    path("careers/<slug:slug>/", views.CareerDetail.as_view(), name="career-detail"),
    path("faqs/", views.FAQList.as_view(), name="faqs"),
    path("faqs/<slug:slug>/", views.FAQDetail.as_view(), name="faq-detail"),
]
