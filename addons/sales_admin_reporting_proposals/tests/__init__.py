from . import test_report_proposals
