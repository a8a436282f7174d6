from . import test_platform
from . import test_responsible_admin
from . import test_cockpit
from . import test_sale_admin_request
from . import test_sale_admin_request_escalation
from . import test_sale_admin_request_access
from . import test_sale_admin_request_digest
from . import test_sale_admin_request_tour
