from . import test_proposal_opportunity
