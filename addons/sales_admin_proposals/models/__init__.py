from . import sale_contract_placeholder
from . import sale_contract_clause
from . import sale_contract_template
from . import sale_contract
from . import sale_order
from . import res_partner
