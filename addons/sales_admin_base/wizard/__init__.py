from . import sales_admin_order_hold
from . import sales_admin_order_assign
from . import sales_admin_phone_payment
from . import account_payment_register
from . import base_partner_merge
from . import sales_admin_duplicate_finder
