from . import sale_contract_portal
