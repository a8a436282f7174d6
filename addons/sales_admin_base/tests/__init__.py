from . import test_platform
from . import test_responsible_admin
from . import test_order_desk
from . import test_phone_payment
from . import test_customer_records
from . import test_desk_crons
from . import test_desk_tour
