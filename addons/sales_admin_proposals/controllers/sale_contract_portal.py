from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import content_disposition, request

from odoo.addons.portal.controllers.portal import CustomerPortal

from .sale_proposal_portal import use_customer_lang


class SaleContractPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "sale_contract_count" in counters:
            Contract = request.env["sale.contract"]
            values["sale_contract_count"] = (
                Contract.search_count([]) if Contract.has_access("read") else 0
            )
        return values

    def _sale_contract_check_access(self, contract_id, access_token):
        """The contract, sudoed, if the visitor may see it (access rights or token, then
        ``_portal_is_visible_for``)."""
        contract_sudo = self._document_check_access("sale.contract", contract_id, access_token)
        if not contract_sudo._portal_is_visible_for(request.env.user):
            raise AccessError(request.env._("You cannot access this contract."))
        return contract_sudo

    @http.route("/my/contracts", type="http", auth="user", website=True)
    def portal_my_sale_contracts(self, **kwargs):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "contracts": request.env["sale.contract"].search([]),
                "page_name": "sale_contract",
            }
        )
        return request.render("sales_admin_proposals.portal_my_sale_contracts", values)

    @http.route("/my/contracts/<int:contract_id>", type="http", auth="public", website=True)
    def portal_sale_contract_page(
        self, contract_id, access_token=None, report_type=None, download=False, message=None, **kw
    ):
        try:
            contract_sudo = self._sale_contract_check_access(contract_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        use_customer_lang(contract_sudo.partner_id)
        contract_sudo = contract_sudo.with_context(lang=request.env.lang)
        if report_type == "pdf" and contract_sudo.date_countersigned:
            return self._sale_contract_signed_document(contract_sudo, download)
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=contract_sudo,
                report_type=report_type,
                report_ref="sales_admin_proposals.action_report_sale_contract",
                download=download,
            )
        values = {
            "contract": contract_sudo,
            "message": message,
            "page_name": "sale_contract",
            "report_type": "html",
            "signer_name": contract_sudo._signature_default_signer(request.env.user).name or "",
        }
        return request.render("sales_admin_proposals.portal_sale_contract_page", values)

    def _sale_contract_signed_document(self, contract_sudo, download):
        """The signed PDF exactly as kept (and hashed) at countersignature, never a new one."""
        try:
            attachment, raw = contract_sudo._get_signed_document_for_customer()
        except UserError:
            return request.redirect(
                contract_sudo.get_portal_url(query_string="&message=document_unavailable")
            )
        disposition = "attachment" if download else "inline"
        headers = [
            ("Content-Type", "application/pdf"),
            ("Content-Length", len(raw)),
            ("Content-Disposition", content_disposition(attachment.name, disposition)),
        ]
        return request.make_response(raw, headers=headers)

    @http.route("/my/contracts/<int:contract_id>/sign", type="jsonrpc", auth="public", website=True)
    def portal_sale_contract_sign(self, contract_id, access_token=None, name=None, signature=None):
        access_token = access_token or request.httprequest.args.get("access_token")
        try:
            contract_sudo = self._sale_contract_check_access(contract_id, access_token)
        except (AccessError, MissingError):
            return {"error": request.env._("Invalid contract or link.")}
        try:
            contract_sudo._sign(name, signature, ip_address=request.httprequest.remote_addr)
        except UserError as error:
            return {"error": str(error)}
        return {
            "force_refresh": True,
            "redirect_url": contract_sudo.get_portal_url(query_string="&message=sign_ok"),
        }
