from django.urls import path

from sportello.survey import views

app_name = "survey"

urlpatterns = [
    path("questionario/<str:token>/", views.survey_form, name="form"),
]
