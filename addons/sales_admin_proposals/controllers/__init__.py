from . import sale_proposal_portal
