from mlflow.models import set_model

from serving.pyfunc import ExerciseRecommenderModel

set_model(ExerciseRecommenderModel())
