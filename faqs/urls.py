app_name = "faqs"

urlpatterns = []
