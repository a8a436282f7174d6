from . import sale_proposal_import
from . import sale_proposal_revision_compare
