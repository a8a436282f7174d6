from . import test_sale_proposal
from . import test_sale_proposal_answer
from . import test_sale_proposal_import
from . import test_sale_proposal_portal
from . import test_sale_proposal_tour
