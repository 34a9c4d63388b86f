from mlflow.models import set_model

from recsys.pyfunc import ExerciseRecommenderModel

set_model(ExerciseRecommenderModel())
