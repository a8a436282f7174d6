from . import test_return_remedy
