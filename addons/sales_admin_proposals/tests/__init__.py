from . import test_sale_contract_access
from . import test_sale_contract_approval
from . import test_sale_contract_clause
from . import test_sale_contract_placeholder
from . import test_sale_contract_portal
from . import test_sale_contract_reminders
from . import test_sale_contract_signature
