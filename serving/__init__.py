"""The ML service: the registered champions loaded and hot-swapped, answering the API in its own
process or alone behind ML_SERVICE_URL (`pulse serve ml`)."""
