from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestReceivableAccounts(TransactionCase):
    """The receivable accounts the receivables and days to pay are read from: remembered between
    reports, and forgotten as soon as an account becomes receivable or stops being one."""

    def test_an_account_made_receivable_or_not_is_seen_at_once(self):
        Account = self.env["account.account"]
        known = Account._sales_admin_receivable_ids()
        self.assertTrue(known)
        self.assertEqual(
            set(known), set(Account.search([("account_type", "=", "asset_receivable")]).ids)
        )
        # remembered: no query the second time
        with self.assertQueryCount(0):
            Account._sales_admin_receivable_ids()
        new = Account.create(
            {"name": "Receivable, export", "code": "121099", "account_type": "asset_receivable"}
        )
        self.assertIn(new.id, Account._sales_admin_receivable_ids())
        new.account_type = "asset_current"
        self.assertNotIn(new.id, Account._sales_admin_receivable_ids())
        other = Account.create(
            {"name": "Prepayments", "code": "121098", "account_type": "asset_prepayments"}
        )
        self.assertNotIn(other.id, Account._sales_admin_receivable_ids())
        other.write({"account_type": "asset_receivable"})
        self.assertIn(other.id, Account._sales_admin_receivable_ids())
