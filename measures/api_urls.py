app_name = "measures_api"

urlpatterns = []
