from . import sale_admin_request_escalate
from . import sale_admin_request_decide
from . import sale_complaint_remedy_wizard
