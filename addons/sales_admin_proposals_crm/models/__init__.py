from . import sale_proposal
from . import crm_lead
