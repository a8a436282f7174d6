from . import test_sale_proposal
