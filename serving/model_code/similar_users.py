from mlflow.models import set_model

from serving.pyfunc import SimilarUsersModel

set_model(SimilarUsersModel())
