from . import sale_contract_portal
from . import sale_proposal_portal
