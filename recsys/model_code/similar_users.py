from mlflow.models import set_model

from recsys.pyfunc import SimilarUsersModel

set_model(SimilarUsersModel())
