from odoo import models


class MailRenderMixin(models.AbstractModel):
    _inherit = "mail.render.mixin"

    def _render_lang(self, res_ids, engine="inline_template"):
        """A recipient whose language is not installed gets the mail in English, not an error."""
        langs = super()._render_lang(res_ids, engine=engine)
        installed = dict(self.env["res.lang"].get_installed())
        fallback = "en_US" if "en_US" in installed else False
        return {
            res_id: lang if not lang or lang in installed else fallback
            for res_id, lang in langs.items()
        }
