from . import common
from . import test_report_scheduling
from . import test_report_numbers
from . import test_report_recommendations
from . import test_report_delivery
from . import test_report_sections
from . import test_report_concurrency
from . import test_report_products
