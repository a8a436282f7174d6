from . import res_partner
from . import sale_order
from . import sales_admin_cockpit_tile
