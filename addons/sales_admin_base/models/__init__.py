from . import sale_admin_request_mixin
from . import res_partner
from . import sale_order
from . import sales_admin_cockpit_tile
from . import sale_admin_request_type
from . import sale_admin_escalation_level
from . import sale_admin_request_escalation
from . import sale_admin_request
