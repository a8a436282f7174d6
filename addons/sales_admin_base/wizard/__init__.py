from . import sale_complaint_remedy_wizard
