from odoo import models


class MailRenderMixin(models.AbstractModel):
    _inherit = "mail.render.mixin"

    def _render_lang(self, res_ids, engine="inline_template"):
        """A recipient whose language is not installed (any more) gets the default language: Odoo
        would refuse to render in it and the email would not go out at all."""
        langs = super()._render_lang(res_ids, engine=engine)
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        return {
            res_id: lang if not lang or lang in installed else "" for res_id, lang in langs.items()
        }
