"""Our styles compile: a Sass error makes Odoo serve the whole web client without its CSS."""

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestAssetBundles(TransactionCase):
    def test_the_bundles_with_our_styles_compile_without_error(self):
        for name in ("web.assets_backend", "web.assets_frontend"):
            with self.subTest(bundle=name):
                bundle = self.env["ir.qweb"]._get_asset_bundle(name)
                css = bundle.css()
                self.assertEqual(bundle.css_errors, [], name)
                self.assertTrue(css.raw)
        backend = self.env["ir.qweb"]._get_asset_bundle("web.assets_backend").css().raw
        self.assertIn(b"o_sales_admin_cockpit", backend)
