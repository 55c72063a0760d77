app_name = "partners_api"

urlpatterns = []
