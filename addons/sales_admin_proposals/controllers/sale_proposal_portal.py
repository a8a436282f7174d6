from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


def use_customer_lang(partner):
    """A visitor who opens an e-mailed link without logging in reads the page in the customer's
    language, when that language is installed (else the visitor's own, English by default)."""
    lang = partner.lang
    if request.env.user._is_public() and lang in dict(request.env["res.lang"].get_installed()):
        request.update_context(lang=lang)


class SaleProposalPortal(CustomerPortal):
    def _proposal_get_for_visitor(self, proposal_id, access_token):
        """The proposal (sudo) if the visitor may read it (access rights or token, then
        ``_portal_is_visible_for``), else None."""
        try:
            proposal_sudo = self._document_check_access("sale.proposal", proposal_id, access_token)
        except (AccessError, MissingError):
            return None
        if not proposal_sudo._portal_is_visible_for(request.env.user):
            return None
        return proposal_sudo

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "proposal_count" in counters:
            proposals = request.env["sale.proposal"]
            # the portal record rule keeps the count to the user's customer entity
            values["proposal_count"] = (
                proposals.search_count([]) if proposals.has_access("read") else 0
            )
        return values

    @http.route("/my/proposals", type="http", auth="user", website=True)
    def portal_my_proposals(self, **kw):
        proposals = request.env["sale.proposal"]
        if not proposals.has_access("read"):
            return request.redirect("/my")
        proposals = proposals.search([], order="id desc")
        for proposal in proposals:
            proposal._portal_ensure_token()
        values = self._prepare_portal_layout_values()
        values.update({"proposals": proposals, "page_name": "proposals"})
        return request.render("sales_admin_proposals.sale_proposal_portal_list", values)

    @http.route("/my/proposals/<int:proposal_id>", type="http", auth="public", website=True)
    def portal_proposal_page(
        self, proposal_id, access_token=None, report_type=None, download=False, message=None, **kw
    ):
        proposal_sudo = self._proposal_get_for_visitor(proposal_id, access_token)
        if not proposal_sudo:
            return request.not_found()
        use_customer_lang(proposal_sudo.contact_id or proposal_sudo.partner_id)
        proposal_sudo = proposal_sudo.with_context(lang=request.env.lang)
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=proposal_sudo,
                report_type=report_type,
                report_ref="sales_admin_proposals.action_report_sale_proposal",
                download=download,
            )
        values = {
            "proposal": proposal_sudo,
            "token": access_token,
            "message": message,
            "res_company": proposal_sudo.company_id,
            "page_name": "proposal",
            "report_type": "html",
            "portal_state": proposal_sudo._get_portal_state(),
            "acceptable": proposal_sudo.state == "sent" and not proposal_sudo._is_past_validity(),
            "signer_name": proposal_sudo._signature_default_signer(request.env.user).name or "",
        }
        return request.render("sales_admin_proposals.sale_proposal_portal_page", values)

    @http.route(
        "/my/proposals/<int:proposal_id>/accept", type="jsonrpc", auth="public", website=True
    )
    def portal_proposal_accept(self, proposal_id, access_token=None, name=None, signature=None):
        access_token = access_token or request.httprequest.args.get("access_token")
        proposal_sudo = self._proposal_get_for_visitor(proposal_id, access_token)
        if not proposal_sudo:
            return {"error": request.env._("This proposal is not available.")}
        try:
            proposal_sudo._sign(name, signature, request.httprequest.remote_addr)
            # flush now: the signature must be readable by the PDF rendered next
            request.env.cr.flush()
        except UserError as error:
            return {"error": str(error)}
        order = proposal_sudo.order_id
        if order and order._has_to_be_paid():
            # the quotation asks for a prepayment: confirmation happens once paid
            return {"force_refresh": True, "redirect_url": order.get_portal_url()}
        return {
            "force_refresh": True,
            "redirect_url": proposal_sudo.get_portal_url(query_string="&message=accepted"),
        }

    @http.route(
        "/my/proposals/<int:proposal_id>/decline",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_proposal_decline(self, proposal_id, access_token=None, reason=None, **kw):
        proposal_sudo = self._proposal_get_for_visitor(proposal_id, access_token)
        if not proposal_sudo:
            return request.not_found()
        try:
            proposal_sudo._action_portal_decline(reason)
        except UserError:
            return request.redirect(
                proposal_sudo.get_portal_url(query_string="&message=cannot_decline")
            )
        return request.redirect(proposal_sudo.get_portal_url(query_string="&message=declined"))
