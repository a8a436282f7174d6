from . import sale_proposal_import
from . import sale_proposal_import_column
from . import sale_proposal_revision_compare
