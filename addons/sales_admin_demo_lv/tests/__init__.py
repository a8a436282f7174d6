from . import test_latvian_company
from . import test_latvian_tour
